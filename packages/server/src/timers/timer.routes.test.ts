import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Portico } from '../app.ts';
import { startTestPortico } from '../testing/test-portico.ts';
import { testEngine } from '../testing/test-database.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies are read field by field

describe(`TTL timers (${testEngine()})`, () => {
  let portico: Portico;
  const call = async (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) => {
    const response = await portico.app.inject({ method, url, ...(payload === undefined ? {} : { payload: payload as object }) });
    return { status: response.statusCode, body: (response.body ? response.json() : null) as Json };
  };
  before(async () => {
    portico = await startTestPortico();
    const created = await call('POST', '/api/v1/blueprints', { identifier: 'environment', title: 'Environment', schema: { properties: { ttl: { type: 'string', format: 'timer' } } } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
  });
  after(async () => portico.close());

  test('a passed TTL is recorded once as an event; extending it re-arms it; removing it disarms it', async () => {
    const hour = 3_600_000;
    const at = (offset: number) => new Date(Date.now() + offset).toISOString();
    await call('POST', '/api/v1/entities/bulk', {
      atomic: true,
      entities: [
        { blueprint: 'environment', identifier: 'pr-41', title: 'PR 41 preview', properties: { ttl: at(-hour) } },
        { blueprint: 'environment', identifier: 'pr-42', title: 'PR 42 preview', properties: { ttl: at(hour) } },
        { blueprint: 'environment', identifier: 'pr-43', title: 'PR 43 preview', properties: { ttl: at(-hour) } },
      ],
    });
    const cleared = await portico.app.inject({ method: 'PUT', url: '/api/v1/blueprints/environment/entities/pr-43', payload: { identifier: 'pr-43', title: 'PR 43 preview', properties: {} } });
    assert.equal(cleared.statusCode, 200, 'the TTL removed');
    const { timers } = portico.services;
    assert.equal(await timers.expireDue(), 1, 'pr-41 only: pr-42 is in the future, pr-43 has no TTL any more');
    assert.equal(await timers.expireDue(), 0, 'recorded once');
    const events = (await call('GET', '/api/v1/entity-events?type=TIMER_EXPIRED')).body.events;
    assert.deepEqual(events.map((e: Json) => [e.identifier, e.detail.property]), [['pr-41', 'ttl']]);

    await call('PATCH', '/api/v1/blueprints/environment/entities/pr-41', { properties: { ttl: at(-hour / 2) } });
    assert.equal(await timers.expireDue(), 1, 'a changed TTL is a new timer');
    assert.equal(await timers.expireDue(new Date(Date.now() + 2 * hour)), 1, 'pr-42 expires when its time comes');
  });
});
