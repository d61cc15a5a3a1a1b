import type { Blueprint, Entity, PropertySchema } from '../../api/types.ts';
import { propertiesOf } from '../../api/blueprint-properties.ts';
import type { Scorecard } from '../../api/types.ts';

/** A table column: a meta-property (`$title`), a property (`tier`) or a relation (`owner`). */
export interface Column {
  id: string;
  label: string;
  kind: 'meta' | 'property' | 'relation' | 'scorecard';
  /** The name the query language sorts by; relations are not sortable. */
  sortKey?: string;
  schema?: PropertySchema;
  /** For scorecard columns: each level's colour. */
  levelColors?: Record<string, string>;
}

const META: Column[] = [
  { id: '$title', label: 'Title', kind: 'meta', sortKey: '$title' },
  { id: '$identifier', label: 'Identifier', kind: 'meta', sortKey: '$identifier' },
  { id: '$team', label: 'Team', kind: 'meta' },
  { id: '$updatedAt', label: 'Updated', kind: 'meta', sortKey: '$updatedAt' },
  { id: '$createdAt', label: 'Created', kind: 'meta', sortKey: '$createdAt' },
];

const LONG_FORMATS = new Set(['markdown', 'yaml']);

/** Every column a blueprint offers, in a sensible order. */
export function availableColumns(blueprint: Blueprint, scorecards: Scorecard[] = []): Column[] {
  const properties = Object.entries(propertiesOf(blueprint)).map(([name, schema]): Column => ({
    id: name, label: schema.title ?? name, kind: 'property', schema,
    ...(schema.type === 'object' || schema.type === 'array' ? {} : { sortKey: name }),
  }));
  const relations = Object.entries(blueprint.relations).map(([name, relation]): Column => ({ id: `rel:${name}`, label: relation.title ?? name, kind: 'relation' }));
  // A scorecard's level, sortable by its place on the ladder.
  const levels = scorecards.map((s): Column => ({ id: `sc:${s.identifier}`, label: `${s.title} level`, kind: 'scorecard', sortKey: `scorecards.${s.identifier}.level`,
    levelColors: Object.fromEntries(s.levels.map((l) => [l.title, l.color])) }));
  return [...META, ...properties, ...relations, ...levels];
}

/** The columns shown before the user chooses: title, team, a few short properties, the first relations. */
export function defaultColumnIds(blueprint: Blueprint): string[] {
  const short = Object.entries(blueprint.schema.properties)
    .filter(([name, s]) => !LONG_FORMATS.has(String(s.format)) && s.type !== 'object' && !(s.type === 'array' && s.items?.type !== 'string' && name !== 'tags')
      && !['annotations', 'definition', 'description', 'links', 'labels'].includes(name))
    .slice(0, 4).map(([name]) => name);
  const relations = Object.keys(blueprint.relations).slice(0, 2).map((r) => `rel:${r}`);
  return ['$title', '$team', ...short, ...relations];
}

/** A cell's raw value. */
export function cellValue(entity: Entity, column: Column): unknown {
  if (column.kind === 'relation') return entity.relations[column.id.slice(4)] ?? null;
  if (column.kind === 'scorecard') return entity.scorecards?.[column.id.slice(3)]?.level ?? null;
  if (column.kind === 'property') return entity.properties[column.id];
  switch (column.id) {
    case '$title': return entity.title;
    case '$identifier': return entity.identifier;
    case '$team': return entity.team;
    case '$updatedAt': return entity.updatedAt;
    case '$createdAt': return entity.createdAt;
    default: return null;
  }
}

/** Which properties get a facet list in the sidebar: enums, booleans, tags and short strings, relations, team. */
export function facetProperties(blueprint: Blueprint, scorecards: Scorecard[] = []): { property: string; label: string; operator: 'in' | 'containsAny' }[] {
  const facets: { property: string; label: string; operator: 'in' | 'containsAny' }[] = [{ property: '$team', label: 'Team', operator: 'containsAny' }];
  for (const [name, schema] of Object.entries(blueprint.schema.properties)) {
    if (schema.enum || schema.type === 'boolean' || ['type', 'lifecycle', 'language', 'tier', 'environment', 'status'].includes(name)) facets.push({ property: name, label: schema.title ?? name, operator: 'in' });
    else if (schema.type === 'array' && (schema.items?.type ?? 'string') === 'string' && (name === 'tags' || !schema.items?.format)) facets.push({ property: name, label: schema.title ?? name, operator: 'containsAny' });
  }
  for (const [name, relation] of Object.entries(blueprint.relations)) if (!relation.many) facets.push({ property: name, label: relation.title ?? name, operator: 'in' });
  // Levels first among the extras: "which services are below Silver" is the question scorecards raise.
  const levels = scorecards.slice(0, 2).map((s) => ({ property: `scorecards.${s.identifier}.level`, label: s.title, operator: 'in' as const }));
  return [...facets.slice(0, 8 - levels.length), ...levels];
}
