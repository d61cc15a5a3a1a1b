import { type Blueprint, defaultAggregationPath, derivedOf, relationTargets } from '@portico/model';
import type { Sql } from '../db/database.ts';

/**
 * A way from a changed entity to the entities whose derived values read it. `entry` is the
 * blueprints a changed entity must be of for the walk to apply (null: any); each step follows
 * relations forward (source → target) or backward; `end` is the aggregating/mirroring blueprint.
 */
export interface DependentWalk {
  entry: string[] | null;
  steps: { relations: string[]; direction: 'forward' | 'backward' }[];
  /** Ownership instead of relations: the team entities named in the changed entity's `team`. */
  team?: boolean;
  end: string;
}

function targetsOf(blueprint: Blueprint | undefined, relation: string): string[] | null {
  const definition = blueprint?.relations[relation];
  return definition ? relationTargets(definition) : [];
}

/** Walks a relation path from `start` blueprint(s), returning the blueprints reached after each hop. */
function hops(start: string[] | null, relations: string[], blueprints: ReadonlyMap<string, Blueprint>): (string[] | null)[] {
  const reached: (string[] | null)[] = [];
  let current = start;
  for (const relation of relations) {
    const from = current ?? [...blueprints.keys()];
    const next = new Set<string>();
    let any = false;
    for (const bp of from) {
      const targets = targetsOf(blueprints.get(bp), relation);
      if (targets === null) any = true;
      else targets.forEach((t) => next.add(t));
    }
    current = any ? null : [...next];
    reached.push(current);
  }
  return reached;
}

const computed = new WeakMap<ReadonlyMap<string, Blueprint>, DependentWalk[]>();

/**
 * Every walk that leads from a changed entity to entities whose derived properties read it.
 * Worked out once per set of blueprints: the registry hands out the same map until one changes
 * (a new map then; none is changed once built),
 * and every entity write asks (before and after it writes).
 */
export function dependentWalks(blueprints: ReadonlyMap<string, Blueprint>): DependentWalk[] {
  let walks = computed.get(blueprints);
  if (!walks) {
    walks = findWalks(blueprints);
    computed.set(blueprints, walks);
  }
  return walks;
}

function findWalks(blueprints: ReadonlyMap<string, Blueprint>): DependentWalk[] {
  const walks: DependentWalk[] = [];
  for (const blueprint of blueprints.values()) {
    const derived = derivedOf(blueprint);
    const end = blueprint.identifier;
    for (const mirror of Object.values(derived.mirrorProperties)) {
      const relations = mirror.path.split('.').slice(0, -1);
      const reached = hops([end], relations, blueprints);
      relations.forEach((_, i) => {
        walks.push({ entry: reached[i] ?? null, end, steps: relations.slice(0, i + 1).reverse().map((r) => ({ relations: [r], direction: 'backward' as const })) });
      });
    }
    for (const aggregation of Object.values(derived.aggregationProperties)) {
      const target = blueprints.get(aggregation.target);
      if (!target) continue;
      const filter = aggregation.pathFilter?.[0];
      if (filter && filter.fromBlueprint === end) {
        const reached = hops([end], filter.path, blueprints);
        filter.path.forEach((_, i) => {
          walks.push({ entry: reached[i] ?? null, end, steps: filter.path.slice(0, i + 1).reverse().map((r) => ({ relations: [r], direction: 'backward' as const })) });
        });
        continue;
      }
      if (!filter) {
        const way = defaultAggregationPath(target, blueprint);
        if (way === 'team') walks.push({ entry: [target.identifier], end, steps: [], team: true });
        if (way && way !== 'team' && way.toHere.length > 0) walks.push({ entry: [target.identifier], end, steps: [{ relations: way.toHere, direction: 'forward' }] });
        if (way && way !== 'team' && way.fromHere.length > 0) walks.push({ entry: [target.identifier], end, steps: [{ relations: way.fromHere, direction: 'backward' }] });
        continue;
      }
      const path = filter.path;
      const reached = hops([target.identifier], path, blueprints);
      path.forEach((_, j) => {
        const entry = j === 0 ? [target.identifier] : reached[j - 1] ?? null;
        walks.push({ entry, end, steps: path.slice(j).map((r) => ({ relations: [r], direction: 'forward' as const })) });
      });
    }
  }
  return walks;
}

/** The ids a walk reaches from the given entities (of blueprints the walk's entry admits). */
export async function runWalk(sql: Sql, walk: DependentWalk, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const values: unknown[] = [ids, walk.end];
  const add = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  if (walk.team) {
    const rows = await sql.query<{ id: string }>(
      `select distinct t.id::text as id from entities x join entities t on t.blueprint = $2 and t.identifier_key = any(array(select lower(u) from unnest(x.team) u))
       where x.id = any($1::bigint[])`, values);
    return rows.map((r) => r.id);
  }
  let joins = '';
  let previous = 'x';
  walk.steps.forEach((step, k) => {
    const edge = `w${k}`;
    const node = `n${k}`;
    const relations = `${add(step.relations)}::text[]`;
    joins += step.direction === 'forward'
      ? ` join entity_relations ${edge} on ${edge}.source_id = ${previous}.id and ${edge}.relation = any(${relations})
          join entities ${node} on ${node}.blueprint = ${edge}.target_blueprint and ${node}.identifier_key = ${edge}.target_key`
      : ` join entity_relations ${edge} on ${edge}.target_blueprint = ${previous}.blueprint and ${edge}.target_key = ${previous}.identifier_key and ${edge}.relation = any(${relations})
          join entities ${node} on ${node}.id = ${edge}.source_id`;
    previous = node;
  });
  const rows = await sql.query<{ id: string }>(
    `select distinct ${previous}.id::text as id from entities x${joins} where x.id = any($1::bigint[]) and ${previous}.blueprint = $2`, values);
  return rows.map((r) => r.id);
}
