import { META_PROPERTIES, PorticoError } from '@portico/model';
import type { Database } from '../db/database.ts';
import { SqlParams } from './sql-params.ts';
import { Visibility } from './visibility.ts';

export interface FacetValue {
  value: unknown;
  count: number;
}

/** Counts entities per value of a property, relation or meta-property: what a filter sidebar lists. */
export async function countFacet(db: Database, blueprint: string, property: string, limit: number, relationNames: string[], visibility: Visibility = Visibility.ALL): Promise<FacetValue[]> {
  const params = new SqlParams();
  // Only entities the caller may read are counted, and only relation targets they may read listed.
  const bp = `${params.add(blueprint)} and ${visibility.sql(params)}`;
  let sql: string;
  const level = /^scorecards\.([^.]+)\.level$/.exec(property);
  if (level) {
    sql = `select to_jsonb(sc.definition -> 'levels' -> sr.level_index ->> 'title') as value, count(*)::int as count
           from entities e join scorecard_results sr on sr.entity_id = e.id join scorecards sc on sc.id = sr.scorecard_id
           where e.blueprint = ${bp} and sc.blueprint = e.blueprint and sc.identifier = ${params.add(level[1])} group by 1`;
  } else if (property === '$team') {
    sql = `select to_jsonb(t) as value, count(*)::int as count from entities e, unnest(e.team) t where e.blueprint = ${bp} group by t`;
  } else if (property.startsWith('$')) {
    const columns: Record<string, string> = { $blueprint: 'e.blueprint', $createdBy: 'e.created_by', $updatedBy: 'e.updated_by', $icon: 'e.icon', $title: 'e.title', $identifier: 'e.identifier' };
    const column = columns[property];
    if (!column) {
      throw new PorticoError('VALIDATION_FAILED', `Cannot count facets of ${property}`, [{ path: '/querystring/property', message: (META_PROPERTIES as readonly string[]).includes(property) ? 'has no facets' : 'is not a meta-property' }]);
    }
    sql = `select to_jsonb(${column}) as value, count(*)::int as count from entities e where e.blueprint = ${bp} group by 1`;
  } else if (relationNames.includes(property)) {
    sql = `select to_jsonb(r.target_key) as value, count(*)::int as count from entities e join entity_relations r on r.source_id = e.id
           where e.blueprint = ${bp} and r.relation = ${params.add(property)} and ${visibility.targetSql(params)} group by r.target_key`;
  } else {
    // Arrays count each element (tags); scalars count their value; absent values are left out.
    const key = params.add(property);
    sql = `select v as value, count(*)::int as count from entities e,
             lateral (select x as v from jsonb_array_elements(case when jsonb_typeof(e.properties -> ${key}) = 'array' then e.properties -> ${key} else '[]'::jsonb end) x
                      union all select e.properties -> ${key} where jsonb_typeof(e.properties -> ${key}) not in ('array', 'null')) vals
           where e.blueprint = ${bp} and e.properties ? ${key} group by v`;
  }
  const rows = await db.query<FacetValue>(`${sql} order by count desc, value limit ${params.add(limit)}`, params.values);
  return rows;
}
