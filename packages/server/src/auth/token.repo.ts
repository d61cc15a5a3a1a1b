import type { Sql } from '../db/database.ts';
import { toIso } from '../db/rows.ts';
import type { Scope } from './access.ts';

/** A token as lists show it: never its secret or its hash. */
export interface TokenInfo {
  id: string;
  name: string;
  kind: 'personal' | 'service';
  owner: string | null;
  scopes: Scope[];
  prefix: string;
  createdAt: string;
  createdBy: string | null;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

interface Row {
  id: string; name: string; kind: 'personal' | 'service'; owner: string | null; scopes: Scope[]; prefix: string;
  created_at: Date; created_by: string | null; expires_at: Date | null; last_used_at: Date | null; revoked_at: Date | null;
}

const COLUMNS = 'id::text as id, name, kind, owner, scopes, prefix, created_at, created_by, expires_at, last_used_at, revoked_at';
const iso = (value: Date | null) => (value ? toIso(value) : null);
const toInfo = (row: Row): TokenInfo => ({
  id: row.id, name: row.name, kind: row.kind, owner: row.owner, scopes: row.scopes, prefix: row.prefix,
  createdAt: toIso(row.created_at), createdBy: row.created_by, expiresAt: iso(row.expires_at), lastUsedAt: iso(row.last_used_at), revokedAt: iso(row.revoked_at),
});

export async function findTokenByHash(sql: Sql, hash: string): Promise<TokenInfo | null> {
  const rows = await sql.query<Row>(`select ${COLUMNS} from api_tokens where token_hash = $1`, [hash], { prepare: 'token_by_hash' });
  return rows[0] ? toInfo(rows[0]) : null;
}

export async function findToken(sql: Sql, id: string): Promise<TokenInfo | null> {
  const rows = await sql.query<Row>(`select ${COLUMNS} from api_tokens where id = $1::bigint`, [id]);
  return rows[0] ? toInfo(rows[0]) : null;
}

export interface NewToken {
  name: string;
  kind: 'personal' | 'service';
  owner: string | null;
  scopes: Scope[];
  prefix: string;
  hash: string;
  expiresAt: string | null;
  createdBy: string | null;
}

export async function insertToken(sql: Sql, token: NewToken): Promise<TokenInfo> {
  // `role` predates scopes; it keeps the highest scope for older readers of the table.
  const role = token.scopes.includes('admin') ? 'admin' : token.scopes.includes('write') ? 'writer' : 'reader';
  const rows = await sql.query<Row>(
    `insert into api_tokens (name, token_hash, role, kind, owner, scopes, prefix, expires_at, created_by)
     values ($1, $2, $3, $4, $5, $6::text[], $7, $8::timestamptz, $9) returning ${COLUMNS}`,
    [token.name, token.hash, role, token.kind, token.owner, token.scopes, token.prefix, token.expiresAt, token.createdBy],
  );
  return toInfo(rows[0] as Row);
}

/** Tokens, newest first: all of them, or those a person owns. */
export async function listTokens(sql: Sql, owner: string | null): Promise<TokenInfo[]> {
  const rows = owner === null
    ? await sql.query<Row>(`select ${COLUMNS} from api_tokens order by id desc`)
    : await sql.query<Row>(`select ${COLUMNS} from api_tokens where owner = $1 order by id desc`, [owner]);
  return rows.map(toInfo);
}

export async function countActiveTokens(sql: Sql, scope: Scope): Promise<number> {
  const rows = await sql.query<{ n: number }>('select count(*)::int as n from api_tokens where $1 = any(scopes) and revoked_at is null', [scope]);
  return rows[0]?.n ?? 0;
}

export async function revokeToken(sql: Sql, id: string): Promise<void> {
  await sql.query('update api_tokens set revoked_at = now() where id = $1::bigint and revoked_at is null', [id]);
}

export async function touchToken(sql: Sql, id: string): Promise<void> {
  await sql.query('update api_tokens set last_used_at = now() where id = $1::bigint', [id]);
}
