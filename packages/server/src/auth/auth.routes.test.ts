import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Portico } from '../app.ts';
import Fastify from 'fastify';
import { type RouteAccess, registerAuthHook } from './auth.hook.ts';
import { startTestPortico } from '../testing/test-portico.ts';
import { testEngine } from '../testing/test-database.ts';


describe(`authentication and authorization on every route (${testEngine()})`, () => {
  let portico: Portico;
  const routes: RouteAccess[] = [];

  before(async () => {
    // No guest: as when Portico listens beyond loopback.
    portico = await startTestPortico({ guest: false });
    routes.push(...portico.routes);
  });
  after(async () => portico.close());

  test('every registered route declares its access, and registering one without it fails', async () => {
    assert.ok(routes.length > 20, `only ${routes.length} routes found`);
    for (const route of routes) assert.ok(route.access, `${route.method} ${route.url}`);
    const bare = Fastify();
    registerAuthHook(bare, portico.services.auth);
    bare.get('/guarded', { config: { access: 'read' } }, async () => 'ok');
    assert.throws(() => bare.get('/unguarded', async () => 'open'), /declares no config.access/);
    await bare.close();
  });

  test('without a token, every non-public route answers 401, and public ones do not', async () => {
    for (const route of routes) {
      const url = route.url.replace(/:(\w+)/g, 'x').replace('*', 'index.html');
      const response = await portico.app.inject({ method: route.method as 'GET', url, ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: {} }) });
      if (route.access === 'public') assert.notEqual(response.statusCode, 401, `${route.method} ${route.url}`);
      else {
        assert.equal(response.statusCode, 401, `${route.method} ${route.url}`);
        assert.equal(response.json<{ error: { code: string } }>().error.code, 'UNAUTHENTICATED');
      }
    }
  });

  test('tokens carry roles: a reader reads but cannot write; an invalid token is refused', async () => {
    const reader = await portico.services.auth.createToken('ci-reader', 'read');
    const admin = await portico.services.auth.createToken('ops', 'admin');
    const as = (token: string) => ({ authorization: `Bearer ${token}` });
    assert.equal((await portico.app.inject({ method: 'GET', url: '/api/v1/blueprints', headers: as(reader) })).statusCode, 200);
    const denied = await portico.app.inject({ method: 'POST', url: '/api/v1/blueprints', headers: as(reader), payload: { identifier: 'x' } });
    assert.equal(denied.statusCode, 403);
    const created = await portico.app.inject({ method: 'POST', url: '/api/v1/blueprints', headers: as(admin), payload: { identifier: 'by-admin' } });
    assert.equal(created.statusCode, 201);
    assert.equal(created.json<{ blueprint: { createdBy: string } }>().blueprint.createdBy, 'token:ops');
    assert.equal((await portico.app.inject({ method: 'GET', url: '/api/v1/blueprints', headers: as('ptc_forged') })).statusCode, 401);
    const tokens = await portico.services.db.query<{ token_hash: string }>('select token_hash from api_tokens');
    assert.ok(tokens.every((t) => /^[0-9a-f]{64}$/.test(t.token_hash) && t.token_hash !== admin), 'stored hashed');
  });

  test('errors never leak as 5xx for malformed bodies, huge bodies or bad JSON', async () => {
    const admin = await portico.services.auth.createToken('ops2', 'admin');
    const headers = { authorization: `Bearer ${admin}`, 'content-type': 'application/json' };
    const badJson = await portico.app.inject({ method: 'POST', url: '/api/v1/blueprints', headers, payload: '{"identifier": ' });
    assert.equal(badJson.statusCode, 400);
    const wrongType = await portico.app.inject({ method: 'POST', url: '/api/v1/blueprints', headers: { ...headers, 'content-type': 'application/xml' }, payload: '<a/>' });
    assert.equal(wrongType.statusCode, 415);
    const notFound = await portico.app.inject({ method: 'GET', url: '/api/v1/nothing-here', headers });
    assert.equal(notFound.statusCode, 404);
  });
});
