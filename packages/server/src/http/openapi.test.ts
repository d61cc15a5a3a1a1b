import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Portico } from '../app.ts';
import { startTestPortico } from '../testing/test-portico.ts';
import { testEngine } from '../testing/test-database.ts';

interface Operation { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>; requestBody?: unknown }
interface Document { openapi: string; paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown> } }

describe(`OpenAPI document (${testEngine()})`, () => {
  let portico: Portico;
  let document: Document;
  before(async () => {
    portico = await startTestPortico();
    const response = await portico.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    assert.equal(response.statusCode, 200);
    document = response.json() as Document;
  });
  after(async () => portico.close());

  test('is OpenAPI 3.1 with the shared schemas as components', () => {
    assert.equal(document.openapi, '3.1.0');
    for (const name of ['Error', 'Entity', 'Blueprint', 'WriteSummary', 'BackstageEntity', 'RuleGroup']) assert.ok(document.components.schemas[name], name);
  });

  test('every API route documents its success response and the error shape', () => {
    const undocumented: string[] = [];
    for (const route of portico.routes) {
      if (!route.url.startsWith('/api/') || route.url.startsWith('/api/docs') || route.url === '/api/v1/openapi.json' || route.url === '/api/v1/export') continue;
      const path = route.url.replace(/:([A-Za-z]+)/g, '{$1}');
      const operation = document.paths[path]?.[route.method.toLowerCase()];
      const codes = Object.keys(operation?.responses ?? {});
      if (!codes.some((c) => /^2/.test(c)) || !codes.includes('4XX')) undocumented.push(`${route.method} ${route.url} [${codes.join(',')}]`);
    }
    assert.deepEqual(undocumented, []);
  });

  test('answers match their documented shape, extra fields kept', async () => {
    const created = await portico.app.inject({ method: 'POST', url: '/api/v1/blueprints/team/entities', payload: { identifier: 'shape-team', properties: { description: 'kept' } } });
    assert.equal(created.statusCode, 201);
    const body = created.json() as { entity: Record<string, unknown>; status: string };
    assert.equal(body.status, 'created');
    assert.deepEqual(Object.keys(body.entity).sort(), ['blueprint', 'createdAt', 'createdBy', 'icon', 'identifier', 'properties', 'relations', 'team', 'title', 'updatedAt', 'updatedBy']);
    assert.deepEqual(body.entity.properties, { description: 'kept' });
    const missing = await portico.app.inject({ method: 'GET', url: '/api/v1/blueprints/nope/entities/x' });
    assert.equal(missing.statusCode, 404);
    assert.deepEqual(Object.keys(missing.json() as object), ['error']);
  });
});
