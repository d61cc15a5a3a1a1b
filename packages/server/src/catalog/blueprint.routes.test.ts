import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Portico } from '../app.ts';
import { startTestPortico } from '../testing/test-portico.ts';
import { testEngine } from '../testing/test-database.ts';

const serviceBlueprint = {
  identifier: 'service',
  title: 'Service',
  schema: {
    properties: {
      tier: { type: 'number', minimum: 1, maximum: 3 },
      language: { type: 'string', enum: ['go', 'ts', 'java'] },
      url: { type: 'string', format: 'url' },
    },
    required: ['tier'],
  },
  relations: { owner: { target: 'team', many: false, required: false } },
};

describe(`blueprints API (${testEngine()})`, () => {
  let portico: Portico;
  before(async () => {
    portico = await startTestPortico();
  });
  after(async () => portico.close());

  const inject = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
    portico.app.inject({ method, url, ...(payload === undefined ? {} : { payload: payload as object }) });

  test('ships team, user and the Backstage kinds as ordinary blueprints', async () => {
    const response = await inject('GET', '/api/v1/blueprints');
    assert.equal(response.statusCode, 200);
    const ids = response.json<{ blueprints: { identifier: string }[] }>().blueprints.map((b) => b.identifier);
    for (const id of ['team', 'user', 'domain', 'system', 'component', 'api', 'resource', 'location', 'template']) assert.ok(ids.includes(id), id);
    const component = (await inject('GET', '/api/v1/blueprints/component')).json<{ blueprint: { relations: Record<string, { target: unknown }> } }>().blueprint;
    assert.deepEqual(component.relations.owner?.target, ['team', 'user']);
    assert.equal(component.relations.dependsOn?.target, '*');
  });

  test('creates a blueprint and refuses a duplicate', async () => {
    const created = await inject('POST', '/api/v1/blueprints', serviceBlueprint);
    assert.equal(created.statusCode, 201);
    assert.equal(created.json<{ blueprint: { version: number } }>().blueprint.version, 1);
    const again = await inject('POST', '/api/v1/blueprints', serviceBlueprint);
    assert.equal(again.statusCode, 409);
    assert.equal(again.json<{ error: { code: string } }>().error.code, 'CONFLICT');
  });

  test('rejects malformed blueprints naming the field', async () => {
    const cases: [unknown, string][] = [
      [{ identifier: 'bad id!' }, '/identifier'],
      [{ identifier: 'x1', schema: { properties: { a: { type: 'text' } } } }, '/schema/properties/a/type'],
      [{ identifier: 'x2', schema: { properties: { a: { type: 'string', pattern: '([' } } } }, '/schema/properties/a/pattern'],
      [{ identifier: 'x3', schema: { properties: {}, required: ['ghost'] } }, '/schema/required/0'],
      [{ identifier: 'x4', relations: { r: { target: 'nowhere' } } }, '/relations/r/target'],
      [{ identifier: 'x5', schema: { properties: { n: { type: 'number', default: 'five' } } } }, '/schema/properties/n/default'],
    ];
    for (const [payload, path] of cases) {
      const response = await inject('POST', '/api/v1/blueprints', payload);
      assert.equal(response.statusCode, 400, JSON.stringify(payload));
      const body = response.json<{ error: { details: { path: string }[] } }>();
      assert.ok(body.error.details.some((d) => d.path === path), `${path} in ${JSON.stringify(body.error.details)}`);
    }
    const list = (await inject('GET', '/api/v1/blueprints')).json<{ blueprints: { identifier: string }[] }>().blueprints;
    assert.ok(!list.some((b) => b.identifier.startsWith('x')), 'nothing half-saved');
  });

  test('refuses a new required property that existing entities lack, saying how many and which', async () => {
    for (const id of ['a', 'b', 'c']) {
      assert.equal((await inject('POST', '/api/v1/blueprints/service/entities', { identifier: id, properties: { tier: 1 } })).statusCode, 201);
    }
    const patch = await inject('PATCH', '/api/v1/blueprints/service', { schema: { properties: { runbook: { type: 'string' } }, required: ['tier', 'runbook'] } });
    assert.equal(patch.statusCode, 409);
    const error = patch.json<{ error: { message: string; details: { path: string; message: string }[] } }>().error;
    assert.match(error.message, /3 entities lack the new required property "runbook" \(a, b, c\)/);
    assert.equal(error.details[0]?.path, '/schema/required/1');
    const current = (await inject('GET', '/api/v1/blueprints/service')).json<{ blueprint: { version: number; schema: { required: string[] } } }>().blueprint;
    assert.deepEqual(current.schema.required, ['tier']);
    assert.equal(current.version, 1);
  });

  test('refuses a type change existing values do not fit, and accepts a compatible change', async () => {
    const refused = await inject('PATCH', '/api/v1/blueprints/service', { schema: { properties: { tier: { type: 'string' } } } });
    assert.equal(refused.statusCode, 409);
    assert.match(refused.json<{ error: { message: string } }>().error.message, /3 entities do not fit: \/properties\/tier must be string/);
    const accepted = await inject('PATCH', '/api/v1/blueprints/service', { description: 'Deployable services', schema: { properties: { runbook: { type: 'string', format: 'url' } } } });
    assert.equal(accepted.statusCode, 200);
    const blueprint = accepted.json<{ blueprint: { version: number; description: string; schema: { properties: Record<string, unknown> } } }>().blueprint;
    assert.equal(blueprint.version, 2);
    assert.ok('tier' in blueprint.schema.properties && 'runbook' in blueprint.schema.properties);
  });

  test('deleting a blueprint with entities needs deleteEntities; its audit entries remain', async () => {
    const refused = await inject('DELETE', '/api/v1/blueprints/service');
    assert.equal(refused.statusCode, 409);
    assert.equal((await inject('DELETE', '/api/v1/blueprints/service?deleteEntities=true')).statusCode, 204);
    assert.equal((await inject('GET', '/api/v1/blueprints/service')).statusCode, 404);
    const audit = (await inject('GET', '/api/v1/audit?resourceType=blueprint&blueprint=service')).json<{ entries: { action: string }[] }>().entries;
    assert.deepEqual(audit.map((e) => e.action), ['delete', 'update', 'create']);
  });
});
