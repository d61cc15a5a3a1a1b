import type { Action } from '@portico/model';
import type { Sql } from '../db/database.ts';
import { json, toIso } from '../db/rows.ts';

export interface ActionRow {
  id: string;
  action: Action;
  sealedSecret: string;
  /** The invoker's credentials (webhook header values), encrypted JSON; null when it has none. */
  sealedInvokerSecrets: string | null;
  createdAt: string;
  updatedAt: string;
  createdBy: string | null;
  updatedBy: string | null;
}

interface Row { id: string; definition: Action; webhook_secret: string; invoker_secrets: string | null; created_at: Date; updated_at: Date; created_by: string | null; updated_by: string | null }
const COLUMNS = 'id::text as id, definition, webhook_secret, invoker_secrets, created_at, updated_at, created_by, updated_by';
const toRow = (r: Row): ActionRow => ({ id: r.id, action: r.definition, sealedSecret: r.webhook_secret, sealedInvokerSecrets: r.invoker_secrets, createdAt: toIso(r.created_at), updatedAt: toIso(r.updated_at), createdBy: r.created_by, updatedBy: r.updated_by });

export async function listActions(sql: Sql): Promise<ActionRow[]> {
  return (await sql.query<Row>(`select ${COLUMNS} from actions order by definition ->> 'title', identifier`)).map(toRow);
}

export async function findAction(sql: Sql, identifier: string): Promise<ActionRow | null> {
  const rows = await sql.query<Row>(`select ${COLUMNS} from actions where identifier = $1`, [identifier]);
  return rows[0] ? toRow(rows[0]) : null;
}

export async function insertAction(sql: Sql, action: Action, sealedSecret: string, sealedInvokerSecrets: string | null, actor: string): Promise<ActionRow> {
  const rows = await sql.query<Row>(`insert into actions (identifier, definition, webhook_secret, invoker_secrets, created_by, updated_by) values ($1, $2::jsonb, $3, $4, $5, $5) returning ${COLUMNS}`, [action.identifier, json(action), sealedSecret, sealedInvokerSecrets, actor]);
  return toRow(rows[0] as Row);
}

export async function updateAction(sql: Sql, id: string, action: Action, sealedInvokerSecrets: string | null, actor: string): Promise<ActionRow> {
  const rows = await sql.query<Row>(`update actions set definition = $2::jsonb, invoker_secrets = $3, updated_at = now(), updated_by = $4 where id = $1::bigint returning ${COLUMNS}`, [id, json(action), sealedInvokerSecrets, actor]);
  return toRow(rows[0] as Row);
}

export async function setWebhookSecret(sql: Sql, id: string, sealedSecret: string): Promise<void> {
  await sql.query('update actions set webhook_secret = $2, updated_at = now() where id = $1::bigint', [id, sealedSecret]);
}

export async function deleteAction(sql: Sql, id: string): Promise<void> {
  await sql.query('delete from actions where id = $1::bigint', [id]);
}
