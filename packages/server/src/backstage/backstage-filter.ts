import {
  BACKSTAGE_RELATION_TYPES, type Blueprint, PorticoError, backstageKindOfBlueprint, blueprintForKind, identifierFromRef, parseEntityRef,
} from '@portico/model';
import type { SqlParams } from '../catalog/index.ts';

/** One `filter=` parameter: key=value pairs that must all hold (values of one key are alternatives). */
export type FilterSet = Map<string, (string | null)[]>;

/**
 * Parses Backstage `filter` query parameters: `kind=component,spec.type=service`. Several
 * parameters are alternatives (OR); within one, different keys must all match (AND).
 */
export function parseFilters(raw: string | string[] | undefined): FilterSet[] {
  const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  return list.map((filter, index) => {
    const set: FilterSet = new Map();
    for (const part of filter.split(',')) {
      if (part.trim() === '') continue;
      const eq = part.indexOf('=');
      const key = (eq === -1 ? part : part.slice(0, eq)).trim().toLowerCase();
      const value = eq === -1 ? null : part.slice(eq + 1).trim();
      if (!key) throw new PorticoError('BAD_REQUEST', `Invalid filter "${filter}"`, [{ path: `/filter/${index}`, message: 'has an empty key' }]);
      set.set(key, [...(set.get(key) ?? []), value]);
    }
    return set;
  });
}

const lowerText = (params: SqlParams, value: string) => `lower(${params.add(value)})`;

/** SQL for the Backstage filters over alias `e`; names resolve against the blueprints. */
export function compileFilters(filters: FilterSet[], params: SqlParams, blueprints: Map<string, Blueprint>): string {
  if (filters.length === 0) return 'true';
  return filters.map((set) => {
    const parts = [...set].map(([key, values]) => `(${values.map((value) => compileOne(key, value, params, blueprints)).join(' or ')})`);
    return `(${parts.join(' and ') || 'true'})`;
  }).join(' or ');
}

function compileOne(key: string, value: string | null, params: SqlParams, blueprints: Map<string, Blueprint>): string {
  const nameExpr = `lower(case when position('/' in e.identifier) > 0 then split_part(e.identifier, '/', 2) else e.identifier end)`;
  const namespaceExpr = `lower(case when position('/' in e.identifier) > 0 then split_part(e.identifier, '/', 1) else 'default' end)`;
  switch (key) {
    case 'kind': {
      if (value === null) return 'true';
      const blueprint = blueprintForKind(value, blueprints.keys());
      return blueprint ? `e.blueprint = ${params.add(blueprint)}` : 'false';
    }
    case 'apiversion':
      if (value === null) return 'true';
      return `${params.json(Object.fromEntries([...blueprints.keys()].map((b) => [b, backstageKindOfBlueprint(b)?.apiVersion ?? 'backstage.io/v1alpha1'])))} ->> e.blueprint = ${params.add(value)}`;
    case 'metadata.name':
      return value === null ? 'true' : `${nameExpr} = ${lowerText(params, value)}`;
    case 'metadata.namespace':
      return value === null ? 'true' : `${namespaceExpr} = ${lowerText(params, value)}`;
    case 'metadata.uid':
      return value === null ? 'true' : `e.uid::text = ${lowerText(params, value)}`;
    case 'metadata.title':
      return value === null ? 'true' : `lower(e.title) = ${lowerText(params, value)}`;
  }
  if (key.startsWith('relations.')) return compileRelationFilter(key.slice('relations.'.length), value, params, blueprints);
  if (key.startsWith('metadata.')) {
    const rest = key.slice('metadata.'.length);
    for (const container of ['annotations', 'labels']) {
      if (rest.startsWith(`${container}.`)) return compileValue([container, rest.slice(container.length + 1)], value, params);
    }
    return compileValue([rest], value, params);
  }
  if (key.startsWith('spec.')) {
    const field = key.slice('spec.'.length);
    const relationBlueprints = [...blueprints.values()].filter((b) => Object.keys(b.relations).some((r) => r.toLowerCase() === field));
    if (relationBlueprints.length > 0) {
      const relation = Object.keys(relationBlueprints[0]?.relations ?? {}).find((r) => r.toLowerCase() === field) ?? field;
      if (value === null) return `exists (select 1 from entity_relations r where r.source_id = e.id and r.relation = ${params.add(relation)})`;
      const defaultKind = field === 'owner' ? 'Group' : field === 'system' ? 'System' : field === 'domain' ? 'Domain' : undefined;
      const target = refTarget(value, defaultKind, blueprints);
      if (!target) return 'false';
      return `exists (select 1 from entity_relations r where r.source_id = e.id and r.relation = ${params.add(relation)}
        and r.target_blueprint = ${params.add(target.blueprint)} and r.target_key = ${params.add(target.key)})`;
    }
    return compileValue(field.split('.'), value, params);
  }
  return 'false';
}

