import type { Sql } from '../db/database.ts';
import { json, toIso } from '../db/rows.ts';
import { currentRequestContext } from '../http/request-context.ts';
import { SqlParams } from '../catalog/sql-params.ts';
import type { Visibility } from '../catalog/visibility.ts';

export interface AuditEntryInput {
  actor: string;
  action: string;
  resourceType: 'blueprint' | 'entity' | 'token' | 'session' | 'request' | 'role' | 'permission' | 'scorecard' | 'initiative' | 'action' | 'run';
  blueprint: string | null;
  identifier: string | null;
  before: unknown;
  after: unknown;
  diff: unknown;
  /** The caller's address; defaults to the current request's. */
  ip?: string | null;
  /** The API token that made the change; defaults to the current request's. */
  tokenId?: string | null;
}

export interface AuditEntry extends AuditEntryInput {
  id: string;
  at: string;
}

/** Writes audit entries in the caller's transaction: one statement for any number of entries. */
export async function insertAuditEntries(sql: Sql, entries: AuditEntryInput[]): Promise<void> {
  if (entries.length === 0) return;
  const context = currentRequestContext();
  await sql.query(
    `insert into audit_log (actor, action, resource_type, blueprint, identifier, before, after, diff, ip, token_id)
     select actor, action, resource_type, blueprint, identifier, before, after, diff, ip, token_id
     from jsonb_to_recordset($1::jsonb) as x(actor text, action text, resource_type text, blueprint text, identifier text, before jsonb, after jsonb, diff jsonb, ip text, token_id text)`,
    [json(entries.map((e) => ({
      actor: e.actor, action: e.action, resource_type: e.resourceType, blueprint: e.blueprint, identifier: e.identifier,
      before: e.before ?? null, after: e.after ?? null, diff: e.diff ?? null, ip: e.ip ?? context?.ip ?? null, token_id: e.tokenId ?? context?.tokenId ?? null,
    })))],
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
  /**
   * For callers who are not admins: only the catalog's history (blueprints and entities), and
   * only of entities they may read (by blueprint, and by the owners before or after the change).
   */
  visibleTo?: Visibility;
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
  ip: string | null;
  token_id: string | null;
}

/** Newest first; `beforeId` continues a previous page. */
export async function listAuditEntries(sql: Sql, filter: AuditFilter): Promise<AuditEntry[]> {
  const where: string[] = [];
  const sqlParams = new SqlParams();
  const params = sqlParams.values;
  const add = (clause: string, value: unknown) => {
    where.push(clause.replace('?', sqlParams.add(value)));
  };
  if (filter.visibleTo) {
    const entity = filter.visibleTo.condition(sqlParams, 'blueprint', (teams) => `(coalesce(after -> 'team', '[]') ?| ${teams} or coalesce(before -> 'team', '[]') ?| ${teams})`);
    where.push(`(resource_type = 'blueprint' or (resource_type = 'entity' and ${entity}))`);
  }
  if (filter.actor) add('actor = ?', filter.actor);
  if (filter.action) add('action = ?', filter.action);
  if (filter.resourceType) add('resource_type = ?', filter.resourceType);
  if (filter.blueprint) add('blueprint = ?', filter.blueprint);
  if (filter.identifier) add('lower(identifier) = lower(?)', filter.identifier);
  if (filter.from) add('at >= ?::timestamptz', filter.from);
  if (filter.to) add('at < ?::timestamptz', filter.to);
  if (filter.beforeId) add('id < ?::bigint', filter.beforeId);
  const limit = sqlParams.add(filter.limit);
  const rows = await sql.query<AuditRow>(
    `select id::text as id, at, actor, action, resource_type, blueprint, identifier, before, after, diff, ip, token_id from audit_log
     ${where.length ? `where ${where.join(' and ')}` : ''} order by audit_log.id desc limit ${limit}`,
    params,
  );
  return rows.map((r) => ({
    id: r.id, at: toIso(r.at), actor: r.actor, action: r.action, resourceType: r.resource_type,
    blueprint: r.blueprint, identifier: r.identifier, before: r.before, after: r.after, diff: r.diff, ip: r.ip, tokenId: r.token_id,
  }));
}

/** Deletes entries older than the retention period; returns how many went. */
export async function pruneAuditEntries(sql: Sql, retentionDays: number): Promise<number> {
  const rows = await sql.query<{ n: number }>(
    `with gone as (delete from audit_log where at < now() - make_interval(days => $1::int) returning 1) select count(*)::int as n from gone`, [retentionDays]);
  return rows[0]?.n ?? 0;
}
