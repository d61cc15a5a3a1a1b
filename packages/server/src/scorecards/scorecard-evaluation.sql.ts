import { type NormalizedScorecard, rulesUpToLevel } from '@portico/model';
import type { Sql } from '../db/database.ts';
import { SqlParams, compileCondition } from '../catalog/index.ts';

/** A stored scorecard ready to evaluate: its row id and its queries resolved against the blueprint. */
export interface CompiledScorecard {
  id: string;
  normalized: NormalizedScorecard;
}

/**
 * The SELECT that scores entities: one row per entity the scorecard applies to, with each rule's
 * outcome (`r0`…), the level reached and the outcomes as `{ rule: boolean }`. Everything happens
 * in the database, so a full evaluation moves no rows through Node.
 */
function scoringSql(compiled: CompiledScorecard, params: SqlParams, entityIds?: string[]): { sql: string; scope: (alias: string) => string } {
  const { scorecard, conditions, filter } = compiled.normalized;
  const ids = entityIds ? params.add(entityIds) : null;
  const scope = (alias: string) => (ids ? `and ${alias}.entity_id = any(${ids}::bigint[])` : '');
  const where = [
    `e.blueprint = ${params.add(scorecard.blueprint)}`,
    ...(ids ? [`e.id = any(${ids}::bigint[])`] : []),
    ...(filter ? [`(${compileCondition(filter, params)})`] : []),
  ].join(' and ');
  const outcomes = conditions.map((condition, i) => `, coalesce((${compileCondition(condition, params)}), false) as r${i}`).join('');
  const index = new Map(scorecard.rules.map((rule, i) => [rule.identifier, i]));
  const ladder = rulesUpToLevel(scorecard.levels, scorecard.rules);
  const passes = (rules: typeof scorecard.rules) => (rules.length ? rules.map((r) => `r${index.get(r.identifier)}`).join(' and ') : 'true');
  const level = ladder.length ? `case ${ladder.map((rules, j) => ({ rules, j })).reverse().map(({ rules, j }) => `when ${passes(rules)} then ${j + 1}`).join(' ')} else 0 end` : '0';
  // `offset 0` keeps the subquery whole: otherwise the planner inlines it and evaluates each rule
  // again for the level, the JSON and every other reference (ten rules cost thirty evaluations).
  const rulesJson = scorecard.rules.length ? `jsonb_build_object(${scorecard.rules.map((r, i) => `${params.add(r.identifier)}::text, r${i}`).join(', ')})` : `'{}'::jsonb`;
  return {
    sql: `select s.entity_id, s.identifier, s.team, ${level} as level_index, ${rulesJson} as rules
          from (select e.id as entity_id, e.identifier, e.team${outcomes} from entities e where ${where} offset 0) s`,
    scope,
  };
}

/**
 * Scores entities and stores what changed: results are upserted (rows whose level and outcomes are
 * unchanged are not rewritten), entities the scorecard no longer applies to lose their result, and
 * every level change is recorded as a durable event.
 * @param entityIds only these entities (after a write); absent: the whole blueprint.
 * @param initial a new scorecard: first levels are not changes, so no events.
 */
export async function evaluateScorecard(sql: Sql, compiled: CompiledScorecard, options: { entityIds?: string[]; initial?: boolean } = {}): Promise<{ evaluated: number; changed: number }> {
  if (options.entityIds?.length === 0) return { evaluated: 0, changed: 0 };
  const params = new SqlParams();
  const scoring = scoringSql(compiled, params, options.entityIds);
  const { scorecard } = compiled.normalized;
  const id = `${params.add(compiled.id)}::bigint`;
  // A new scorecard's first levels are not changes: no events, and no work spent looking for them.
  let events = 'select 1 where false';
  if (!options.initial) {
    const titles = params.json(scorecard.levels.map((l) => l.title));
    events = `insert into scorecard_events (blueprint, scorecard, entity, team, from_level, to_level, from_index, to_index)
                select ${params.add(scorecard.blueprint)}, ${params.add(scorecard.identifier)}, e.identifier, e.team,
                       ${titles} ->> p.level_index, ${titles} ->> w.level_index, p.level_index, w.level_index
                from written w join entities e on e.id = w.entity_id left join previous p on p.entity_id = w.entity_id
                where p.level_index is distinct from w.level_index
                returning 1`;
  }
  const [row] = await sql.query<{ evaluated: number; changed: number }>(
    `with scored as (${scoring.sql}),
     previous as (select r.entity_id, r.level_index from scorecard_results r where r.scorecard_id = ${id} ${scoring.scope('r')}),
     removed as (delete from scorecard_results r where r.scorecard_id = ${id} ${scoring.scope('r')}
                 and not exists (select 1 from scored s where s.entity_id = r.entity_id) returning r.entity_id),
     written as (insert into scorecard_results (scorecard_id, entity_id, level_index, rules)
                 select ${id}, entity_id, level_index, rules from scored
                 on conflict (scorecard_id, entity_id) do update set level_index = excluded.level_index, rules = excluded.rules, evaluated_at = now()
                 where scorecard_results.level_index <> excluded.level_index or scorecard_results.rules <> excluded.rules
                 returning entity_id, level_index),
     events as (${events})
     select (select count(*) from scored)::int as evaluated, (select count(*) from events)::int as changed`,
    params.values,
  );
  return row ?? { evaluated: 0, changed: 0 };
}

/** How many entities would stand on each level, without storing anything (the editor's live preview). */
export async function previewScorecard(sql: Sql, compiled: CompiledScorecard, visibleSql: (params: SqlParams) => string): Promise<number[]> {
  const params = new SqlParams();
  const scoring = scoringSql(compiled, params);
  const visible = visibleSql(params);
  const rows = await sql.query<{ level_index: number; n: number }>(
    `select s.level_index, count(*)::int as n from (${scoring.sql}) s join entities e on e.id = s.entity_id where ${visible} group by s.level_index`, params.values);
  return compiled.normalized.scorecard.levels.map((_, i) => rows.find((r) => r.level_index === i)?.n ?? 0);
}

/** Each leaf condition of each rule, true or false, for one entity: the raw material of "why". */
export async function leafOutcomes(sql: Sql, compiled: CompiledScorecard, entityId: string): Promise<boolean[][]> {
  const params = new SqlParams();
  const perRule = compiled.normalized.conditions.map((condition) => leaves(condition));
  const columns = perRule.flatMap((conds, i) => conds.map((c, j) => `coalesce((${compileCondition(c, params)}), false) as c${i}_${j}`));
  if (columns.length === 0) return perRule.map(() => []);
  const [row] = await sql.query<Record<string, boolean>>(`select ${columns.join(', ')} from entities e where e.id = ${params.add(entityId)}::bigint`, params.values);
  return perRule.map((conds, i) => conds.map((_, j) => row?.[`c${i}_${j}`] === true));
}

type Condition = NormalizedScorecard['conditions'][number];

/** The leaves of a condition tree, depth first (the order `leafRules` walks the rule's JSON). */
export function leaves(condition: Condition): Condition[] {
  return condition.kind === 'group' ? condition.conditions.flatMap(leaves) : [condition];
}
