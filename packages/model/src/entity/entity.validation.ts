import type { ValidateFunction } from 'ajv';
import { storedProperties } from '../derived/derived-properties.ts';
import { ajvErrorsToDetails, createAjv } from '../ajv.ts';
import { type ErrorDetail, assertNoIssues, toPointer } from '../errors.ts';
import { blueprintToJsonSchema } from '../blueprint/blueprint.validation.ts';
import { type Blueprint, type BlueprintRelation, relationTargets } from '../blueprint/blueprint.types.ts';
import { entityInputSchema } from './entity.schema.ts';
import type { EntityInput, RelationEdge, RelationValue, ValidatedEntity } from './entity.types.ts';

const ajv = createAjv();
const validateInputShape = ajv.compile(entityInputSchema);

/**
 * Compiles and caches one validator per blueprint version, so a bulk import of 100k entities
 * compiles each schema once.
 */
export class EntityValidator {
  private readonly cache = new Map<string, ValidateFunction>();

  /**
   * Validates an entity payload against its blueprint and derives its relation edges.
   * @throws PorticoError VALIDATION_FAILED with a detail per problem (`/properties/tier`, …).
   */
  validate(blueprint: Blueprint, input: unknown): ValidatedEntity {
    if (!validateInputShape(input)) {
      assertNoIssues(ajvErrorsToDetails(validateInputShape.errors), 'Invalid entity');
    }
    const doc = structuredClone(input) as EntityInput;
    // Derived values (mirror, calculation, aggregation) are computed, not written: an entity read
    // and sent back unchanged must still pass.
    const properties = storedProperties(doc.properties ?? {}, blueprint);
    const issues: ErrorDetail[] = [];
    const validateProperties = this.compiled(blueprint);
    if (!validateProperties(properties)) issues.push(...ajvErrorsToDetails(validateProperties.errors, '/properties'));

    const { relations, edges } = resolveRelations(blueprint, doc.relations ?? {}, issues);
    assertNoIssues(issues, `Invalid ${blueprint.identifier} entity "${doc.identifier}"`);
    const team = doc.team === undefined ? [] : Array.isArray(doc.team) ? [...new Set(doc.team)] : [doc.team];
    return {
      identifier: doc.identifier,
      // A blank title is no title: the identifier stands in, as it does when the title is absent.
      title: doc.title?.trim() ? doc.title : doc.identifier,
      icon: doc.icon ?? null,
      team,
      properties,
      relations,
      edges,
    };
  }

  private compiled(blueprint: Blueprint): ValidateFunction {
    const key = `${blueprint.identifier}@${blueprint.version}`;
    let validate = this.cache.get(key);
    if (!validate) {
      validate = ajv.compile(blueprintToJsonSchema(blueprint.schema));
      this.cache.set(key, validate);
    }
    return validate;
  }
}

function resolveRelations(
  blueprint: Blueprint,
  given: Record<string, RelationValue>,
  issues: ErrorDetail[],
): { relations: Record<string, RelationValue>; edges: RelationEdge[] } {
  const relations: Record<string, RelationValue> = {};
  const edges: RelationEdge[] = [];
  for (const [name, value] of Object.entries(given)) {
    const definition = blueprint.relations[name];
    if (!definition) {
      issues.push({ path: toPointer('relations', name), message: `is not a relation of blueprint "${blueprint.identifier}"` });
      continue;
    }
    if (value === null || (Array.isArray(value) && value.length === 0)) {
      relations[name] = definition.many ? [] : null;
      continue;
    }
    if (Array.isArray(value) && !definition.many) {
      issues.push({ path: toPointer('relations', name), message: 'takes one target, not a list (the relation is not "many")' });
      continue;
    }
    const values = Array.isArray(value) ? value : [value];
    const normalized: string[] = [];
    values.forEach((raw, index) => {
      const path = Array.isArray(value) ? toPointer('relations', name, index) : toPointer('relations', name);
      const edge = parseRelationTarget(definition, raw);
      if (typeof edge === 'string') {
        issues.push({ path, message: edge });
        return;
      }
      if (edges.some((e) => e.relation === name && e.targetBlueprint === edge.targetBlueprint && e.targetIdentifier.toLowerCase() === edge.targetIdentifier.toLowerCase())) return;
      edges.push({ relation: name, ...edge });
      normalized.push(formatRelationTarget(definition, edge.targetBlueprint, edge.targetIdentifier));
    });
    relations[name] = definition.many ? normalized : (normalized[0] ?? null);
  }
  for (const [name, definition] of Object.entries(blueprint.relations)) {
    const value = relations[name];
    if (definition.required && (value === undefined || value === null || (Array.isArray(value) && value.length === 0))) {
      issues.push({ path: toPointer('relations', name), message: 'is required' });
    }
  }
  return { relations, edges };
}

/**
 * Reads one relation value. A relation with a single target blueprint takes plain identifiers;
 * one with several (or any) targets takes `blueprint:identifier`.
 * @returns the edge, or a message saying what is wrong.
 */
export function parseRelationTarget(definition: BlueprintRelation, raw: string): Omit<RelationEdge, 'relation'> | string {
  const targets = relationTargets(definition);
  if (targets && targets.length === 1 && targets[0] !== undefined) {
    return { targetBlueprint: targets[0], targetIdentifier: raw };
  }
  const colon = raw.indexOf(':');
  const allowed = targets ? targets.join(', ') : 'any blueprint';
  if (colon <= 0) return `must be "blueprint:identifier" because the relation may point at ${allowed}`;
  const targetBlueprint = raw.slice(0, colon);
  const targetIdentifier = raw.slice(colon + 1);
  if (targets && !targets.includes(targetBlueprint)) return `points at blueprint "${targetBlueprint}", but the relation allows ${allowed}`;
  if (targetIdentifier.length === 0) return 'names no identifier after the blueprint';
  return { targetBlueprint, targetIdentifier };
}

/** Writes a relation target the way clients send it back (see {@link parseRelationTarget}). */
export function formatRelationTarget(definition: BlueprintRelation, targetBlueprint: string, targetIdentifier: string): string {
  const targets = relationTargets(definition);
  return targets && targets.length === 1 ? targetIdentifier : `${targetBlueprint}:${targetIdentifier}`;
}
