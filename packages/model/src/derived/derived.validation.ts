import type { Blueprint, BlueprintProperty } from '../blueprint/blueprint.types.ts';
import { relationTargets } from '../blueprint/blueprint.types.ts';
import { type ErrorDetail, toPointer } from '../errors.ts';
import { parseQuery } from '../query/query.validation.ts';
import { PorticoError } from '../errors.ts';
import { parseCalculation } from './calculation.ts';
import { derivedAsProperties, derivedOf } from './derived-properties.ts';
import { derivedDependencies, findCycle } from './derived-dependencies.ts';
import type { DerivedProperties, MirrorProperty } from './derived.types.ts';

/** Meta-fields a mirror path may end in, with the type they read as. */
const MIRROR_META: Record<string, BlueprintProperty> = {
  $identifier: { type: 'string' }, $title: { type: 'string' }, $blueprint: { type: 'string' }, $icon: { type: 'string' },
  $team: { type: 'array' }, $createdAt: { type: 'string', format: 'date-time' }, $updatedAt: { type: 'string', format: 'date-time' },
};

/**
 * Checks the derived properties of a blueprint document on their own: names clash with nothing,
 * calculations parse (jq from Port is translated), aggregation specs are coherent.
 */
export function normalizeDerived(doc: Partial<DerivedProperties>, taken: { properties: string[]; relations: string[] }): { derived: DerivedProperties; issues: ErrorDetail[] } {
  const issues: ErrorDetail[] = [];
  const d = derivedOf(doc);
  const seen = new Map<string, string>();
  for (const name of taken.properties) seen.set(name, 'a property');
  for (const name of taken.relations) seen.set(name, 'a relation');
  const claim = (kind: keyof DerivedProperties, name: string) => {
    const other = seen.get(name);
    if (other) issues.push({ path: toPointer(kind, name), message: `has the same name as ${other}` });
    seen.set(name, kind === 'mirrorProperties' ? 'a mirror property' : kind === 'calculationProperties' ? 'a calculation property' : 'an aggregation property');
  };
  const mirrorProperties: DerivedProperties['mirrorProperties'] = {};
  for (const [name, mirror] of Object.entries(d.mirrorProperties)) {
    claim('mirrorProperties', name);
    const segments = mirror.path.split('.');
    if (segments.length < 2 || segments.some((s) => s.length === 0)) {
      issues.push({ path: toPointer('mirrorProperties', name, 'path'), message: 'must be relation names followed by a property, e.g. "system.domain.$title"' });
    }
    const { type: _type, ...rest } = mirror;
    mirrorProperties[name] = rest;
  }
  const calculationProperties: DerivedProperties['calculationProperties'] = {};
  for (const [name, calculation] of Object.entries(d.calculationProperties)) {
    claim('calculationProperties', name);
    const parsed = parseCalculation(calculation.calculation);
    if ('error' in parsed) issues.push({ path: toPointer('calculationProperties', name, 'calculation'), message: parsed.error });
    calculationProperties[name] = { ...calculation, calculation: 'jsonata' in parsed ? parsed.jsonata : calculation.calculation };
  }
  const aggregationProperties: DerivedProperties['aggregationProperties'] = {};
  for (const [name, aggregation] of Object.entries(d.aggregationProperties)) {
    claim('aggregationProperties', name);
    const at = (...rest: string[]) => toPointer('aggregationProperties', name, ...rest);
    const spec = aggregation.calculationSpec;
    if (spec.calculationBy === 'property' && !spec.property) issues.push({ path: at('calculationSpec', 'property'), message: 'is required when calculationBy is "property"' });
    if (spec.calculationBy === 'property' && spec.func === 'count') issues.push({ path: at('calculationSpec', 'func'), message: '"count" counts entities; use calculationBy "entities"' });
    if (spec.calculationBy === 'entities' && !['count', 'average'].includes(spec.func)) issues.push({ path: at('calculationSpec', 'func'), message: `"${spec.func}" needs a property; use calculationBy "property"` });
    if (spec.calculationBy === 'entities' && spec.func === 'average' && !spec.averageOf) issues.push({ path: at('calculationSpec', 'averageOf'), message: 'is required to average entities (how many per hour, day, week or month)' });
    aggregationProperties[name] = { ...aggregation, type: 'number' };
  }
  return { derived: { mirrorProperties, calculationProperties, aggregationProperties }, issues };
}

