import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Portico } from '../app.ts';
import type { Access } from './access.ts';
import { startTestPortico } from '../testing/test-portico.ts';
import { testEngine } from '../testing/test-database.ts';

/** Who calls, and which route accesses they should pass. */
interface Principal { name: string; token: () => string | null; passes: Access[] | 'none' }

/**
 * The access matrix: every registered route (from the route table) against every kind of caller.
 * A caller who may use a route gets anything but 401/403 (400 or 404 are fine: the test sends
 * placeholder parameters); a caller who may not gets exactly 401 or 403.
 */
describe(`access matrix: every route × every kind of caller (${testEngine()})`, () => {
  let portico: Portico;
  const tokens: Record<string, string> = {};
  const principals: Principal[] = [
    { name: 'anonymous', token: () => null, passes: ['public'] },
    { name: 'reader token', token: () => tokens.reader ?? '', passes: ['public', 'read'] },
    { name: 'writer token', token: () => tokens.writer ?? '', passes: ['public', 'read', 'write'] },
    { name: 'admin token', token: () => tokens.admin ?? '', passes: ['public', 'read', 'write', 'admin'] },
    { name: 'revoked admin token', token: () => tokens.revoked ?? '', passes: 'none' },
    { name: 'expired admin token', token: () => tokens.expired ?? '', passes: 'none' },
    { name: 'forged token', token: () => 'ptc_forged0000000000000000000000000000000000', passes: 'none' },
  ];

  before(async () => {
    portico = await startTestPortico({ guest: false });
    const auth = portico.services.auth;
    tokens.reader = await auth.createToken('m-reader', 'reader');
    tokens.writer = await auth.createToken('m-writer', 'writer');
    tokens.admin = await auth.createToken('m-admin', 'admin');
    const root = { id: 'matrix', role: 'admin' as const };
    const revoked = await auth.issue({ name: 'm-revoked', kind: 'service', scopes: ['read', 'write', 'admin'] }, root);
    await auth.revoke(revoked.token.id, root);
    tokens.revoked = revoked.secret;
    const expired = await auth.issue({ name: 'm-expired', kind: 'service', scopes: ['read', 'write', 'admin'], expiresAt: new Date(Date.now() + 60_000).toISOString() }, root);
    await portico.services.db.query(`update api_tokens set expires_at = now() - interval '1 minute' where id = $1::bigint`, [expired.token.id]);
    tokens.expired = expired.secret;
  });
  after(async () => portico.close());

  test('each caller passes exactly the routes their role allows', async () => {
    const failures: string[] = [];
    let cells = 0;
    for (const route of portico.routes) {
      const url = route.url.replace(/:(\w+)/g, 'x').replace('*', 'index.html');
      for (const principal of principals) {
        cells++;
        const token = principal.token();
        const response = await portico.app.inject({
          method: route.method as 'GET', url,
          headers: token ? { authorization: `Bearer ${token}` } : {},
          ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: {} }),
        });
        const denied = response.statusCode === 401 || response.statusCode === 403;
        const shouldPass = principal.passes !== 'none' && principal.passes.includes(route.access);
        if (shouldPass === denied) failures.push(`${principal.name} ${route.method} ${route.url} (${route.access}) → ${response.statusCode}`);
        if (response.statusCode >= 500) failures.push(`${principal.name} ${route.method} ${route.url} → ${response.statusCode} ${response.body.slice(0, 200)}`);
      }
    }
    console.log(`access matrix: ${portico.routes.length} routes × ${principals.length} callers = ${cells} cells, ${failures.length} failures`);
    assert.ok(cells >= 250, `only ${cells} cells`);
    assert.deepEqual(failures, []);
  });
});
