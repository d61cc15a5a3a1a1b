import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Portico } from '../app.ts';
import { type Access, systemActor } from './access.ts';
import { startTestPortico } from '../testing/test-portico.ts';
import { testEngine } from '../testing/test-database.ts';
import { openTestSession } from '../testing/test-session.ts';

/** Who calls, and which route accesses they should pass. */
interface Caller {
  name: string;
  headers: (write: boolean) => Record<string, string>;
  passes: Access[] | 'none';
  /** Whether a write (not GET) must be refused whatever the route's access. */
  refusesWrites?: boolean;
}

const ALL: Access[] = ['public', 'read', 'write', 'moderate', 'admin'];
const bearer = (token: () => string) => () => ({ authorization: `Bearer ${token()}` });

/**
 * The access matrix: every registered route (from the route table) against every kind of caller:
 * people of each role through a browser session and through personal tokens, integrations
 * through service tokens of each scope, and credentials that must fail. A caller who may use a
 * route gets anything but 401/403 (400 or 404 are fine: the test sends placeholder parameters);
 * a caller who may not gets exactly 401 or 403.
 */
describe(`access matrix: every route × every kind of caller (${testEngine()})`, () => {
  let portico: Portico;
  const tokens: Record<string, string> = {};
  const sessions: Record<string, (write: boolean) => Record<string, string>> = {};
  const session = (user: string) => (write: boolean) => sessions[user]?.(write) ?? {};
  const callers: Caller[] = [
    { name: 'anonymous', headers: () => ({}), passes: ['public'] },
    { name: 'service token (read)', headers: bearer(() => tokens.read ?? ''), passes: ['public', 'read'] },
    { name: 'service token (write)', headers: bearer(() => tokens.write ?? ''), passes: ['public', 'read', 'write'] },
    { name: 'service token (admin)', headers: bearer(() => tokens.admin ?? ''), passes: ALL },
    { name: 'admin session', headers: session('ada'), passes: ALL },
    { name: 'moderator session', headers: session('mo'), passes: ['public', 'read', 'write', 'moderate'] },
    { name: 'member session', headers: session('mem'), passes: ['public', 'read', 'write'] },
    { name: 'viewer session', headers: session('vi'), passes: ['public', 'read'] },
    { name: 'member personal token (write)', headers: bearer(() => tokens.memberWrite ?? ''), passes: ['public', 'read', 'write'] },
    { name: 'admin personal token (read)', headers: bearer(() => tokens.adminRead ?? ''), passes: ['public', 'read'] },
    { name: 'revoked admin token', headers: bearer(() => tokens.revoked ?? ''), passes: 'none' },
    { name: 'expired admin token', headers: bearer(() => tokens.expired ?? ''), passes: 'none' },
    { name: 'forged token', headers: () => ({ authorization: 'Bearer ptc_forged0000000000000000000000000000000000' }), passes: 'none' },
    // An admin's cookie without the CSRF header: reads work, every write is refused.
    { name: 'admin session without CSRF token', headers: (write) => ({ cookie: session('ada')(write).cookie ?? '' }), passes: ALL, refusesWrites: true },
  ];

  before(async () => {
    portico = await startTestPortico({ guest: false });
    const { auth, access, entities, db } = portico.services;
    const root = systemActor('matrix');
    tokens.read = await auth.createToken('m-read', 'read');
    tokens.write = await auth.createToken('m-write', 'write');
    tokens.admin = await auth.createToken('m-admin', 'admin');
    for (const [user, role] of [['ada', 'admin'], ['mo', 'moderator'], ['mem', 'member'], ['vi', 'viewer']] as const) {
      await entities.writeOne('user', { identifier: user, title: user }, { mode: 'create', actor: 'matrix', createMissingRelated: false });
      await access.setRole(user, role === 'moderator' ? { role, moderates: ['component'] } : { role }, root);
      sessions[user] = (await openTestSession(db, user)).headers;
    }
    tokens.memberWrite = (await auth.issue({ name: 'mem-token', kind: 'personal', scopes: ['read', 'write'] }, await auth.actorForUser('mem'))).secret;
    tokens.adminRead = (await auth.issue({ name: 'ada-read', kind: 'personal', scopes: ['read'] }, await auth.actorForUser('ada'))).secret;
    const revoked = await auth.issue({ name: 'm-revoked', kind: 'service', scopes: ['read', 'write', 'admin'] }, root);
    await auth.revoke(revoked.token.id, root);
    tokens.revoked = revoked.secret;
    const expired = await auth.issue({ name: 'm-expired', kind: 'service', scopes: ['read', 'write', 'admin'], expiresAt: new Date(Date.now() + 60_000).toISOString() }, root);
    await db.query(`update api_tokens set expires_at = now() - interval '1 minute' where id = $1::bigint`, [expired.token.id]);
    tokens.expired = expired.secret;
  });
  after(async () => portico.close());

  test('each caller passes exactly the routes their role and credential allow', async () => {
    const failures: string[] = [];
    let cells = 0;
    // Signing out ends the sessions the other cells use: it goes last.
    const isSignOut = (url: string) => (url === '/auth/logout' ? 1 : 0);
    for (const route of [...portico.routes].sort((a, b) => isSignOut(a.url) - isSignOut(b.url))) {
      const url = route.url.replace(/:(\w+)/g, 'x').replace('*', 'index.html');
      const write = !['GET', 'HEAD', 'OPTIONS'].includes(route.method);
      for (const caller of callers) {
        cells++;
        const response = await portico.app.inject({
          method: route.method as 'GET', url, headers: caller.headers(write),
          ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: {} }),
        });
        const denied = response.statusCode === 401 || response.statusCode === 403;
        const shouldPass = caller.passes !== 'none' && caller.passes.includes(route.access) && !(write && caller.refusesWrites);
        if (shouldPass === denied) failures.push(`${caller.name} ${route.method} ${route.url} (${route.access}) → ${response.statusCode}`);
        if (response.statusCode >= 500) failures.push(`${caller.name} ${route.method} ${route.url} → ${response.statusCode} ${response.body.slice(0, 200)}`);
      }
    }
    console.log(`access matrix: ${portico.routes.length} routes × ${callers.length} callers = ${cells} cells, ${failures.length} failures`);
    assert.ok(cells >= 600, `only ${cells} cells`);
    assert.deepEqual(failures, []);
  });
});
