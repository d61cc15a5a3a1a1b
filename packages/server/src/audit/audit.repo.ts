import type { Sql } from '../db/database.ts';
import { json, toIso } from '../db/rows.ts';

export interface AuditEntryInput {
  actor: string;
  action: string;
  resourceType: 'blueprint' | 'entity' | 'token' | 'session';
  blueprint: string | null;
  identifier: string | null;
  before: unknown;
  after: unknown;
  diff: unknown;
}

export interface AuditEntry extends AuditEntryInput {
  id: string;
  at: string;
}

/** Writes audit entries in the caller's transaction: one statement for any number of entries. */
export async function insertAuditEntries(sql: Sql, entries: AuditEntryInput[]): Promise<void> {
  if (entries.length === 0) return;
  await sql.query(
    `insert into audit_log (actor, action, resource_type, blueprint, identifier, before, after, diff)
     select actor, action, resource_type, blueprint, identifier, before, after, diff
     from jsonb_to_recordset($1::jsonb) as x(actor text, action text, resource_type text, blueprint text, identifier text, before jsonb, after jsonb, diff jsonb)`,
    [json(entries.map((e) => ({ actor: e.actor, action: e.action, resource_type: e.resourceType, blueprint: e.blueprint, identifier: e.identifier, before: e.before ?? null, after: e.after ?? null, diff: e.diff ?? null })))],
  );
}

export interface AuditFilter {
  actor?: string;
  action?: string;
  resourceType?: string;
  blueprint?: string;
  identifier?: string;
  from?: string;
  to?: string;
  beforeId?: string;
  limit: number;
}

interface AuditRow {
  id: string;
  at: Date;
  actor: string;
  action: string;
  resource_type: AuditEntryInput['resourceType'];
  blueprint: string | null;
  identifier: string | null;
  before: unknown;
  after: unknown;
  diff: unknown;
}

/** Newest first; `beforeId` continues a previous page. */
export async function listAuditEntries(sql: Sql, filter: AuditFilter): Promise<AuditEntry[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: string, value: unknown) => {
    params.push(value);
    where.push(clause.replace('?', `$${params.length}`));
  };
  if (filter.actor) add('actor = ?', filter.actor);
  if (filter.action) add('action = ?', filter.action);
  if (filter.resourceType) add('resource_type = ?', filter.resourceType);
  if (filter.blueprint) add('blueprint = ?', filter.blueprint);
  if (filter.identifier) add('lower(identifier) = lower(?)', filter.identifier);
  if (filter.from) add('at >= ?::timestamptz', filter.from);
  if (filter.to) add('at < ?::timestamptz', filter.to);
  if (filter.beforeId) add('id < ?::bigint', filter.beforeId);
  params.push(filter.limit);
  const rows = await sql.query<AuditRow>(
    `select id::text as id, at, actor, action, resource_type, blueprint, identifier, before, after, diff from audit_log
     ${where.length ? `where ${where.join(' and ')}` : ''} order by id desc limit $${params.length}`,
    params,
  );
  return rows.map((r) => ({
    id: r.id, at: toIso(r.at), actor: r.actor, action: r.action, resourceType: r.resource_type,
    blueprint: r.blueprint, identifier: r.identifier, before: r.before, after: r.after, diff: r.diff,
  }));
}
