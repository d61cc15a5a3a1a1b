import { createAjv, ajvErrorsToDetails } from '../ajv.ts';
import { type ErrorDetail, assertNoIssues, toPointer } from '../errors.ts';
import { blueprintInputSchema } from './blueprint.schema.ts';
import { normalizeDerived } from '../derived/derived.validation.ts';
import type { DerivedProperties } from '../derived/derived.types.ts';
import type { BlueprintInput, BlueprintProperty, BlueprintRelation, BlueprintSchema } from './blueprint.types.ts';

const ajv = createAjv();
const validateInputShape = ajv.compile(blueprintInputSchema);

/** A blueprint as stored, minus the bookkeeping columns. */
export interface NormalizedBlueprint extends Partial<DerivedProperties> {
  identifier: string;
  title: string;
  description: string | null;
  icon: string | null;
  schema: BlueprintSchema;
  relations: Record<string, BlueprintRelation>;
}

/**
 * Checks a blueprint document on its own (shape, regexes, defaults, required names) and fills in
 * defaults. Checks that need the database (relation targets exist, data fits) are the server's.
 * @throws PorticoError VALIDATION_FAILED naming every problem by JSON pointer.
 */
export function normalizeBlueprintInput(input: unknown): NormalizedBlueprint {
  if (!validateInputShape(input)) {
    assertNoIssues(ajvErrorsToDetails(validateInputShape.errors), 'Invalid blueprint');
  }
  const doc = input as BlueprintInput;
  const properties = (doc.schema?.properties ?? {}) as Record<string, BlueprintProperty>;
  const required = doc.schema?.required ?? [];
  const issues: ErrorDetail[] = [];

  required.forEach((name, index) => {
    if (!(name in properties)) issues.push({ path: toPointer('schema', 'required', index), message: `names "${name}", which is not a property` });
  });
  for (const [name, property] of Object.entries(properties)) {
    issues.push(...checkProperty(name, property));
  }
  const relations: Record<string, BlueprintRelation> = {};
  for (const [name, relation] of Object.entries(doc.relations ?? {})) {
    if (name in properties) issues.push({ path: toPointer('relations', name), message: 'has the same name as a property' });
    relations[name] = {
      ...(relation.title !== undefined ? { title: relation.title } : {}),
      ...(relation.description !== undefined ? { description: relation.description } : {}),
      target: relation.target,
      many: relation.many ?? false,
      required: relation.required ?? false,
    };
  }
  const derived = normalizeDerived(doc, { properties: Object.keys(properties), relations: Object.keys(relations) });
  issues.push(...derived.issues);
  assertNoIssues(issues, 'Invalid blueprint');
  return {
    ...derived.derived,
    identifier: doc.identifier,
    title: doc.title ?? doc.identifier,
    description: doc.description ?? null,
    icon: doc.icon ?? null,
    schema: {
      properties,
      required,
      ...(doc.schema?.additionalProperties !== undefined ? { additionalProperties: doc.schema.additionalProperties } : {}),
    },
    relations,
  };
}

function checkProperty(name: string, property: BlueprintProperty): ErrorDetail[] {
  const issues: ErrorDetail[] = [];
  const at = (...rest: string[]) => toPointer('schema', 'properties', name, ...rest);
  if (property.pattern !== undefined) {
    try {
      new RegExp(property.pattern, 'u');
    } catch (error) {
      issues.push({ path: at('pattern'), message: `is not a valid regular expression (${(error as Error).message})` });
    }
  }
  if (property.format !== undefined && property.type !== 'string' && !(property.type === 'array' && property.format === undefined)) {
    issues.push({ path: at('format'), message: `applies to string properties, not ${property.type}` });
  }
  if (property.enum) {
    property.enum.forEach((value, index) => {
      if (!matchesType(value, property.type)) issues.push({ path: at('enum', String(index)), message: `must be a ${property.type}` });
    });
  }
  if (issues.length === 0 && property.default !== undefined) {
    const validateDefault = ajv.compile(propertyToJsonSchema(property));
    if (!validateDefault(property.default)) {
      issues.push({ path: at('default'), message: `does not fit the property: ${validateDefault.errors?.[0]?.message ?? 'invalid'}` });
    }
  }
  return issues;
}

function matchesType(value: unknown, type: BlueprintProperty['type']): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
  }
}

/** The JSON Schema that validates one property's value. Portico-only keys are left out. */
export function propertyToJsonSchema(property: BlueprintProperty): Record<string, unknown> {
  const { enumColors: _colors, icon: _icon, title: _title, description: _description, ...schema } = property;
  return schema;
}

/** The JSON Schema that validates an entity's `properties` object. */
export function blueprintToJsonSchema(schema: BlueprintSchema): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(schema.properties)) properties[name] = propertyToJsonSchema(property);
  return {
    type: 'object',
    properties,
    required: schema.required,
    additionalProperties: schema.additionalProperties ?? false,
  };
}
