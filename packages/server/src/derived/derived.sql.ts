import { type AggregationProperty, type Blueprint, type Condition, defaultAggregationPath, parseQuery, relationTargets } from '@portico/model';
import { SqlParams, compileCondition } from '../catalog/index.ts';

/**
 * SQL for derived values. Each statement computes one derived property for a set of entities
 * (alias `a`, their ids in `$1`), so a write's work is proportional to the entities it affects.
 */

const META_VALUE: Record<string, (alias: string) => string> = {
  $identifier: (t) => `to_jsonb(${t}.identifier)`,
  $title: (t) => `to_jsonb(${t}.title)`,
  $blueprint: (t) => `to_jsonb(${t}.blueprint)`,
  $icon: (t) => `to_jsonb(${t}.icon)`,
  $team: (t) => `to_jsonb(${t}.team)`,
  $createdAt: (t) => `to_jsonb(${t}.created_at)`,
  $updatedAt: (t) => `to_jsonb(${t}.updated_at)`,
};

/** Joins that walk relation `names` forward from `from` (an entities alias); the last target is `t<n>`. */
function forwardJoins(names: string[], from: string, params: SqlParams): { joins: string; last: string } {
  let joins = '';
  let previous = from;
  names.forEach((relation, i) => {
    const edge = `dr${i}`;
    const target = `dt${i}`;
    joins += ` join entity_relations ${edge} on ${edge}.source_id = ${previous}.id and ${edge}.relation = ${params.add(relation)}
      join entities ${target} on ${target}.blueprint = ${edge}.target_blueprint and ${target}.identifier_key = ${edge}.target_key`;
    previous = target;
  });
  return { joins, last: previous };
}

/** `select id, value` of a mirror property for the entities in `$1`. */
export function mirrorSql(path: string, many: boolean): { sql: string; params: SqlParams } {
  const params = new SqlParams();
  params.add(null); // $1: the entity ids
  const segments = path.split('.');
  const property = segments.pop() ?? '';
  const { joins, last } = forwardJoins(segments, 'a0', params);
  const value = META_VALUE[property]?.(last) ?? `(${last}.properties -> ${params.add(property)})`;
  const pick = many
    ? `coalesce(jsonb_agg(distinct ${value}) filter (where ${value} is not null and ${value} <> 'null'::jsonb), '[]'::jsonb)`
    : value;
  const tail = many ? '' : ` order by ${last}.identifier_key limit 1`;
  return {
    sql: `select a.id::text as id, (select ${pick} from entities a0${joins} where a0.id = a.id${tail}) as value
          from entities a where a.id = any($1::bigint[])`,
    params,
  };
}

const UNIT_SECONDS: Record<string, number> = { hour: 3600, day: 86400, week: 604800, month: 2629800 };

/**
 * The related entities an aggregation reads for the aggregating entity `a`, as a FROM clause that
 * yields them as alias `e` (and a condition). Every way starts at `a` and follows indexed edges,
 * so the work is proportional to the related entities, not to the blueprint's size.
 */
function reachSql(aggregation: AggregationProperty, target: Blueprint, aggregating: Blueprint, params: SqlParams): { from: string; where: string } {
  // The id subqueries already keep to the target blueprint: `e` is then joined by primary key only,
  // a plan that stays right even before statistics exist.
  const via = (ids: string) => ({ from: `(${ids}) s join entities e on e.id = s.id`, where: 'true' });
  const targetBlueprint = params.add(target.identifier);
  const filter = aggregation.pathFilter?.[0];
  if (filter && filter.fromBlueprint === aggregating.identifier) {
    const { joins, last } = forwardJoins(filter.path, 'a0', params);
    return via(`select distinct ${last}.id as id from entities a0${joins} where a0.id = a.id and ${last}.blueprint = ${targetBlueprint}`);
  }
  if (!filter) {
    const way = defaultAggregationPath(target, aggregating);
    if (way === 'team') return { from: 'entities e', where: `e.team @> array[a.identifier] and e.blueprint = ${targetBlueprint}` };
    if (way === null) return { from: 'entities e', where: 'false' };
    // Any direct relation, either way: targets pointing here, or this entity pointing at them.
    const ways: string[] = [];
    if (way.toHere.length > 0) ways.push(`select q.source_id as id from entity_relations q where q.target_blueprint = a.blueprint and q.target_key = a.identifier_key and q.source_blueprint = ${targetBlueprint} and q.relation = any(${params.add(way.toHere)}::text[])`);
    if (way.fromHere.length > 0) ways.push(`select t.id from entity_relations q join entities t on t.blueprint = q.target_blueprint and t.identifier_key = q.target_key where q.source_id = a.id and q.target_blueprint = ${targetBlueprint} and q.relation = any(${params.add(way.fromHere)}::text[])`);
    return via(ways.join(' union '));
  }
  // Targets reach this entity through path[0], path[1], …: walk it backwards from here.
  const reversed = [...filter.path].reverse();
  let joins = '';
  let node = 'a';
  reversed.forEach((relation, i) => {
    const edge = `bq${i}`;
    const source = `bs${i}`;
    joins += `${i === 0 ? '' : ' join'} entity_relations ${edge}${i === 0 ? '' : ` on ${edge}.target_blueprint = ${node}.blueprint and ${edge}.target_key = ${node}.identifier_key and ${edge}.relation = ${params.add(relation)}`}
      join entities ${source} on ${source}.id = ${edge}.source_id`;
    node = source;
  });
  const firstRelation = params.add(reversed[0]);
  return via(`select distinct ${node}.id as id from ${joins} where bq0.target_blueprint = a.blueprint and bq0.target_key = a.identifier_key and bq0.relation = ${firstRelation} and ${node}.blueprint = ${targetBlueprint}`);
}

