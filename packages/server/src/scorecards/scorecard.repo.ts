import type { Scorecard } from '@portico/model';
import type { Sql } from '../db/database.ts';
import { json, toIso } from '../db/rows.ts';

export interface ScorecardRow {
  id: string;
  scorecard: Scorecard;
  createdAt: string;
  updatedAt: string;
  createdBy: string | null;
  updatedBy: string | null;
}

interface Row { id: string; definition: Scorecard; created_at: Date; updated_at: Date; created_by: string | null; updated_by: string | null }

const COLUMNS = 'id::text as id, definition, created_at, updated_at, created_by, updated_by';
const toRow = (row: Row): ScorecardRow => ({ id: row.id, scorecard: row.definition, createdAt: toIso(row.created_at), updatedAt: toIso(row.updated_at), createdBy: row.created_by, updatedBy: row.updated_by });

export async function listScorecards(sql: Sql, blueprint?: string): Promise<ScorecardRow[]> {
  const rows = await sql.query<Row>(`select ${COLUMNS} from scorecards ${blueprint ? 'where blueprint = $1' : ''} order by blueprint, identifier`, blueprint ? [blueprint] : []);
  return rows.map(toRow);
}

export async function findScorecard(sql: Sql, blueprint: string, identifier: string): Promise<ScorecardRow | null> {
  const rows = await sql.query<Row>(`select ${COLUMNS} from scorecards where blueprint = $1 and identifier = $2`, [blueprint, identifier]);
  return rows[0] ? toRow(rows[0]) : null;
}

export async function insertScorecard(sql: Sql, scorecard: Scorecard, actor: string): Promise<ScorecardRow> {
  const rows = await sql.query<Row>(
    `insert into scorecards (blueprint, identifier, definition, created_by, updated_by) values ($1, $2, $3::jsonb, $4, $4) returning ${COLUMNS}`,
    [scorecard.blueprint, scorecard.identifier, json(scorecard), actor],
  );
  return toRow(rows[0] as Row);
}

export async function updateScorecard(sql: Sql, id: string, scorecard: Scorecard, actor: string): Promise<ScorecardRow> {
  const rows = await sql.query<Row>(
    `update scorecards set definition = $2::jsonb, updated_at = now(), updated_by = $3 where id = $1::bigint returning ${COLUMNS}`,
    [id, json(scorecard), actor],
  );
  return toRow(rows[0] as Row);
}

export async function deleteScorecard(sql: Sql, id: string): Promise<void> {
  await sql.query('delete from scorecard_results where scorecard_id = $1::bigint', [id]);
  await sql.query('delete from scorecards where id = $1::bigint', [id]);
}

export interface ResultRow {
  entity_id: string;
  scorecard_id: string;
  level_index: number;
  rules: Record<string, boolean>;
}

/** The results of some entities on every scorecard that scores them. */
export async function findResults(sql: Sql, entityIds: string[]): Promise<ResultRow[]> {
  if (entityIds.length === 0) return [];
  return sql.query<ResultRow>(
    'select entity_id::text as entity_id, scorecard_id::text as scorecard_id, level_index, rules from scorecard_results where entity_id = any($1::bigint[])',
    [entityIds],
  );
}

/** How many entities stand on each level of a scorecard. */
export async function countLevels(sql: Sql, scorecardId: string): Promise<{ level_index: number; n: number }[]> {
  return sql.query('select level_index, count(*)::int as n from scorecard_results where scorecard_id = $1::bigint group by level_index', [scorecardId]);
}
