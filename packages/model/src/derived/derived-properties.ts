import type { Blueprint, BlueprintProperty } from '../blueprint/blueprint.types.ts';
import type { DerivedKind, DerivedProperties } from './derived.types.ts';

const EMPTY: DerivedProperties = { mirrorProperties: {}, calculationProperties: {}, aggregationProperties: {} };

/** A blueprint's derived properties, empty maps when it has none. */
export function derivedOf(blueprint: Partial<DerivedProperties>): DerivedProperties {
  return {
    mirrorProperties: blueprint.mirrorProperties ?? EMPTY.mirrorProperties,
    calculationProperties: blueprint.calculationProperties ?? EMPTY.calculationProperties,
    aggregationProperties: blueprint.aggregationProperties ?? EMPTY.aggregationProperties,
  };
}

/** Names of a blueprint's derived properties with their kind. */
export function derivedNames(blueprint: Partial<DerivedProperties>): Map<string, DerivedKind> {
  const d = derivedOf(blueprint);
  return new Map<string, DerivedKind>([
    ...Object.keys(d.mirrorProperties).map((n) => [n, 'mirror'] as const),
    ...Object.keys(d.aggregationProperties).map((n) => [n, 'aggregation'] as const),
    ...Object.keys(d.calculationProperties).map((n) => [n, 'calculation'] as const),
  ]);
}

export function hasDerived(blueprint: Partial<DerivedProperties>): boolean {
  return derivedNames(blueprint).size > 0;
}

/**
 * Derived properties described as properties (type, format, title), so the query language, the
 * explorer's columns and the rule builder treat them like stored ones.
 */
export function derivedAsProperties(blueprint: Partial<DerivedProperties>): Record<string, BlueprintProperty> {
  const d = derivedOf(blueprint);
  const out: Record<string, BlueprintProperty> = {};
  const describe = (p: { title?: string; description?: string }) => ({ ...(p.title ? { title: p.title } : {}), ...(p.description ? { description: p.description } : {}) });
  for (const [name, m] of Object.entries(d.mirrorProperties)) out[name] = { type: m.type ?? 'string', ...(m.format ? { format: m.format } : {}), ...describe(m) };
  for (const [name, a] of Object.entries(d.aggregationProperties)) out[name] = { type: 'number', ...describe(a) };
  for (const [name, c] of Object.entries(d.calculationProperties)) out[name] = { type: c.type, ...(c.format ? { format: c.format } : {}), ...describe(c) };
  return out;
}

/** A property of the blueprint by name, stored or derived. */
export function propertyOf(blueprint: Blueprint, name: string): BlueprintProperty | undefined {
  return blueprint.schema.properties[name] ?? derivedAsProperties(blueprint)[name];
}

/** Only the stored (client-written) properties of an entity: derived values are computed, never written. */
export function storedProperties(properties: Record<string, unknown>, blueprint: Partial<DerivedProperties>): Record<string, unknown> {
  const names = derivedNames(blueprint);
  if (names.size === 0) return properties;
  return Object.fromEntries(Object.entries(properties).filter(([k]) => !names.has(k)));
}
