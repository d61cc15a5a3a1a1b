import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Portico } from '../app.ts';
import { startTestPortico } from '../testing/test-portico.ts';
import { testEngine } from '../testing/test-database.ts';
import { FIXTURES_DIR } from '../testing/fixtures.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies are read field by field

describe(`scorecards (${testEngine()})`, () => {
  let portico: Portico;
  const call = async (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown) => {
    const response = await portico.app.inject({ method, url, ...(payload === undefined ? {} : { payload: payload as object }) });
    return { status: response.statusCode, body: (response.body ? response.json() : null) as Json };
  };
  const levelOf = async (identifier: string, scorecard = 'ProductionReadiness') => (await call('GET', `/api/v1/blueprints/service/entities/${identifier}`)).body.entity.scorecards?.[scorecard]?.level;
  const portGitlab = () => (JSON.parse(readFileSync(`${FIXTURES_DIR}port/scorecards/ocean-gitlab.scorecards.json`, 'utf8')) as { data: Json[] }[])[0]!.data[0]!;

  before(async () => {
    portico = await startTestPortico();
    const ok = async (method: 'POST' | 'PUT', url: string, payload: unknown) => {
      const response = await call(method, url, payload);
      assert.ok(response.status < 300, `${method} ${url} → ${response.status} ${JSON.stringify(response.body)}`);
    };
    await ok('POST', '/api/v1/blueprints', {
      identifier: 'service', title: 'Service',
      schema: { properties: { readme: { type: 'string', format: 'markdown' }, language: { type: 'string' }, url: { type: 'string' }, tier: { type: 'number' } } },
      relations: { owner: { target: 'team', many: false, required: false } },
    });
    await ok('POST', '/api/v1/entities/bulk', {
      atomic: true,
      entities: [
        { blueprint: 'team', identifier: 'engineering', title: 'Engineering' },
        { blueprint: 'team', identifier: 'payments', title: 'Payments' },
        { blueprint: 'service', identifier: 'checkout', title: 'Checkout', team: 'payments', properties: { language: 'Python', readme: '# Checkout' }, relations: { owner: 'payments' } },
        { blueprint: 'service', identifier: 'ledger', title: 'Ledger', properties: { language: 'Rust' }, relations: { owner: 'payments' } },
        { blueprint: 'service', identifier: 'search', title: 'Search', team: 'payments', properties: { language: 'GoLang' } },
      ],
    });
  });
  after(async () => portico.close());

  test('Port\'s scorecard JSON is accepted as it is; every entity is scored at once and the level shows on the entity', async () => {
    const created = await call('POST', '/api/v1/blueprints/service/scorecards', portGitlab());
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.deepEqual(created.body.scorecard.levels.map((l: Json) => l.title), ['Basic', 'Bronze', 'Silver', 'Gold']);
    assert.equal(await levelOf('checkout'), 'Gold', 'readme, a supported language and a team');
    assert.equal(await levelOf('ledger'), 'Basic', 'no readme: stays on the first level');
    assert.equal(await levelOf('search'), 'Basic');
    const entity = (await call('GET', '/api/v1/blueprints/service/entities/checkout')).body.entity;
    assert.deepEqual(entity.scorecards.ProductionReadiness.rules, [
      { identifier: 'hasReadme', status: 'SUCCESS', level: 'Bronze' },
      { identifier: 'usesSupportedLang', status: 'SUCCESS', level: 'Silver' },
      { identifier: 'hasTeam', status: 'SUCCESS', level: 'Gold' },
    ]);
    const listed = await call('POST', '/api/v1/entities/search', { query: { combinator: 'and', rules: [{ property: '$blueprint', operator: '=', value: 'service' }] } });
    assert.ok(listed.body.entities.every((e: Json) => typeof e.scorecards?.ProductionReadiness?.level === 'string'), 'search results carry results too');
    const overview = await call('GET', '/api/v1/blueprints/service/scorecards/ProductionReadiness');
    assert.deepEqual(overview.body.levels.map((l: Json) => [l.title, l.count]), [['Basic', 2], ['Bronze', 0], ['Silver', 0], ['Gold', 1]]);
    assert.deepEqual((await call('GET', '/api/v1/scorecard-events?scorecard=ProductionReadiness')).body.events, [], 'first levels are not changes');
  });

  test('an entity write re-scores it in the same request, records the level change and explains failures', async () => {
    const patched = await call('PATCH', '/api/v1/blueprints/service/entities/search', { properties: { readme: '# Search' } });
    assert.equal(patched.status, 200);
    assert.equal(await levelOf('search'), 'Gold');
    const events = (await call('GET', '/api/v1/scorecard-events?entity=search')).body.events;
    assert.deepEqual(events.map((e: Json) => [e.scorecard, e.fromLevel, e.toLevel]), [['ProductionReadiness', 'Basic', 'Gold']]);
    assert.deepEqual(events[0].team, ['payments']);

    const explained = (await call('GET', '/api/v1/blueprints/service/entities/ledger/scorecards')).body.scorecards[0];
    assert.equal(explained.level, 'Basic');
    const language = explained.rules.find((r: Json) => r.identifier === 'usesSupportedLang');
    assert.equal(language.status, 'FAILURE');
    assert.equal(language.failures.length, 4, 'each alternative of the "or" failed');
    assert.equal(language.failures[0].message, 'language is "Rust"; the rule wants = "Python"');
    const readme = explained.rules.find((r: Json) => r.identifier === 'hasReadme');
    assert.equal(readme.failures[0].message, 'readme is empty; the rule wants isNotEmpty');
  });

  test('levels and rule outcomes filter, sort and count like properties', async () => {
    const search = async (rules: unknown[], sort?: unknown) => (await call('POST', '/api/v1/entities/search', { query: { combinator: 'and', rules: [{ property: '$blueprint', operator: '=', value: 'service' }, ...rules] }, ...(sort ? { sort } : {}) })).body;
    const names = (body: Json) => body.entities.map((e: Json) => e.identifier);
    assert.deepEqual(names(await search([{ property: 'scorecards.ProductionReadiness.level', operator: '=', value: 'Gold' }])).sort(), ['checkout', 'search']);
    assert.deepEqual(names(await search([{ property: 'scorecards.ProductionReadiness.level', operator: '<', value: 'Silver' }])), ['ledger']);
    assert.deepEqual(names(await search([{ property: 'scorecards.ProductionReadiness.rules.hasReadme', operator: '=', value: 'FAILURE' }])), ['ledger']);
    const sorted = await search([], [{ property: 'scorecards.ProductionReadiness.level', order: 'desc' }, { property: '$identifier' }]);
    assert.deepEqual(names(sorted), ['checkout', 'search', 'ledger']);
    const facet = await call('GET', '/api/v1/blueprints/service/facets?property=scorecards.ProductionReadiness.level');
    assert.deepEqual(facet.body.values, [{ value: 'Gold', count: 2 }, { value: 'Basic', count: 1 }]);
    const bad = await call('POST', '/api/v1/entities/search', { query: { combinator: 'and', rules: [{ property: 'scorecards.ProductionReadiness.rules.hasReadme', operator: '>', value: 'x' }] } });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.details[0].path, '/query/rules/0/operator');
  });

  test('the overview and insights count levels per team, rule passes and the trend', async () => {
    const overview = await call('GET', '/api/v1/scorecards');
    const card = overview.body.scorecards.find((c: Json) => c.scorecard.identifier === 'ProductionReadiness');
    assert.deepEqual(card.levels.map((l: Json) => l.count), [1, 0, 0, 2]);
    const insights = await call('GET', '/api/v1/blueprints/service/scorecards/ProductionReadiness/insights');
    assert.equal(insights.status, 200);
    assert.deepEqual(insights.body.teams, [{ team: null, levels: [1, 0, 0, 0] }, { team: 'payments', levels: [0, 0, 0, 2] }]);
    assert.deepEqual(insights.body.rules.map((r: Json) => [r.identifier, r.passing, r.failing]), [['hasReadme', 2, 1], ['usesSupportedLang', 2, 1], ['hasTeam', 2, 1]]);
    const today = insights.body.trend.at(-1);
    assert.deepEqual(today.levels, [1, 0, 0, 2]);
    assert.equal(today.day, new Date().toISOString().slice(0, 10));
  });

  test('the CI check passes or lists what keeps the entity below the level', async () => {
    const failing = await call('GET', '/api/v1/blueprints/service/entities/ledger/scorecards/ProductionReadiness/check?minLevel=silver');
    assert.equal(failing.status, 200);
    assert.equal(failing.body.passed, false);
    assert.equal(failing.body.minLevel, 'Silver');
    assert.deepEqual(failing.body.failing.map((r: Json) => r.identifier), ['hasReadme', 'usesSupportedLang']);
    const passing = await call('GET', '/api/v1/blueprints/service/entities/checkout/scorecards/ProductionReadiness/check');
    assert.deepEqual([passing.body.passed, passing.body.level, passing.body.minLevel], [true, 'Gold', 'Gold']);
    const badLevel = await call('GET', '/api/v1/blueprints/service/entities/checkout/scorecards/ProductionReadiness/check?minLevel=Platinum');
    assert.equal(badLevel.status, 400);
    assert.equal(badLevel.body.error.details[0].path, '/querystring/minLevel');
  });

  test('a change to a related entity re-scores the entities that read it', async () => {
    const created = await call('POST', '/api/v1/blueprints/service/scorecards', {
      identifier: 'org', title: 'In the org chart', levels: [{ title: 'Outside', color: 'red' }, { title: 'Inside', color: 'green' }],
      rules: [{ identifier: 'underEngineering', title: 'Owned under Engineering', level: 'Inside', query: { combinator: 'and', rules: [{ operator: 'relatedTo', blueprint: 'team', identifier: 'engineering', direction: 'downstream', maxHops: 2 }] } }],
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(await levelOf('checkout', 'org'), 'Outside');
    assert.equal((await call('PATCH', '/api/v1/blueprints/team/entities/payments', { relations: { parent: 'engineering' } })).status, 200);
    assert.equal(await levelOf('checkout', 'org'), 'Inside', 'the team\'s new parent reached its services');
    assert.equal(await levelOf('ledger', 'org'), 'Inside');
    // Two hops away: Engineering moves under a new root; the services still point at it through payments.
    assert.equal((await call('POST', '/api/v1/blueprints/team/entities', { identifier: 'company', title: 'Company' })).status, 201);
    assert.equal((await call('PATCH', '/api/v1/blueprints/team/entities/payments', { relations: { parent: 'company' } })).status, 200);
    assert.equal(await levelOf('checkout', 'org'), 'Outside', 'payments left engineering');
  });

  test('editing shows a live preview, replaces, re-scores, and is refused cleanly when wrong', async () => {
    const strict = { ...portGitlab(), rules: [...portGitlab().rules, { identifier: 'tiered', title: 'Has a tier', level: 'Gold', query: { combinator: 'and', conditions: [{ property: 'tier', operator: '>=', value: 1 }] } }] };
    const preview = await call('POST', '/api/v1/blueprints/service/scorecards/preview', strict);
    assert.deepEqual(preview.body.levels.map((l: Json) => l.count), [1, 0, 2, 0], 'nobody has a tier yet: Gold empties');
    assert.equal(await levelOf('checkout'), 'Gold', 'a preview stores nothing');
    const replaced = await call('PUT', '/api/v1/blueprints/service/scorecards/ProductionReadiness', strict);
    assert.equal(replaced.status, 200);
    assert.equal(await levelOf('checkout'), 'Silver');

    const bad = await call('PUT', '/api/v1/blueprints/service/scorecards/ProductionReadiness', {
      ...strict, rules: [...strict.rules, { identifier: 'broken', level: 'Gold', query: { combinator: 'and', conditions: [{ property: 'language', operator: '>', value: 3 }, { property: 'stars', operator: '=', value: 1 }] } }],
    });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.error.details.map((d: Json) => d.path), ['/rules/4/query/conditions/0/operator', '/rules/4/query/conditions/1/property']);
    const stored = await call('GET', '/api/v1/blueprints/service/scorecards/ProductionReadiness');
    assert.equal(stored.body.scorecard.rules.length, 4, 'nothing half-saved');
    assert.equal((await call('POST', '/api/v1/blueprints/service/scorecards', strict)).status, 409);
    assert.equal((await call('POST', '/api/v1/blueprints/nope/scorecards', strict)).status, 404);
    assert.equal((await call('DELETE', '/api/v1/blueprints/service/scorecards/org')).status, 204);
    assert.equal((await call('GET', '/api/v1/blueprints/service/entities/checkout')).body.entity.scorecards.org, undefined);
    const audit = await call('GET', '/api/v1/audit?resourceType=scorecard');
    assert.deepEqual(audit.body.entries.map((e: Json) => [e.action, e.identifier]).slice(0, 2), [['delete', 'org'], ['update', 'ProductionReadiness']]);
  });

  test('results go with their entity, their scorecard and their blueprint', async () => {
    const { db } = portico.services;
    const count = async (where: string) => (await db.query<{ n: number }>(`select count(*)::int as n from scorecard_results r where ${where}`))[0]?.n;
    const entityId = (await db.query<{ id: string }>(`select id::text from entities where blueprint = 'service' and identifier = 'search'`))[0]?.id;
    assert.ok(Number(await count(`r.entity_id = ${entityId}`)) > 0);
    assert.equal((await call('DELETE', '/api/v1/blueprints/service/entities/search')).status, 204);
    assert.equal(await count(`r.entity_id = ${entityId}`), 0);
    assert.equal((await call('DELETE', '/api/v1/blueprints/service/scorecards/ProductionReadiness')).status, 204);
    assert.equal(await count('not exists (select 1 from scorecards s where s.id = r.scorecard_id)'), 0);
    await call('POST', '/api/v1/blueprints/service/scorecards', portGitlab());
    assert.ok(Number(await count('true')) > 0);
    assert.equal((await call('DELETE', '/api/v1/blueprints/service?deleteEntities=true')).status, 204);
    assert.equal(await count('true'), 0);
  });
});
