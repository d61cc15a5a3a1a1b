import type { Sql } from '../db/database.ts';
import { toIso } from '../db/rows.ts';
import type { Role } from '@portico/model';

export interface SessionRow {
  id: string;
  userIdentifier: string;
  name: string | null;
  email: string | null;
  role: Role;
  csrfHash: string;
  expiresAt: string;
  revokedAt: string | null;
}

interface Row { id: string; user_identifier: string; name: string | null; email: string | null; role: Role; csrf_hash: string; expires_at: Date; revoked_at: Date | null }

export async function insertSession(sql: Sql, session: Omit<SessionRow, 'revokedAt'>): Promise<void> {
  await sql.query(
    'insert into sessions (id, user_identifier, name, email, role, csrf_hash, expires_at) values ($1, $2, $3, $4, $5, $6, $7::timestamptz)',
    [session.id, session.userIdentifier, session.name, session.email, session.role, session.csrfHash, session.expiresAt],
  );
}

export async function findSession(sql: Sql, id: string): Promise<SessionRow | null> {
  const rows = await sql.query<Row>('select id, user_identifier, name, email, role, csrf_hash, expires_at, revoked_at from sessions where id = $1', [id], { prepare: 'session_by_id' });
  const row = rows[0];
  return row ? {
    id: row.id, userIdentifier: row.user_identifier, name: row.name, email: row.email, role: row.role, csrfHash: row.csrf_hash,
    expiresAt: toIso(row.expires_at), revokedAt: row.revoked_at ? toIso(row.revoked_at) : null,
  } : null;
}

export async function revokeSession(sql: Sql, id: string): Promise<void> {
  await sql.query('update sessions set revoked_at = now() where id = $1 and revoked_at is null', [id]);
}

export async function saveLoginState(sql: Sql, login: { state: string; codeVerifier: string; nonce: string; returnTo: string }): Promise<void> {
  // Logins abandoned for an hour are dropped on the way.
  await sql.query(`delete from oidc_logins where created_at < now() - interval '1 hour'`);
  await sql.query('insert into oidc_logins (state, code_verifier, nonce, return_to) values ($1, $2, $3, $4)', [login.state, login.codeVerifier, login.nonce, login.returnTo]);
}

/** Takes a login in flight by its state: it can complete once. */
export async function takeLoginState(sql: Sql, state: string): Promise<{ codeVerifier: string; nonce: string; returnTo: string } | null> {
  const rows = await sql.query<{ code_verifier: string; nonce: string; return_to: string }>(
    `delete from oidc_logins where state = $1 and created_at > now() - interval '15 minutes' returning code_verifier, nonce, return_to`, [state]);
  const row = rows[0];
  return row ? { codeVerifier: row.code_verifier, nonce: row.nonce, returnTo: row.return_to } : null;
}
