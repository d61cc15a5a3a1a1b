import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { type Portico, refreshTimeWindows } from '../app.ts';
import { startTestPortico } from '../testing/test-portico.ts';
import { testEngine } from '../testing/test-database.ts';
import { FIXTURES_DIR } from '../testing/fixtures.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies are read field by field

const fixture = (name: string) => {
  const { _comment: _c, ...rest } = JSON.parse(readFileSync(`${FIXTURES_DIR}port/blueprints/${name}`, 'utf8')) as Json;
  return rest;
};

describe(`derived properties (${testEngine()})`, () => {
  let portico: Portico;
  const call = async (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown) => {
    const response = await portico.app.inject({ method, url, ...(payload === undefined ? {} : { payload: payload as object }) });
    return { status: response.statusCode, body: (response.body ? response.json() : null) as Json };
  };
  const ok = async (method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown) => {
    const response = await call(method, url, payload);
    assert.ok(response.status < 300, `${method} ${url} → ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const props = async (blueprint: string, identifier: string) => (await call('GET', `/api/v1/blueprints/${blueprint}/entities/${identifier}`)).body.entity.properties as Json;

  before(async () => {
    portico = await startTestPortico();
    await ok('POST', '/api/v1/blueprints', { identifier: 'kubernetesCluster', title: 'Cluster', schema: { properties: { provider: { type: 'string' }, nodes: { type: 'number' } } } });
    await ok('POST', '/api/v1/blueprints', {
      identifier: 'incident', title: 'Incident',
      schema: { properties: { status: { type: 'string', enum: ['OPEN', 'CLOSED'] }, minutes: { type: 'number' }, openedAt: { type: 'string', format: 'date-time' } } },
    });
  });
  after(async () => portico.close());

  test('Port\'s microservice blueprint is accepted as it is: jq calculation translated, mirrors typed, aggregation counted', async () => {
    const created = await call('POST', '/api/v1/blueprints', fixture('port-skills.blueprint-with-calculation-property.json'));
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const blueprint = created.body.blueprint;
    assert.equal(blueprint.calculationProperties.fullyQualifiedName.calculation, 'properties.namespace & "/" & properties.name');
    assert.equal(blueprint.mirrorProperties.clusterProvider.type, 'string');
    assert.equal(blueprint.aggregationProperties.openIncidentCount.type, 'number');

    await ok('POST', '/api/v1/entities/bulk', {
      atomic: true,
      entities: [
        { blueprint: 'kubernetesCluster', identifier: 'gke-prod', title: 'GKE production', properties: { provider: 'GKE', nodes: 12 } },
        { blueprint: 'incident', identifier: 'inc-1', title: 'Checkout down', properties: { status: 'OPEN', minutes: 30 } },
        { blueprint: 'incident', identifier: 'inc-2', title: 'Slow search', properties: { status: 'CLOSED', minutes: 10 } },
        { blueprint: 'microservice', identifier: 'shop-api', title: 'Shop API', properties: { name: 'api', namespace: 'shop' }, relations: { runsOnCluster: 'gke-prod', relatedIncidents: ['inc-1', 'inc-2'] } },
        { blueprint: 'microservice', identifier: 'shop-web', title: 'Shop web', properties: { name: 'web', namespace: 'shop' } },
      ],
    });
    assert.deepEqual(await props('microservice', 'shop-api'), {
      name: 'api', namespace: 'shop', fullyQualifiedName: 'shop/api', clusterProvider: 'GKE', clusterTitle: 'GKE production', openIncidentCount: 1,
    });
    assert.deepEqual(await props('microservice', 'shop-web'), {
      name: 'web', namespace: 'shop', fullyQualifiedName: 'shop/web', clusterProvider: null, clusterTitle: null, openIncidentCount: 0,
    });
  });

  test('a change to a related entity moves the derived values within the same request', async () => {
    const written = await ok('PATCH', '/api/v1/blueprints/incident/entities/inc-2', { properties: { status: 'OPEN' } });
    assert.equal(written.entity.properties.status, 'OPEN');
    assert.equal((await props('microservice', 'shop-api')).openIncidentCount, 2);
    await ok('PATCH', '/api/v1/blueprints/kubernetesCluster/entities/gke-prod', { title: 'GKE prod (eu)', properties: { provider: 'GKE Autopilot' } });
    const after = await props('microservice', 'shop-api');
    assert.equal(after.clusterProvider, 'GKE Autopilot');
    assert.equal(after.clusterTitle, 'GKE prod (eu)');
    // The service's own edit: relations and properties change, derived values follow, and the response shows them.
    const moved = await ok('PATCH', '/api/v1/blueprints/microservice/entities/shop-web', { properties: { name: 'storefront' }, relations: { relatedIncidents: ['inc-1'] } });
    assert.equal(moved.entity.properties.fullyQualifiedName, 'shop/storefront');
    assert.equal(moved.entity.properties.openIncidentCount, 1);
    await ok('DELETE', '/api/v1/blueprints/incident/entities/inc-1?force=true');
    assert.equal((await props('microservice', 'shop-api')).openIncidentCount, 1);
    assert.equal((await props('microservice', 'shop-web')).openIncidentCount, 0);
  });

  test('an entity read and sent back unchanged is accepted (derived values are ignored on write) and not audited as a change', async () => {
    const entity = (await call('GET', '/api/v1/blueprints/microservice/entities/shop-api')).body.entity;
    entity.relations.relatedIncidents = ['inc-2'];
    const replaced = await call('PUT', '/api/v1/blueprints/microservice/entities/shop-api', entity);
    assert.equal(replaced.status, 200, JSON.stringify(replaced.body));
    assert.equal(replaced.body.entity.properties.fullyQualifiedName, 'shop/api');
    const history = await call('GET', '/api/v1/audit?resourceType=entity&blueprint=microservice&identifier=shop-api');
    for (const entry of history.body.entries as Json[]) {
      assert.ok(!('fullyQualifiedName' in (entry.after?.properties ?? {})), 'audit shows what was written');
      assert.ok(!('fullyQualifiedName' in (entry.before?.properties ?? {})));
    }
  });

  test('derived values filter, sort and feed scorecard rules like stored properties', async () => {
    const found = await call('POST', '/api/v1/entities/search', {
      query: { combinator: 'and', rules: [{ property: '$blueprint', operator: '=', value: 'microservice' }, { property: 'openIncidentCount', operator: '>', value: 0 }] },
      sort: [{ property: 'fullyQualifiedName', order: 'desc' }],
    });
    assert.equal(found.status, 200, JSON.stringify(found.body));
    assert.deepEqual(found.body.entities.map((e: Json) => e.identifier), ['shop-api']);
    const sorted = await call('POST', '/api/v1/entities/search', { query: { combinator: 'and', rules: [{ property: '$blueprint', operator: '=', value: 'microservice' }] }, sort: [{ property: 'fullyQualifiedName', order: 'desc' }] });
    assert.deepEqual(sorted.body.entities.map((e: Json) => e.properties.fullyQualifiedName), ['shop/storefront', 'shop/api']);
    await ok('POST', '/api/v1/blueprints/microservice/scorecards', {
      identifier: 'calm', title: 'Calm',
      rules: [{ identifier: 'noOpenIncidents', title: 'No open incidents', level: 'Gold', query: { combinator: 'and', conditions: [{ property: 'openIncidentCount', operator: '=', value: 0 }] } }],
    });
    const level = async (id: string) => (await call('GET', `/api/v1/blueprints/microservice/entities/${id}`)).body.entity.scorecards.calm.level;
    assert.equal(await level('shop-api'), 'Silver', 'no rules on Bronze and Silver: failing Gold leaves it on Silver');
    assert.equal(await level('shop-web'), 'Gold');
    // A related incident opens: the service's aggregation moves and its level drops in the same request.
    await ok('PATCH', '/api/v1/blueprints/microservice/entities/shop-web', { relations: { relatedIncidents: ['inc-2'] } });
    assert.equal(await level('shop-web'), 'Silver');
    await ok('PATCH', '/api/v1/blueprints/incident/entities/inc-2', { properties: { status: 'CLOSED' } });
    assert.equal(await level('shop-web'), 'Gold');
    assert.equal(await level('shop-api'), 'Gold');
  });

  test('Port\'s team patches: aggregation by ownership, a mirror through a self-relation', async () => {
    await ok('POST', '/api/v1/blueprints', { identifier: 'service', title: 'Service', schema: { properties: { cost: { type: 'number' } } } });
    await ok('POST', '/api/v1/blueprints', { identifier: 'organization', title: 'Organization' });
    const teamAggregation = fixture('port-skills.team-aggregation-patch.json');
    const hierarchy = JSON.parse(JSON.stringify(fixture('port-skills.team-hierarchy-patch.json')).replaceAll('"_team"', '"team"')) as Json;
    const patched = await call('PATCH', '/api/v1/blueprints/team', { ...teamAggregation, ...hierarchy });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    await ok('POST', '/api/v1/entities/bulk', {
      atomic: true,
      entities: [
        { blueprint: 'team', identifier: 'platform', title: 'Platform' },
        { blueprint: 'team', identifier: 'payments', title: 'Payments', relations: { parent_team: 'platform' } },
        { blueprint: 'service', identifier: 'ledger', title: 'Ledger', team: ['payments'], properties: { cost: 10 } },
        { blueprint: 'service', identifier: 'billing', title: 'Billing', team: ['payments', 'platform'], properties: { cost: 5 } },
      ],
    });
    assert.equal((await props('team', 'payments')).numberOfOwnedServices, 2);
    assert.equal((await props('team', 'platform')).numberOfOwnedServices, 1);
    assert.equal((await props('team', 'payments')).parent_team_name, 'Platform');
    await ok('PATCH', '/api/v1/blueprints/service/entities/ledger', { team: ['platform'] });
    assert.equal((await props('team', 'payments')).numberOfOwnedServices, 1, 'the old owner loses it');
    assert.equal((await props('team', 'platform')).numberOfOwnedServices, 2, 'the new owner gains it');
    await ok('PATCH', '/api/v1/blueprints/team/entities/platform', { title: 'Platform group' });
    assert.equal((await props('team', 'payments')).parent_team_name, 'Platform group');
  });

  test('bad definitions are refused at save with the path and the reason, and nothing is half-saved', async () => {
    const before = (await call('GET', '/api/v1/blueprints/microservice')).body.blueprint;
    const put = (extra: Json) => call('PATCH', '/api/v1/blueprints/microservice', extra);
    const cases: [Json, string, RegExp][] = [
      [{ mirrorProperties: { x: { path: 'nowhere.$title' } } }, '/mirrorProperties/x/path', /"nowhere" is not a relation of microservice/],
      [{ mirrorProperties: { x: { path: 'runsOnCluster.colour' } } }, '/mirrorProperties/x/path', /"colour" is not a property of kubernetesCluster/],
      [{ aggregationProperties: { x: { target: 'incident', calculationSpec: { calculationBy: 'property', func: 'sum', property: 'status' } } } }, '/aggregationProperties/x/calculationSpec/property', /is a string; sum needs a number property/],
      [{ aggregationProperties: { x: { target: 'incident', calculationSpec: { calculationBy: 'entities', func: 'count' }, query: { combinator: 'and', rules: [{ property: 'status', operator: '>', value: 'OPEN' }] } } } }, '/aggregationProperties/x/query/rules/0/operator', /./],
      [{ aggregationProperties: { x: { target: 'nothing', calculationSpec: { calculationBy: 'entities', func: 'count' } } } }, '/aggregationProperties/x/target', /does not exist/],
      [{ calculationProperties: { x: { calculation: 'properties.(', type: 'string' } } }, '/calculationProperties/x/calculation', /not a valid JSONata expression/],
      [{ calculationProperties: { x: { calculation: '$error("boom")', type: 'string' } } }, '/calculationProperties/x/calculation', /boom/],
      [{ calculationProperties: { x: { calculation: '( $f := function($n){ $f($n + 1) }; $f(0) )', type: 'number' } } }, '/calculationProperties/x/calculation', /fails on .*(timeout|stack|depth)/i],
      [{ calculationProperties: { x: { calculation: 'properties.name', type: 'number' } } }, '/calculationProperties/x/calculation', /yields a string; the property is a number/],
      [{ calculationProperties: { a: { calculation: 'properties.b', type: 'string' }, b: { calculation: 'properties.a', type: 'string' } } }, '/calculationProperties/a', /depends on itself: microservice\.a → microservice\.b → microservice\.a/],
      [{ mirrorProperties: { name: { path: 'runsOnCluster.$title' } } }, '/mirrorProperties/name', /same name as a property/],
    ];
    for (const [patch, path, reason] of cases) {
      const response = await put(patch);
      assert.equal(response.status, 400, `${JSON.stringify(patch)} → ${response.status} ${JSON.stringify(response.body)}`);
      const detail = (response.body.error.details as Json[]).find((d) => d.path === path);
      assert.ok(detail, `${JSON.stringify(patch)}: expected a detail at ${path}, got ${JSON.stringify(response.body.error.details)}`);
      assert.match(detail.message, reason);
    }
    // A cycle across blueprints: mirror → calculation → mirror.
    await ok('PATCH', '/api/v1/blueprints/kubernetesCluster', { relations: { flagship: { target: 'microservice' } }, mirrorProperties: { flagshipName: { path: 'flagship.fullyQualifiedName' } } });
    const cyclic = await put({ mirrorProperties: { clusterFlagship: { path: 'runsOnCluster.flagshipName' } }, calculationProperties: { fullyQualifiedName: { calculation: 'properties.clusterFlagship', type: 'string' } } });
    assert.equal(cyclic.status, 400, JSON.stringify(cyclic.body));
    assert.match(cyclic.body.error.message, /depends on itself: .*microservice\.fullyQualifiedName.*kubernetesCluster\.flagshipName/);
    const afterwards = (await call('GET', '/api/v1/blueprints/microservice')).body.blueprint;
    assert.equal(afterwards.version, before.version, 'nothing was saved');
    assert.equal((await props('microservice', 'shop-api')).fullyQualifiedName, 'shop/api');
  });

  test('an aggregation over a time window counts only recent entities and moves with the clock', async () => {
    const days = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();
    await ok('POST', '/api/v1/blueprints', {
      identifier: 'product', title: 'Product',
      aggregationProperties: {
        recentIncidents: { title: 'Incidents, last 30 days', target: 'incident', calculationSpec: { calculationBy: 'entities', func: 'count' }, timeWindow: { days: 30, measureTimeBy: 'openedAt' } },
        incidentMinutes: { title: 'Median minutes', target: 'incident', calculationSpec: { calculationBy: 'property', func: 'median', property: 'minutes' } },
      },
      relations: { incidents: { target: 'incident', many: true } },
    });
    await ok('POST', '/api/v1/entities/bulk', {
      atomic: true,
      entities: [
        { blueprint: 'incident', identifier: 'old', title: 'Old', properties: { status: 'CLOSED', minutes: 100, openedAt: days(40) } },
        { blueprint: 'incident', identifier: 'recent', title: 'Recent', properties: { status: 'CLOSED', minutes: 20, openedAt: days(5) } },
        { blueprint: 'incident', identifier: 'ageing', title: 'Ageing', properties: { status: 'CLOSED', minutes: 40, openedAt: days(29) } },
        { blueprint: 'product', identifier: 'shop', title: 'Shop', relations: { incidents: ['old', 'recent', 'ageing'] } },
      ],
    });
    assert.deepEqual(await props('product', 'shop'), { recentIncidents: 2, incidentMinutes: 40 });
    // Two days pass for "ageing": nothing is written, the refresh moves the count.
    await portico.services.db.query(`update entities set properties = jsonb_set(properties, '{openedAt}', to_jsonb($1::text)) where identifier = 'ageing'`, [days(31)]);
    assert.ok(await refreshTimeWindows(portico.services.db, portico.services.derived, portico.services.scorecards, portico.services.registry, portico.services.cache) >= 1);
    assert.equal((await props('product', 'shop')).recentIncidents, 1);
  });
});
