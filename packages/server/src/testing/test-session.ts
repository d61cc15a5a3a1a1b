import { randomBytes } from 'node:crypto';
import type { Database } from '../db/database.ts';
import { CSRF_COOKIE, SESSION_COOKIE, hashToken } from '../auth/auth.service.ts';
import { insertSession } from '../auth/session.repo.ts';

/**
 * A signed-in browser session for a user, as a completed OIDC sign-in leaves it (the sign-in
 * itself is tested end to end in the browser): the headers a browser would send.
 */
export async function openTestSession(db: Database, user: string): Promise<{ cookie: string; csrf: string; headers: (write: boolean) => Record<string, string> }> {
  const secret = randomBytes(32).toString('base64url');
  const csrf = randomBytes(24).toString('base64url');
  await insertSession(db, {
    id: hashToken(secret), userIdentifier: user, name: user, email: `${user}@example.com`, role: 'member', csrfHash: hashToken(csrf),
    expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
  });
  const cookie = `${SESSION_COOKIE}=${secret}; ${CSRF_COOKIE}=${csrf}`;
  return { cookie, csrf, headers: (write) => ({ cookie, ...(write ? { 'x-csrf-token': csrf } : {}) }) };
}
