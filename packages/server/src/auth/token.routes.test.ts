import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Portico } from '../app.ts';
import { startTestPortico } from '../testing/test-portico.ts';
import { testEngine } from '../testing/test-database.ts';

interface Token { id: string; name: string; kind: string; owner: string | null; scopes: string[]; prefix: string; expiresAt: string | null; lastUsedAt: string | null; revokedAt: string | null }
type Body = { secret?: string; token?: Token; tokens?: Token[]; error?: { code: string; message: string; details: { path: string }[] } };

describe(`API tokens: scopes, expiry, revocation (${testEngine()})`, () => {
  let portico: Portico;
  let admin = '';
  let writer = '';
  const call = async (token: string | null, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown) => {
    const response = await portico.app.inject({ method, url, headers: token ? { authorization: `Bearer ${token}` } : {}, ...(payload === undefined ? {} : { payload: payload as object }) });
    return { status: response.statusCode, body: (response.body ? response.json() : null) as Body, raw: response.body, headers: response.headers };
  };
  before(async () => {
    portico = await startTestPortico({ guest: false });
    admin = await portico.services.auth.createToken('root', 'admin');
    writer = await portico.services.auth.createToken('dev', 'write');
  });
  after(async () => portico.close());

  test('a token is shown once, stored hashed, listed without its secret, and works within its scopes', async () => {
    const created = await call(admin, 'POST', '/api/v1/tokens', { name: 'ci-deploy', kind: 'service', scopes: ['read', 'write'], expiresInDays: 30 });
    assert.equal(created.status, 201);
    assert.equal(created.headers['cache-control'], 'no-store');
    const secret = created.body.secret ?? '';
    assert.match(secret, /^ptc_/);
    assert.equal(created.body.token?.prefix, secret.slice(0, 10));
    assert.deepEqual(created.body.token?.scopes, ['read', 'write']);
    const stored = await portico.services.db.query<{ token_hash: string }>('select token_hash from api_tokens where name = $1', ['ci-deploy']);
    assert.notEqual(stored[0]?.token_hash, secret);
    assert.equal(stored[0]?.token_hash.length, 64);

    const listed = await call(admin, 'GET', '/api/v1/tokens');
    assert.ok(listed.body.tokens?.some((t) => t.name === 'ci-deploy'));
    assert.ok(!listed.raw.includes(secret) && !listed.raw.includes(stored[0]?.token_hash ?? '-'), 'neither secret nor hash is ever returned');

    assert.equal((await call(secret, 'POST', '/api/v1/blueprints/team/entities', { identifier: 'from-ci' })).status, 201);
    const adminOnly = await call(secret, 'POST', '/api/v1/blueprints', { identifier: 'nope', title: 'Nope' });
    assert.equal(adminOnly.status, 403, 'a write-scoped token cannot do admin things');
    const used = (await call(admin, 'GET', '/api/v1/tokens')).body.tokens?.find((t) => t.name === 'ci-deploy');
    assert.ok(used?.lastUsedAt, 'last use is recorded');
  });

  test('revoked and expired tokens are refused, saying why; revocation is audited', async () => {
    const { body } = await call(admin, 'POST', '/api/v1/tokens', { name: 'short-lived', kind: 'service', scopes: ['read'] });
    const secret = body.secret ?? '';
    assert.equal((await call(secret, 'GET', '/api/v1/blueprints')).status, 200);
    const revoked = await call(admin, 'DELETE', `/api/v1/tokens/${body.token?.id}`);
    assert.equal(revoked.status, 200);
    assert.ok(revoked.body.token?.revokedAt);
    const refused = await call(secret, 'GET', '/api/v1/blueprints');
    assert.equal(refused.status, 401);
    assert.match(refused.body.error?.message ?? '', /revoked/);

    const { body: expiring } = await call(admin, 'POST', '/api/v1/tokens', { name: 'expiring', kind: 'service', scopes: ['read'], expiresAt: new Date(Date.now() + 60_000).toISOString() });
    await portico.services.db.query(`update api_tokens set expires_at = now() - interval '1 second' where id = $1::bigint`, [expiring.token?.id]);
    const expired = await call(expiring.secret ?? '', 'GET', '/api/v1/blueprints');
    assert.equal(expired.status, 401);
    assert.match(expired.body.error?.message ?? '', /expired/);

    const audit = await portico.services.db.query<{ action: string; identifier: string }>(`select action, identifier from audit_log where resource_type = 'token' order by id`);
    assert.ok(audit.some((a) => a.action === 'delete' && a.identifier === 'short-lived'));
    assert.ok(audit.some((a) => a.action === 'create' && a.identifier === 'ci-deploy'));
    const logged = JSON.stringify(await portico.services.db.query('select before, after from audit_log where resource_type = $1', ['token']));
    assert.ok(!logged.includes(secret) && !logged.includes(expiring.secret ?? '-'), 'no secret in the audit log (the short prefix is no secret)');
  });

  test('people make personal tokens within their own role, see only their own, and cannot revoke others', async () => {
    const personal = await call(writer, 'POST', '/api/v1/tokens', { name: 'laptop', scopes: ['read', 'write'] });
    assert.equal(personal.status, 201);
    assert.equal(personal.body.token?.kind, 'personal');
    assert.equal(personal.body.token?.owner, 'token:dev');
    const beyond = await call(writer, 'POST', '/api/v1/tokens', { name: 'escalate', scopes: ['admin'] });
    assert.equal(beyond.status, 403);
    assert.equal(beyond.body.error?.details[0]?.path, '/scopes');
    const service = await call(writer, 'POST', '/api/v1/tokens', { name: 'svc', kind: 'service', scopes: ['read'] });
    assert.equal(service.status, 403);
    assert.equal(service.body.error?.details[0]?.path, '/kind');
    const mine = await call(writer, 'GET', '/api/v1/tokens');
    assert.deepEqual(mine.body.tokens?.map((t) => t.name), ['laptop']);
    const adminsToken = (await call(admin, 'GET', '/api/v1/tokens')).body.tokens?.find((t) => t.name === 'ci-deploy');
    assert.equal((await call(writer, 'DELETE', `/api/v1/tokens/${adminsToken?.id}`)).status, 404);

    // A personal token acts as its owner in the audit log.
    const laptop = personal.body.secret ?? '';
    assert.equal((await call(laptop, 'POST', '/api/v1/blueprints/team/entities', { identifier: 'via-laptop' })).status, 201);
    const [entry] = await portico.services.db.query<{ actor: string }>(`select actor from audit_log where identifier = 'via-laptop'`);
    assert.equal(entry?.actor, 'token:dev');
  });

  test('bad token requests are refused with the field named', async () => {
    const cases: [unknown, string][] = [
      [{ name: '' }, '/name'],
      [{ name: 'x', scopes: [] }, '/scopes'],
      [{ name: 'x', scopes: ['root'] }, '/scopes/0'],
      [{ name: 'x', expiresAt: 'tomorrow' }, '/expiresAt'],
      [{ name: 'x', expiresAt: '2001-01-01T00:00:00Z' }, '/expiresAt'],
      [{ name: 'x', expiresInDays: 5, expiresAt: new Date(Date.now() + 1e9).toISOString() }, '/expiresInDays'],
    ];
    for (const [payload, path] of cases) {
      const response = await call(admin, 'POST', '/api/v1/tokens', payload);
      assert.equal(response.status, 400, JSON.stringify(payload));
      assert.ok(response.body.error?.details.some((d) => d.path.startsWith(path)), `${JSON.stringify(payload)} → ${JSON.stringify(response.body.error)}`);
    }
    assert.equal((await call(null, 'POST', '/api/v1/tokens', { name: 'anon' })).status, 401);
  });
});