/** Case-insensitive match of a property value (scalars, or any element of an array). */
function compileValue(path: string[], value: string | null, params: SqlParams): string {
  const accessor = path.reduce((expr, segment) => `${expr} -> ${params.add(segment)}`, 'e.properties');
  if (value === null) return `(${accessor}) is not null`;
  const v = lowerText(params, value);
  return `(case jsonb_typeof(${accessor})
    when 'array' then exists (select 1 from jsonb_array_elements_text(${accessor}) x where lower(x) = ${v})
    when 'object' then false
    else lower(${accessor} #>> '{}') = ${v} end)`;
}

function refTarget(value: string, defaultKind: string | undefined, blueprints: Map<string, Blueprint>): { blueprint: string; key: string } | null {
  const ref = parseEntityRef(value, { ...(defaultKind ? { defaultKind } : {}), defaultNamespace: 'default' });
  if (typeof ref === 'string') return null;
  const blueprint = blueprintForKind(ref.kind, blueprints.keys());
  if (!blueprint) return null;
  return { blueprint, key: identifierFromRef(ref.namespace, ref.name).toLowerCase() };
}

/** `relations.ownedBy=group:default/team-a`: an outgoing edge of that type, or an incoming edge of its inverse. */
function compileRelationFilter(type: string, value: string | null, params: SqlParams, blueprints: Map<string, Blueprint>): string {
  const lowerType = type.toLowerCase();
  const outgoing = new Set<string>();
  const incoming = new Set<string>();
  const allRelations = new Set([...blueprints.values()].flatMap((b) => Object.keys(b.relations)));
  for (const relation of allRelations) {
    const types = BACKSTAGE_RELATION_TYPES[relation] ?? { type: relation, inverse: `${relation}Of` };
    if (types.type.toLowerCase() === lowerType) outgoing.add(relation);
    if (types.inverse.toLowerCase() === lowerType) incoming.add(relation);
  }
  if (outgoing.size === 0 && incoming.size === 0) return 'false';
  const target = value === null ? null : refTarget(value, undefined, blueprints);
  if (value !== null && !target) return 'false';
  const clauses: string[] = [];
  if (outgoing.size > 0) {
    const names = params.json([...outgoing]);
    const targetClause = target ? ` and r.target_blueprint = ${params.add(target.blueprint)} and r.target_key = ${params.add(target.key)}` : '';
    clauses.push(`exists (select 1 from entity_relations r where r.source_id = e.id and ${names} ? r.relation${targetClause})`);
  }
  if (incoming.size > 0) {
    const names = params.json([...incoming]);
    const sourceClause = target ? ` and s.blueprint = ${params.add(target.blueprint)} and s.identifier_key = ${params.add(target.key)}` : '';
    clauses.push(`exists (select 1 from entity_relations r join entities s on s.id = r.source_id
      where r.target_blueprint = e.blueprint and r.target_key = e.identifier_key and ${names} ? r.relation${sourceClause})`);
  }
  return clauses.join(' or ');
}