/**
 * Checks derived properties against the other blueprints: mirror paths follow existing relations
 * to an existing property (and take its type), aggregations name a target, a path to it, a
 * numeric property and a query that fit, and no derived property depends on itself.
 * @returns the blueprint with mirror types filled in.
 * @throws PorticoError VALIDATION_FAILED naming each problem by JSON pointer.
 */
export function resolveDerived<B extends Blueprint>(blueprint: B, others: ReadonlyMap<string, Blueprint>): B {
  const all = new Map(others);
  all.set(blueprint.identifier, blueprint);
  const issues: ErrorDetail[] = [];
  const d = derivedOf(blueprint);
  const propertyIn = (bp: Blueprint, name: string) => (name in MIRROR_META ? MIRROR_META[name] : bp.schema.properties[name] ?? derivedAsProperties(bp)[name]);

  const mirrorProperties: Record<string, MirrorProperty> = {};
  for (const [name, mirror] of Object.entries(d.mirrorProperties)) {
    const at = toPointer('mirrorProperties', name, 'path');
    const segments = mirror.path.split('.');
    const last = segments.pop() ?? '';
    let current: Blueprint[] = [blueprint];
    let many = false;
    let failed = false;
    for (const relation of segments) {
      const definitions = current.map((b) => b.relations[relation]).filter((r) => r !== undefined);
      if (definitions.length === 0) {
        issues.push({ path: at, message: `"${relation}" is not a relation of ${current.map((b) => b.identifier).join(', ')}` });
        failed = true;
        break;
      }
      many ||= definitions.some((r) => r.many);
      current = [...new Set(definitions.flatMap((r) => relationTargets(r) ?? [...all.keys()]))].map((id) => all.get(id)).filter((b): b is Blueprint => b !== undefined);
    }
    if (failed) {
      mirrorProperties[name] = mirror;
      continue;
    }
    const found = current.map((b) => propertyIn(b, last)).filter((p): p is BlueprintProperty => p !== undefined);
    if (found.length === 0 && !current.some((b) => b.schema.additionalProperties === true)) {
      issues.push({ path: at, message: `"${last}" is not a property of ${current.map((b) => b.identifier).join(', ')}` });
    }
    const target = found[0];
    mirrorProperties[name] = {
      ...mirror,
      type: many ? 'array' : target?.type ?? 'string',
      ...(!many && target?.format ? { format: target.format } : {}),
    };
  }

  for (const [name, aggregation] of Object.entries(d.aggregationProperties)) {
    const at = (...rest: string[]) => toPointer('aggregationProperties', name, ...rest);
    const target = all.get(aggregation.target);
    if (!target) {
      issues.push({ path: at('target'), message: `names blueprint "${aggregation.target}", which does not exist` });
      continue;
    }
    const filter = aggregation.pathFilter?.[0];
    if (filter) {
      const downstream = filter.fromBlueprint === blueprint.identifier;
      if (filter.fromBlueprint !== undefined && !downstream && filter.fromBlueprint !== target.identifier) {
        issues.push({ path: at('pathFilter', '0', 'fromBlueprint'), message: `must be "${blueprint.identifier}" (path from here to the targets) or "${target.identifier}"` });
      }
      let current: Blueprint[] = [downstream ? blueprint : target];
      filter.path.forEach((relation, index) => {
        const definitions = current.map((b) => b.relations[relation]).filter((r) => r !== undefined);
        if (definitions.length === 0) {
          issues.push({ path: at('pathFilter', '0', 'path', String(index)), message: `"${relation}" is not a relation of ${current.map((b) => b.identifier).join(', ')}` });
          current = [];
          return;
        }
        current = [...new Set(definitions.flatMap((r) => relationTargets(r) ?? [...all.keys()]))].map((id) => all.get(id)).filter((b): b is Blueprint => b !== undefined);
      });
      const end = downstream ? target.identifier : blueprint.identifier;
      if (current.length > 0 && !current.some((b) => b.identifier === end)) {
        issues.push({ path: at('pathFilter', '0', 'path'), message: `does not lead to ${end}` });
      }
    } else if (defaultAggregationPath(target, blueprint) === null) {
      issues.push({ path: at('target'), message: `"${target.identifier}" has no relation to "${blueprint.identifier}"; name one in pathFilter` });
    }
    const spec = aggregation.calculationSpec;
    if (spec.property) {
      const property = target.schema.properties[spec.property] ?? derivedAsProperties(target)[spec.property];
      if (!property) issues.push({ path: at('calculationSpec', 'property'), message: `"${spec.property}" is not a property of ${target.identifier}` });
      else if (property.type !== 'number') issues.push({ path: at('calculationSpec', 'property'), message: `"${spec.property}" is a ${property.type}; ${spec.func} needs a number property` });
    }
    for (const [field, value] of [['calculationSpec', spec.measureTimeBy], ['timeWindow', aggregation.timeWindow?.measureTimeBy]] as const) {
      if (value === undefined || value === '$createdAt' || value === '$updatedAt') continue;
      const property = target.schema.properties[value] ?? derivedAsProperties(target)[value];
      if (!property || property.type !== 'string' || !['date-time', 'date', 'timer'].includes(property.format ?? '')) {
        issues.push({ path: at(field, 'measureTimeBy'), message: `"${value}" is not a date-time property of ${target.identifier} (or $createdAt / $updatedAt)` });
      }
    }
    if (aggregation.query) {
      try {
        parseQuery(aggregation.query, { blueprints: [target] }, at('query'));
      } catch (error) {
        if (error instanceof PorticoError) issues.push(...error.details);
        else throw error;
      }
    }
  }

  const resolved = { ...blueprint, mirrorProperties, calculationProperties: d.calculationProperties, aggregationProperties: d.aggregationProperties };
  if (issues.length === 0) {
    all.set(blueprint.identifier, resolved);
    const cycle = findCycle(derivedDependencies(all));
    if (cycle) {
      const [bp, property] = (cycle.find((n) => n.startsWith(`${blueprint.identifier}.`)) ?? cycle[0] ?? '').split(/\.(.*)/s);
      const kind = bp === blueprint.identifier && property ? kindKey(d, property) : null;
      issues.push({ path: kind && property ? toPointer(kind, property) : '', message: `depends on itself: ${cycle.join(' → ')}` });
    }
  }
  if (issues.length > 0) throw new PorticoError('VALIDATION_FAILED', `Invalid blueprint: ${issues[0]?.path} ${issues[0]?.message}`, issues);
  return resolved;
}

function kindKey(d: DerivedProperties, name: string): keyof DerivedProperties | null {
  if (name in d.mirrorProperties) return 'mirrorProperties';
  if (name in d.calculationProperties) return 'calculationProperties';
  if (name in d.aggregationProperties) return 'aggregationProperties';
  return null;
}

/**
 * How target entities relate to an aggregating entity when no path is named, in either direction
 * (as Port does): relations of the target blueprint to this one (`toHere`) and of this one to the
 * target (`fromHere`); ownership (`team`) when this is the team blueprint and nothing else relates.
 * @returns null when there is no way.
 */
export function defaultAggregationPath(target: Blueprint, aggregating: Blueprint): { toHere: string[]; fromHere: string[] } | 'team' | null {
  const pointing = (from: Blueprint, to: Blueprint) => Object.entries(from.relations)
    .filter(([, r]) => (relationTargets(r) ?? [to.identifier]).includes(to.identifier))
    .map(([n]) => n);
  const toHere = pointing(target, aggregating);
  const fromHere = pointing(aggregating, target);
  if (toHere.length > 0 || fromHere.length > 0) return { toHere, fromHere };
  if (aggregating.identifier === 'team') return 'team';
  return null;
}
