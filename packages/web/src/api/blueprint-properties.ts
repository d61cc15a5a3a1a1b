import type { Blueprint, PropertySchema } from './types.ts';

export type DerivedKind = 'mirror' | 'calculation' | 'aggregation';

/** A property as the UI lists it: stored ones, then derived ones with their kind. */
export type ListedProperty = PropertySchema & { derived?: DerivedKind; derivation?: string };

/**
 * Every property of a blueprint, stored and derived (mirror, calculation, aggregation), so
 * columns, filters and the property panel treat derived values like any other.
 */
export function propertiesOf(blueprint: Blueprint): Record<string, ListedProperty> {
  const out: Record<string, ListedProperty> = { ...blueprint.schema.properties };
  for (const [name, m] of Object.entries(blueprint.mirrorProperties ?? {})) {
    out[name] = { type: m.type ?? 'string', ...(m.format ? { format: m.format } : {}), title: m.title ?? name, derived: 'mirror', derivation: m.path };
  }
  for (const [name, a] of Object.entries(blueprint.aggregationProperties ?? {})) {
    const spec = a.calculationSpec as { func?: string; property?: string };
    out[name] = { type: 'number', title: a.title ?? name, derived: 'aggregation', derivation: `${spec.func ?? 'count'}${spec.property ? ` of ${spec.property}` : ''} over ${a.target}` };
  }
  for (const [name, c] of Object.entries(blueprint.calculationProperties ?? {})) {
    out[name] = { type: c.type, ...(c.format ? { format: c.format } : {}), title: c.title ?? name, derived: 'calculation', derivation: c.calculation };
  }
  return out;
}
