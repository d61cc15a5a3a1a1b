import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { PROPERTY_OPERATORS } from '@portico/model';
import type { Portico } from '../app.ts';
import { startTestPortico } from '../testing/test-portico.ts';
import { testEngine } from '../testing/test-database.ts';

// Property-based: whatever a client sends to the query language or as an entity, the answer is a
// 2xx or a 4xx with an error body — never a 5xx, never a SQL error.
describe(`no input crashes the server (${testEngine()})`, () => {
  let portico: Portico;
  before(async () => {
    portico = await startTestPortico();
    await portico.app.inject({ method: 'POST', url: '/api/v1/blueprints', payload: {
      identifier: 'svc', schema: { properties: { n: { type: 'number' }, s: { type: 'string' }, d: { type: 'string', format: 'date-time' }, a: { type: 'array' }, o: { type: 'object' }, b: { type: 'boolean' } }, required: [] },
      relations: { owner: { target: 'team', many: false, required: false }, deps: { target: '*', many: true, required: false } },
    } });
    await portico.app.inject({ method: 'POST', url: '/api/v1/blueprints/team/entities', payload: { identifier: 't1' } });
    await portico.app.inject({ method: 'POST', url: '/api/v1/blueprints/svc/entities', payload: { identifier: 's1', properties: { n: 1, s: 'x', a: [1, 'b'], o: { k: 1 } }, relations: { owner: 't1' } } });
  });
  after(async () => portico.close());

  const anyValue = fc.oneof(fc.jsonValue(), fc.string(), fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), fc.constant({ preset: 'lastWeek' }), fc.record({ from: fc.string(), to: fc.string() }));
  const property = fc.oneof(fc.constantFrom('n', 's', 'd', 'a', 'o', 'b', 'owner', 'deps', 'nope', '$identifier', '$title', '$team', '$blueprint', '$createdAt', '$updatedAt', '$bogus', 'relations.owner', 'properties.o.k'), fc.string(), fc.array(fc.string(), { minLength: 1, maxLength: 3 }));
  const propertyRule = fc.record({ property, operator: fc.oneof(fc.constantFrom(...PROPERTY_OPERATORS), fc.string()), value: anyValue }, { requiredKeys: ['property', 'operator'] });
  const relatedTo = fc.record({ operator: fc.constant('relatedTo'), blueprint: fc.constantFrom('svc', 'team', 'x'), identifier: fc.string({ minLength: 1 }), direction: fc.constantFrom('upstream', 'downstream'), maxHops: fc.integer({ min: 0, max: 20 }) }, { requiredKeys: ['operator', 'blueprint'] });
  const { group } = fc.letrec((tie) => ({
    group: fc.record({ combinator: fc.constantFrom('and', 'or'), rules: fc.array(fc.oneof({ depthSize: 'small' }, propertyRule, relatedTo, tie('group')), { maxLength: 4 }) }),
  }));
  const search = fc.record({
    query: fc.oneof(group, fc.jsonValue()),
    sort: fc.array(fc.record({ property, order: fc.constantFrom('asc', 'desc') }), { maxLength: 2 }),
    limit: fc.oneof(fc.integer({ min: -5, max: 2000 }), fc.constant(undefined)),
    cursor: fc.oneof(fc.string(), fc.constant(undefined)),
  }, { requiredKeys: [] });

  test('the query language', async () => {
    await fc.assert(fc.asyncProperty(search, async (body) => {
      const response = await portico.app.inject({ method: 'POST', url: '/api/v1/entities/search', payload: JSON.parse(JSON.stringify(body)) as object });
      assert.ok(response.statusCode < 500, `${response.statusCode} ${response.body} for ${JSON.stringify(body)}`);
      if (response.statusCode >= 400) assert.ok(response.json<{ error: { code: string } }>().error.code);
    }), { numRuns: 300 });
  });

  test('entity payloads', async () => {
    const entity = fc.record({
      identifier: fc.oneof(fc.string(), fc.constantFrom('s1', 's2', 'S1')),
      title: fc.oneof(fc.string(), fc.jsonValue()),
      team: fc.oneof(fc.string(), fc.array(fc.string()), fc.jsonValue()),
      properties: fc.oneof(fc.dictionary(fc.constantFrom('n', 's', 'd', 'a', 'o', 'b', 'zz'), anyValue), fc.jsonValue()),
      relations: fc.oneof(fc.dictionary(fc.constantFrom('owner', 'deps', 'zz'), fc.oneof(fc.string(), fc.array(fc.string()), fc.constant(null), fc.constantFrom('t1', 'team:t1', 'svc:s1'))), fc.jsonValue()),
    }, { requiredKeys: [] });
    await fc.assert(fc.asyncProperty(entity, fc.constantFrom('POST', 'PUT', 'PATCH'), async (body, method) => {
      const url = method === 'POST' ? '/api/v1/blueprints/svc/entities?upsert=true' : '/api/v1/blueprints/svc/entities/s1';
      const response = await portico.app.inject({ method, url, payload: JSON.parse(JSON.stringify(body)) as object });
      assert.ok(response.statusCode < 500, `${response.statusCode} ${response.body} for ${method} ${JSON.stringify(body)}`);
    }), { numRuns: 300 });
  });
});
