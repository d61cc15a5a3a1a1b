import type { Blueprint, PropertySchema } from '../../api/types.ts';

/** A property as the form edits it. */
export interface PropertyRow {
  name: string;
  title: string;
  type: 'string' | 'number' | 'boolean' | 'object' | 'array';
  format: string;
  enumText: string;
  required: boolean;
  /** Keys of the schema the form does not edit (pattern, minimum…), kept as they were. */
  rest: Record<string, unknown>;
}

export interface RelationRow {
  name: string;
  title: string;
  targets: string[];
  many: boolean;
  required: boolean;
}

export interface BlueprintForm {
  identifier: string;
  title: string;
  description: string;
  icon: string;
  properties: PropertyRow[];
  relations: RelationRow[];
  /** Mirror, calculation and aggregation properties as Port's JSON ({ mirrorProperties, … }); empty: none. */
  derivedText: string;
}

export const FORMATS = ['', 'url', 'email', 'date-time', 'markdown', 'yaml', 'user', 'team', 'timer'];

export function formFromBlueprint(blueprint: Blueprint | undefined): BlueprintForm {
  if (!blueprint) return { identifier: '', title: '', description: '', icon: '', properties: [], relations: [], derivedText: '' };
  const required = new Set(blueprint.schema.required ?? []);
  return {
    identifier: blueprint.identifier,
    title: blueprint.title,
    description: blueprint.description ?? '',
    icon: blueprint.icon ?? '',
    properties: Object.entries(blueprint.schema.properties).map(([name, schema]) => {
      const { type, title, format, enum: values, ...rest } = schema;
      return { name, title: title ?? '', type: type ?? 'string', format: format ?? '', enumText: (values ?? []).join(', '), required: required.has(name), rest };
    }),
    relations: Object.entries(blueprint.relations).map(([name, r]) => ({ name, title: r.title ?? '', targets: [r.target].flat(), many: r.many, required: r.required ?? false })),
    derivedText: derivedText(blueprint),
  };
}

const DERIVED_KEYS = ['mirrorProperties', 'calculationProperties', 'aggregationProperties'] as const;

function derivedText(blueprint: Blueprint): string {
  const present = Object.fromEntries(DERIVED_KEYS.map((k) => [k, blueprint[k] ?? {}]).filter(([, v]) => Object.keys(v as object).length > 0));
  return Object.keys(present).length > 0 ? JSON.stringify(present, null, 2) : '';
}

/**
 * The derived-property maps typed in the form.
 * @throws Error when the text is not a JSON object of those maps.
 */
export function parseDerived(text: string): Record<string, unknown> {
  if (!text.trim()) return Object.fromEntries(DERIVED_KEYS.map((k) => [k, {}]));
  const parsed = JSON.parse(text) as unknown;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('Derived properties must be a JSON object');
  const unknownKeys = Object.keys(parsed).filter((k) => !(DERIVED_KEYS as readonly string[]).includes(k));
  if (unknownKeys.length > 0) throw new Error(`Unknown key "${unknownKeys[0]}": use ${DERIVED_KEYS.join(', ')}`);
  return Object.fromEntries(DERIVED_KEYS.map((k) => [k, (parsed as Record<string, unknown>)[k] ?? {}]));
}

/** The blueprint document the API takes, from the form. */
export function blueprintFromForm(form: BlueprintForm): Record<string, unknown> {
  const properties: Record<string, PropertySchema> = {};
  for (const p of form.properties) {
    if (!p.name.trim()) continue;
    const values = p.enumText.split(',').map((v) => v.trim()).filter(Boolean);
    properties[p.name.trim()] = {
      ...p.rest,
      type: p.type,
      ...(p.title ? { title: p.title } : {}),
      ...(p.format && p.type === 'string' ? { format: p.format } : {}),
      ...(values.length ? { enum: p.type === 'number' ? values.map(Number) : values } : {}),
      ...(p.type === 'array' && !p.rest.items ? { items: { type: 'string' } } : {}),
    };
  }
  const relations: Record<string, unknown> = {};
  for (const r of form.relations) {
    if (!r.name.trim()) continue;
    relations[r.name.trim()] = { ...(r.title ? { title: r.title } : {}), target: r.targets.length === 1 ? r.targets[0] : r.targets, many: r.many, required: r.required };
  }
  return {
    identifier: form.identifier.trim(),
    title: form.title.trim(),
    ...(form.description ? { description: form.description } : {}),
    ...(form.icon ? { icon: form.icon } : {}),
    schema: { properties, required: form.properties.filter((p) => p.required && p.name.trim()).map((p) => p.name.trim()) },
    relations,
    ...parseDerived(form.derivedText),
  };
}
