import type { Initiative } from '@portico/model';
import type { Sql } from '../db/database.ts';
import { json, toIso } from '../db/rows.ts';

export interface InitiativeRow {
  id: string;
  initiative: Initiative;
  createdAt: string;
  updatedAt: string;
  createdBy: string | null;
  updatedBy: string | null;
}

interface Row { id: string; definition: Initiative; created_at: Date; updated_at: Date; created_by: string | null; updated_by: string | null }

const COLUMNS = 'id::text as id, definition, created_at, updated_at, created_by, updated_by';
const toRow = (row: Row): InitiativeRow => ({ id: row.id, initiative: row.definition, createdAt: toIso(row.created_at), updatedAt: toIso(row.updated_at), createdBy: row.created_by, updatedBy: row.updated_by });

export async function listInitiatives(sql: Sql): Promise<InitiativeRow[]> {
  return (await sql.query<Row>(`select ${COLUMNS} from initiatives order by definition ->> 'deadline', identifier`)).map(toRow);
}

export async function findInitiative(sql: Sql, identifier: string): Promise<InitiativeRow | null> {
  const rows = await sql.query<Row>(`select ${COLUMNS} from initiatives where identifier = $1`, [identifier]);
  return rows[0] ? toRow(rows[0]) : null;
}

export async function insertInitiative(sql: Sql, initiative: Initiative, actor: string): Promise<InitiativeRow> {
  const rows = await sql.query<Row>(
    `insert into initiatives (identifier, blueprint, definition, created_by, updated_by) values ($1, $2, $3::jsonb, $4, $4) returning ${COLUMNS}`,
    [initiative.identifier, initiative.blueprint, json(initiative), actor],
  );
  return toRow(rows[0] as Row);
}

export async function updateInitiative(sql: Sql, id: string, initiative: Initiative, actor: string): Promise<InitiativeRow> {
  const rows = await sql.query<Row>(
    `update initiatives set blueprint = $2, definition = $3::jsonb, updated_at = now(), updated_by = $4 where id = $1::bigint returning ${COLUMNS}`,
    [id, initiative.blueprint, json(initiative), actor],
  );
  return toRow(rows[0] as Row);
}

export async function deleteInitiative(sql: Sql, id: string): Promise<void> {
  await sql.query('delete from initiatives where id = $1::bigint', [id]);
}

/** Records the day's standing (the latest reading of the day wins). */
export async function recordProgress(sql: Sql, id: string, day: string, compliant: number, total: number): Promise<void> {
  await sql.query(
    `insert into initiative_progress (initiative_id, day, compliant, total) values ($1::bigint, $2::date, $3, $4)
     on conflict (initiative_id, day) do update set compliant = excluded.compliant, total = excluded.total`,
    [id, day, compliant, total],
  );
}

export async function progressHistory(sql: Sql, id: string): Promise<{ day: string; compliant: number; total: number }[]> {
  return sql.query<{ day: string; compliant: number; total: number }>(
    `select to_char(day, 'YYYY-MM-DD') as day, compliant, total from initiative_progress where initiative_id = $1::bigint order by day`, [id]);
}
