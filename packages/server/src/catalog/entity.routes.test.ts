import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Portico } from '../app.ts';
import { startTestPortico } from '../testing/test-portico.ts';
import { testEngine } from '../testing/test-database.ts';

type Json = Record<string, unknown>;

describe(`entities API (${testEngine()})`, () => {
  let portico: Portico;
  const inject = async (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown) => {
    const response = await portico.app.inject({ method, url, ...(payload === undefined ? {} : { payload: payload as object }) });
    return { status: response.statusCode, body: (response.body ? response.json() : null) as Json & { error?: { code: string; message: string; details: { path: string; message: string }[] } } };
  };
  const count = async () => (await portico.services.db.query<{ n: number }>('select count(*)::int as n from entities'))[0]?.n;

  before(async () => {
    portico = await startTestPortico();
    const blueprint = {
      identifier: 'service',
      title: 'Service',
      schema: {
        properties: {
          tier: { type: 'number', minimum: 1, maximum: 3 },
          language: { type: 'string', enum: ['go', 'ts', 'java'] },
          tags: { type: 'array', items: { type: 'string' } },
          deployedAt: { type: 'string', format: 'date-time' },
          repo: { type: 'string', format: 'url' },
        },
        required: ['tier'],
      },
      relations: {
        owner: { target: 'team', many: false, required: false },
        dependsOn: { target: 'service', many: true, required: false },
      },
    };
    assert.equal((await inject('POST', '/api/v1/blueprints', blueprint)).status, 201);
    for (const team of ['payments', 'platform']) assert.equal((await inject('POST', '/api/v1/blueprints/team/entities', { identifier: team, title: `Team ${team}` })).status, 201);
  });
  after(async () => portico.close());

  test('creates, reads, patches and replaces an entity, with meta fields', async () => {
    const created = await inject('POST', '/api/v1/blueprints/service/entities', {
      identifier: 'checkout', title: 'Checkout', team: 'payments',
      properties: { tier: 1, language: 'go', tags: ['critical', 'pci'], deployedAt: '2026-11-20T10:00:00Z' },
      relations: { owner: 'payments' },
    });
    assert.equal(created.status, 201);
    const entity = (created.body.entity as Json);
    assert.deepEqual(entity.team, ['payments']);
    assert.equal(entity.createdBy, 'guest');
    assert.ok(typeof entity.createdAt === 'string');
    const patched = await inject('PATCH', '/api/v1/blueprints/service/entities/checkout', { properties: { tier: 2 } });
    assert.equal(patched.status, 200);
    assert.deepEqual((patched.body.entity as { properties: Json }).properties, { tier: 2, language: 'go', tags: ['critical', 'pci'], deployedAt: '2026-11-20T10:00:00Z' });
    const replaced = await inject('PUT', '/api/v1/blueprints/service/entities/checkout', { title: 'Checkout v2', properties: { tier: 2 }, relations: { owner: 'payments' }, team: ['payments'] });
    assert.equal(replaced.status, 200);
    const read = await inject('GET', '/api/v1/blueprints/service/entities/CHECKOUT');
    assert.equal(read.status, 200, 'identifiers compare case-insensitively');
    assert.deepEqual((read.body.entity as { properties: Json }).properties, { tier: 2 });
    const same = await inject('POST', '/api/v1/blueprints/service/entities?upsert=true', { identifier: 'checkout', title: 'Checkout v2', properties: { tier: 2 }, relations: { owner: 'payments' }, team: ['payments'] });
    assert.equal(same.body.status, 'unchanged');
  });

  test('invalid entities are answered 400 with a JSON pointer per problem, and nothing is written', async () => {
    const before = await count();
    const bad = await inject('POST', '/api/v1/blueprints/service/entities', {
      identifier: 'bad', properties: { tier: 7, language: 'cobol', repo: 'not a url', extra: 1 }, relations: { owner: 'nobody', ghost: 'x' },
    });
    assert.equal(bad.status, 400);
    const paths = bad.body.error?.details.map((d) => d.path) ?? [];
    for (const path of ['/properties/tier', '/properties/language', '/properties/repo', '/properties/extra', '/relations/ghost']) assert.ok(paths.includes(path), `${path} in ${paths.join(' ')}`);
    const missingTarget = await inject('POST', '/api/v1/blueprints/service/entities', { identifier: 'orphan', properties: { tier: 1 }, relations: { owner: 'nobody' } });
    assert.equal(missingTarget.status, 400);
    assert.equal(missingTarget.body.error?.details[0]?.path, '/relations/owner');
    assert.match(missingTarget.body.error?.message ?? '', /team "nobody", which does not exist/);
    const required = await inject('POST', '/api/v1/blueprints/service/entities', { identifier: 'norequired' });
    assert.equal(required.body.error?.details[0]?.path, '/properties/tier');
    assert.equal((await inject('POST', '/api/v1/blueprints/nope/entities', { identifier: 'x' })).status, 404);
    assert.equal((await inject('POST', '/api/v1/blueprints/service/entities', { identifier: 'checkout', properties: { tier: 1 } })).status, 409);
    assert.equal((await inject('POST', '/api/v1/blueprints/service/entities', { identifier: 'has space', properties: { tier: 1 } })).body.error?.details[0]?.path, '/identifier');
    assert.equal((await inject('PUT', '/api/v1/blueprints/service/entities/ghost', { properties: { tier: 1 } })).status, 404);
    assert.equal(await count(), before);
  });

  test('placeholders for missing relation targets only when asked', async () => {
    const created = await inject('POST', '/api/v1/blueprints/service/entities?createMissingRelated=true', { identifier: 'ledger', properties: { tier: 2 }, relations: { owner: 'finance' } });
    assert.equal(created.status, 201);
    assert.equal((await inject('GET', '/api/v1/blueprints/team/entities/finance')).status, 200);
  });

  test('bulk upserts thousands with per-item results; relations may point within the batch', async () => {
    const entities = Array.from({ length: 2500 }, (_, i) => ({
      blueprint: 'service', identifier: `svc-${i}`, properties: { tier: (i % 3) + 1, language: ['go', 'ts', 'java'][i % 3], tags: i % 2 ? ['odd'] : ['even'] },
      relations: { owner: i % 2 ? 'payments' : 'platform', dependsOn: i > 0 ? [`svc-${i - 1}`] : [] }, team: [i % 2 ? 'payments' : 'platform'],
    }));
    entities.push({ blueprint: 'service', identifier: 'svc-bad', properties: { tier: 9 } } as never);
    entities.push({ blueprint: 'service', identifier: 'svc-5', properties: { tier: 1 } } as never);
    const result = await inject('POST', '/api/v1/entities/bulk', { entities });
    assert.equal(result.status, 200);
    assert.equal(result.body.created, 2500);
    assert.equal(result.body.failed, 2);
    const results = result.body.results as { identifier: string; status: string; error?: { details: { path: string }[]; message: string } }[];
    assert.equal(results[2500]?.error?.details[0]?.path, '/properties/tier');
    assert.match(results[2501]?.error?.message ?? '', /more than once/);
    const again = await inject('POST', '/api/v1/entities/bulk', { entities: entities.slice(0, 2500) });
    assert.equal(again.body.unchanged, 2500, 're-sending is idempotent');
  });

  test('atomic bulk writes nothing when one item fails', async () => {
    const before = await count();
    const result = await inject('POST', '/api/v1/entities/bulk', { atomic: true, entities: [
      { blueprint: 'service', identifier: 'ok-1', properties: { tier: 1 } },
      { blueprint: 'service', identifier: 'bad-1', properties: { tier: 'high' } },
    ] });
    assert.equal(result.status, 400);
    assert.equal(result.body.error?.details[0]?.path, '/entities/1/properties/tier');
    assert.equal(await count(), before);
  });

  test('search: rules, nested groups, meta-properties, relations, sort and stable cursors', async () => {
    const search = (body: unknown) => inject('POST', '/api/v1/entities/search', body);
    const rule = (property: string, operator: string, value?: unknown) => ({ property, operator, ...(value === undefined ? {} : { value }) });
    const scope = rule('$blueprint', '=', 'service');
    const q = (...rules: unknown[]) => ({ query: { combinator: 'and', rules: [scope, ...rules] }, limit: 1000 });
    const ids = (r: { body: Json }) => (r.body.entities as { identifier: string }[]).map((e) => e.identifier);

    assert.equal(ids(await search(q(rule('tier', '=', 1), rule('language', '=', 'go')))).length, 834);
    assert.equal(ids(await search(q(rule('tier', '>=', 2), rule('tier', '<', 3)))).length, 835);
    assert.ok(ids(await search(q(rule('language', 'in', ['ts', 'java'])))).every((id) => !['checkout'].includes(id)));
    assert.equal(ids(await search(q(rule('tags', 'contains', 'odd'), rule('tier', '=', 1)))).length, 417);
    assert.equal(ids(await search(q(rule('tags', 'containsAny', ['odd', 'pci']), rule('tier', '=', 1)))).length, 417);
    assert.deepEqual(ids(await search(q(rule('$identifier', 'beginsWith', 'svc-249'), rule('$identifier', 'endsWith', '9')))).sort(), ['svc-249', 'svc-2499']);
    assert.equal(ids(await search(q(rule('$team', '=', 'payments'), rule('tier', '=', 1)))).length, 417);
    assert.equal(ids(await search(q(rule('owner', '=', 'platform'), rule('tier', '=', 1)))).length, 417);
    assert.deepEqual(ids(await search(q(rule('deployedAt', 'isNotEmpty')))), []);
    assert.equal(ids(await search(q(rule('$updatedAt', 'between', { preset: 'lastWeek' }), rule('tier', '=', 3)))).length, 833);
    const nested = await search(q({ combinator: 'or', rules: [rule('$identifier', '=', 'svc-1'), rule('$identifier', '=', 'svc-2')] }));
    assert.deepEqual(ids(nested).sort(), ['svc-1', 'svc-2']);
    const upstream = await search({ query: { combinator: 'and', rules: [{ operator: 'relatedTo', blueprint: 'service', identifier: 'svc-10', direction: 'upstream', maxHops: 3 }] } });
    assert.deepEqual(ids(upstream).sort(), ['platform', 'payments', 'svc-7', 'svc-8', 'svc-9'].sort());
    const downstream = await search({ query: { combinator: 'and', rules: [{ operator: 'relatedTo', blueprint: 'service', identifier: 'svc-10', direction: 'downstream', relation: 'dependsOn' }] } });
    assert.deepEqual(ids(downstream), ['svc-11']);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: Json } = await search({ ...q(rule('tier', '=', 3)), sort: [{ property: 'language', order: 'desc' }, { property: '$identifier', order: 'asc' }], limit: 150, ...(cursor ? { cursor } : {}) });
      seen.push(...ids(page));
      cursor = page.body.next as string | null;
    } while (cursor);
    assert.equal(seen.length, 833);
    assert.equal(new Set(seen).size, 833, 'no entity twice across pages');
  });

  test('search rejects bad rules with the rule path, never a 5xx', async () => {
    const cases: [unknown, string][] = [
      [{ query: { combinator: 'and', rules: [{ property: '$blueprint', operator: '=', value: 'service' }, { property: 'nope', operator: '=', value: 1 }] } }, '/query/rules/1/property'],
      [{ query: { combinator: 'and', rules: [{ property: '$blueprint', operator: '=', value: 'service' }, { property: 'language', operator: '>', value: 'a' }] } }, '/query/rules/1/operator'],
      [{ query: { combinator: 'and', rules: [{ property: 'tier', operator: 'in', value: 3 }] } }, '/query/rules/0/value'],
      [{ query: { combinator: 'xor', rules: [] } }, '/query/combinator'],
      [{ query: { combinator: 'and', rules: [{ property: '$updatedAt', operator: '>', value: 'yesterday-ish' }] } }, '/query/rules/0/value'],
      [{ cursor: 'garbage' }, '/cursor'],
      [{ sort: [{ property: '$team' }] }, '/sort/0/property'],
    ];
    for (const [body, path] of cases) {
      const response = await inject('POST', '/api/v1/entities/search', body);
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.ok(response.body.error?.details.some((d) => d.path === path), `${path} in ${JSON.stringify(response.body.error)}`);
    }
  });

  test('facets count values, array elements and relation targets', async () => {
    const tiers = await inject('GET', '/api/v1/blueprints/service/facets?property=tier');
    assert.deepEqual((tiers.body.values as { value: unknown; count: number }[]).map((v) => v.value).sort(), [1, 2, 3]);
    const tags = await inject('GET', '/api/v1/blueprints/service/facets?property=tags');
    assert.ok((tags.body.values as { value: unknown; count: number }[]).some((v) => v.value === 'odd' && v.count === 1250));
    const owners = await inject('GET', '/api/v1/blueprints/service/facets?property=owner');
    assert.ok((owners.body.values as { value: unknown }[]).some((v) => v.value === 'platform'));
    const teams = await inject('GET', '/api/v1/blueprints/service/facets?property=$team');
    assert.ok((teams.body.values as { value: unknown }[]).some((v) => v.value === 'payments'));
  });

  test('graph walks relations both ways to a depth', async () => {
    const graph = await inject('GET', '/api/v1/blueprints/service/entities/svc-10/graph?depth=2&direction=both');
    assert.equal(graph.status, 200);
    const nodes = (graph.body.nodes as { id: string }[]).map((n) => n.id);
    for (const id of ['service:svc-10', 'service:svc-9', 'service:svc-8', 'service:svc-11', 'service:svc-12', 'team:platform']) assert.ok(nodes.includes(id), id);
    const edges = graph.body.edges as { source: string; target: string; relation: string }[];
    assert.ok(edges.some((e) => e.source === 'service:svc-11' && e.target === 'service:svc-10' && e.relation === 'dependsOn'));
  });

  test('delete refuses while referenced, audit records before/after with a diff', async () => {
    const refused = await inject('DELETE', '/api/v1/blueprints/service/entities/svc-10');
    assert.equal(refused.status, 409);
    assert.match(refused.body.error?.message ?? '', /service:svc-11 \(dependsOn\)/);
    assert.equal((await inject('DELETE', '/api/v1/blueprints/service/entities/svc-2499')).status, 204);
    const audit = await inject('GET', '/api/v1/audit?blueprint=service&identifier=checkout');
    const entries = audit.body.entries as { action: string; diff: { op: string; path: string }[] | null; before: unknown; after: unknown }[];
    assert.deepEqual(entries.map((e) => e.action), ['update', 'update', 'create']);
    assert.ok(entries[1]?.diff?.some((op) => op.path === '/properties/tier'));
    const deleted = await inject('GET', '/api/v1/audit?action=delete&identifier=svc-2499');
    assert.equal((deleted.body.entries as unknown[]).length, 1);
  });

  test('a write is visible in list, search and full-text search on the next request', async () => {
    assert.equal((await inject('POST', '/api/v1/blueprints/service/entities', { identifier: 'zebra-pay', title: 'Zebra Payments Gateway', properties: { tier: 1 } })).status, 201);
    const found = await inject('GET', '/api/v1/search?q=zebra');
    assert.equal((found.body.hits as { identifier: string }[])[0]?.identifier, 'zebra-pay');
    const typo = await inject('GET', '/api/v1/search?q=zebar%20paymnts');
    assert.ok((typo.body.hits as { identifier: string }[]).some((h) => h.identifier === 'zebra-pay'), 'typo tolerant');
    const highlighted = (found.body.hits as { highlights: { title: string } }[])[0]?.highlights.title;
    assert.equal(highlighted, '<mark>Zebra</mark> Payments Gateway');
    const groups = found.body.groups as { blueprint: string }[];
    assert.equal(groups[0]?.blueprint, 'service');
  });
});
