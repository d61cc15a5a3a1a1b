import type { Sql } from '../db/database.ts';
import { json, toIso } from '../db/rows.ts';

export interface SavedView {
  id: string;
  blueprint: string;
  name: string;
  owner: string;
  shared: boolean;
  state: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

interface Row { id: string; blueprint: string; name: string; owner: string; shared: boolean; state: Record<string, unknown>; created_at: Date; updated_at: Date }

const COLUMNS = 'id::text as id, blueprint, name, owner, shared, state, created_at, updated_at';

const toView = (row: Row): SavedView => ({
  id: row.id, blueprint: row.blueprint, name: row.name, owner: row.owner, shared: row.shared, state: row.state,
  createdAt: toIso(row.created_at), updatedAt: toIso(row.updated_at),
});

/** The views of a blueprint this actor sees: their own and the shared ones, own first. */
export async function listVisibleViews(sql: Sql, blueprint: string, actor: string): Promise<SavedView[]> {
  const rows = await sql.query<Row>(
    `select ${COLUMNS} from saved_views where blueprint = $1 and (owner = $2 or shared) order by owner = $2 desc, lower(name)`,
    [blueprint, actor],
  );
  return rows.map(toView);
}

export async function findView(sql: Sql, blueprint: string, id: string): Promise<SavedView | null> {
  const rows = await sql.query<Row>(`select ${COLUMNS} from saved_views where blueprint = $1 and id = $2::bigint`, [blueprint, id]);
  return rows[0] ? toView(rows[0]) : null;
}

/** Inserts or, when this owner already has a view of that name, replaces it. */
export async function saveView(sql: Sql, view: { blueprint: string; name: string; owner: string; shared: boolean; state: Record<string, unknown> }): Promise<{ view: SavedView; created: boolean }> {
  const rows = await sql.query<Row & { created: boolean }>(
    `insert into saved_views (blueprint, name, owner, shared, state) values ($1, $2, $3, $4, $5::jsonb)
     on conflict (blueprint, owner, name) do update set shared = excluded.shared, state = excluded.state, updated_at = now()
     returning ${COLUMNS}, (xmax = 0) as created`,
    [view.blueprint, view.name, view.owner, view.shared, json(view.state)],
  );
  const row = rows[0] as Row & { created: boolean };
  return { view: toView(row), created: row.created };
}

export async function deleteView(sql: Sql, id: string): Promise<void> {
  await sql.query('delete from saved_views where id = $1::bigint', [id]);
}
