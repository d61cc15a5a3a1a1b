import type { Sql } from '../db/database.ts';
import type { Role } from './access.ts';

export interface TokenRow {
  id: string;
  name: string;
  role: Role;
}

export async function findTokenByHash(sql: Sql, hash: string): Promise<TokenRow | null> {
  const rows = await sql.query<TokenRow>('select id::text as id, name, role from api_tokens where token_hash = $1', [hash]);
  return rows[0] ?? null;
}

export async function insertToken(sql: Sql, name: string, hash: string, role: Role): Promise<void> {
  await sql.query('insert into api_tokens (name, token_hash, role) values ($1, $2, $3)', [name, hash, role]);
}

export async function countTokens(sql: Sql, name: string): Promise<number> {
  const rows = await sql.query<{ n: number }>('select count(*)::int as n from api_tokens where name = $1', [name]);
  return rows[0]?.n ?? 0;
}

export async function touchToken(sql: Sql, id: string): Promise<void> {
  await sql.query('update api_tokens set last_used_at = now() where id = $1::bigint', [id]);
}