function measureExpression(measure: string | undefined, params: SqlParams): string {
  if (!measure || measure === '$createdAt') return 'e.created_at';
  if (measure === '$updatedAt') return 'e.updated_at';
  return `(e.properties ->> ${params.add(measure)})::timestamptz`;
}

/** `select id, value` of an aggregation property for the entities in `$1`. */
export function aggregationSql(aggregation: AggregationProperty, target: Blueprint, aggregating: Blueprint, now: Date): { sql: string; params: SqlParams } {
  const params = new SqlParams();
  params.add(null);
  const reach = reachSql(aggregation, target, aggregating, params);
  const conditions = [reach.where];
  if (aggregation.query) {
    const condition: Condition = parseQuery(aggregation.query, { blueprints: [target] });
    conditions.push(`(${compileCondition(condition, params, now)})`);
  }
  if (aggregation.timeWindow) {
    conditions.push(`${measureExpression(aggregation.timeWindow.measureTimeBy, params)} >= ${params.add(now.toISOString())}::timestamptz - make_interval(days => ${params.add(aggregation.timeWindow.days)}::int)`);
  }
  const spec = aggregation.calculationSpec;
  let select: string;
  if (spec.calculationBy === 'entities' && spec.func === 'average') {
    // How many per unit of time: over the window when there is one, else since the first one.
    const unit = UNIT_SECONDS[spec.averageOf ?? 'day'] ?? 86400;
    const measure = measureExpression(spec.measureTimeBy, params);
    const span = aggregation.timeWindow
      ? `${params.add(aggregation.timeWindow.days * 86400)}::float8`
      : `extract(epoch from (${params.add(now.toISOString())}::timestamptz - min(${measure})))::float8`;
    select = `to_jsonb(round((count(*) / greatest(1, ceil(${span} / ${unit})))::numeric, 4))`;
  } else if (spec.calculationBy === 'entities') {
    select = 'to_jsonb(count(*))';
  } else {
    const p = params.add(spec.property);
    conditions.push(`jsonb_typeof(e.properties -> ${p}) = 'number'`);
    const v = `(e.properties ->> ${p})::float8`;
    const fn: Record<string, string> = {
      sum: `coalesce(sum(${v}), 0)`, average: `avg(${v})`, min: `min(${v})`, max: `max(${v})`,
      median: `percentile_cont(0.5) within group (order by ${v})`,
    };
    select = `to_jsonb(${fn[spec.func] ?? 'null'})`;
  }
  return {
    sql: `select a.id::text as id, (select ${select} from ${reach.from} where ${conditions.join(' and ')}) as value
          from entities a where a.id = any($1::bigint[])`,
    params,
  };
}

/** Whether a mirror path crosses a many-relation (its value is then the list of what it reaches). */
export function mirrorIsMany(path: string, blueprint: Blueprint, blueprints: ReadonlyMap<string, Blueprint>): boolean {
  const segments = path.split('.').slice(0, -1);
  let current: Blueprint[] = [blueprint];
  for (const relation of segments) {
    const definitions = current.map((b) => b.relations[relation]).filter((r) => r !== undefined);
    if (definitions.some((r) => r.many)) return true;
    current = definitions.flatMap((r) => relationTargets(r) ?? [...blueprints.keys()]).map((id) => blueprints.get(id)).filter((b): b is Blueprint => b !== undefined);
  }
  return false;
}
