import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Portico } from '../app.ts';
import { startTestPortico } from '../testing/test-portico.ts';
import { testEngine } from '../testing/test-database.ts';

describe(`hardening: headers, rate limits, body limits (${testEngine()})`, () => {
  let portico: Portico;
  before(async () => {
    portico = await startTestPortico({ guest: false, env: { PORTICO_RATE_LIMIT: '5', PORTICO_BODY_LIMIT: '2048' } });
  });
  after(async () => portico.close());

  test('every answer carries a strict CSP (no inline script, no framing) and nosniff', async () => {
    for (const url of ['/', '/catalog/component', '/api/v1/blueprints', '/healthz']) {
      const response = await portico.app.inject({ method: 'GET', url, headers: { 'x-forwarded-for': `10.0.0.${url.length}` } });
      const csp = String(response.headers['content-security-policy']);
      assert.match(csp, /script-src 'self'(;|$)/, `${url}: ${csp}`);
      assert.match(csp, /frame-ancestors 'none'/);
      assert.match(csp, /object-src 'none'/);
      assert.doesNotMatch(csp, /script-src[^;]*unsafe/);
      assert.equal(response.headers['x-content-type-options'], 'nosniff');
      assert.equal(response.headers['x-frame-options'], 'SAMEORIGIN');
    }
  });

  test('each token or address has its own request budget; the excess answers 429 saying when to retry', async () => {
    const alice = await portico.services.auth.createToken('alice', 'read');
    const bob = await portico.services.auth.createToken('bob', 'read');
    const get = (token: string) => portico.app.inject({ method: 'GET', url: '/api/v1/blueprints', headers: { authorization: `Bearer ${token}` } });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await get(alice)).statusCode);
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429]);
    const limited = await get(alice);
    assert.equal(limited.json<{ error: { code: string; message: string } }>().error.code, 'RATE_LIMITED');
    assert.match(limited.json<{ error: { message: string } }>().error.message, /limit is 5 a minute; retry in \d+ s/);
    assert.ok(limited.headers['retry-after']);
    assert.equal((await get(bob)).statusCode, 200, 'another token keeps its own budget');
    // Guessing tokens from one address is limited too.
    const guesses: number[] = [];
    for (let i = 0; i < 7; i++) guesses.push((await portico.app.inject({ method: 'GET', url: '/api/v1/blueprints', remoteAddress: '192.0.2.7' })).statusCode);
    assert.equal(guesses.at(-1), 429);
  });

  test('an oversized body is refused with 413 before any work', async () => {
    const admin = await portico.services.auth.createToken('big', 'admin');
    const response = await portico.app.inject({
      method: 'POST', url: '/api/v1/blueprints/team/entities', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ identifier: 'huge', properties: { description: 'x'.repeat(5000) } }),
    });
    assert.equal(response.statusCode, 413);
    assert.equal(response.json<{ error: { code: string } }>().error.code, 'PAYLOAD_TOO_LARGE');
  });
});
