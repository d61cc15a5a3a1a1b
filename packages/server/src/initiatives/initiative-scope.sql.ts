import { type Blueprint, type Initiative, type Scorecard, parseQuery } from '@portico/model';
import { SqlParams, type Visibility, compileCondition } from '../catalog/index.ts';

/**
 * The entities an initiative covers (its scorecard's results `r` joined to entities `e`, narrowed
 * by its filter and by what the caller may read) and the SQL test of "meets the target".
 */
export function initiativeScope(initiative: Initiative, scorecardId: string, scorecard: Scorecard, blueprint: Blueprint, visibility: Visibility, params = new SqlParams()) {
  const where = [`r.scorecard_id = ${params.add(scorecardId)}::bigint`, `e.blueprint = ${params.add(initiative.blueprint)}`];
  if (initiative.filter) where.push(`(${compileCondition(parseQuery(initiative.filter, { blueprints: [blueprint] }), params)})`);
  const visible = visibility.sql(params);
  if (visible !== 'true') where.push(visible);
  let compliant: string;
  if ('level' in initiative.target) {
    const index = scorecard.levels.findIndex((l) => l.title === (initiative.target as { level: string }).level);
    compliant = `r.level_index >= ${params.add(Math.max(index, 0))}::int`;
  } else {
    compliant = initiative.target.rules.map((rule) => `coalesce((r.rules ->> ${params.add(rule)})::boolean, false)`).join(' and ') || 'true';
  }
  return { from: 'scorecard_results r join entities e on e.id = r.entity_id', where: where.join(' and '), compliant, params };
}
