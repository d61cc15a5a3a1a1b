import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { CatalogClient } from '@backstage/catalog-client';
import { BACKSTAGE_KINDS } from '@portico/model';
import type { Portico } from '../app.ts';
import { startTestPortico } from '../testing/test-portico.ts';
import { testEngine } from '../testing/test-database.ts';
import { readBackstageExamples } from '../testing/fixtures.ts';

describe(`Backstage compatibility on the example catalog (${testEngine()})`, () => {
  let portico: Portico;
  let client: CatalogClient;
  let kindsInFixtures: Map<string, number>;

  before(async () => {
    portico = await startTestPortico();
    const { documents, errors } = await readBackstageExamples();
    kindsInFixtures = new Map();
    for (const d of documents) {
      const kind = String((d.document as { kind: string }).kind);
      kindsInFixtures.set(kind, (kindsInFixtures.get(kind) ?? 0) + 1);
    }
    const report = await portico.services.imports.importBackstageDocuments(documents, errors, { dryRun: false, createMissingRelated: false, actor: 'test' });
    // Backstage itself refuses the mcp-server API (no spec.definition without an opt-in extension); so do we, saying why.
    const failed = report.results.filter((r) => r.status === 'failed');
    assert.deepEqual(failed.map((r) => `${r.blueprint}:${r.identifier}`), ['api:backstage-mcp-server'], JSON.stringify(failed));
    assert.equal(failed[0]?.error?.details[0]?.path, '/properties/definition');
    await portico.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = portico.app.server.address() as AddressInfo;
    client = new CatalogClient({ discoveryApi: { getBaseUrl: async () => `http://127.0.0.1:${port}/api/catalog` } });
  });
  after(async () => portico.close());

  test('every entity of a built-in kind loads; only the opt-in AiResource kind is refused', async () => {
    const builtinKinds = new Set(BACKSTAGE_KINDS.map((k) => k.kind));
    for (const [kind, count] of kindsInFixtures) {
      const { items } = await client.getEntities({ filter: { kind } });
      if (builtinKinds.has(kind)) assert.equal(items.length, kind === 'API' ? count - 1 : count, kind);
      else assert.equal(items.length, 0, kind);
    }
    assert.ok((kindsInFixtures.get('Component') ?? 0) >= 13);
  });

  test('every relation of every entity resolves to an entity in the catalog', async () => {
    const { items } = await client.getEntities();
    const refs = new Set(items.map((e) => `${e.kind}:${e.metadata.namespace ?? 'default'}/${e.metadata.name}`.toLowerCase()));
    let relations = 0;
    for (const entity of items) {
      for (const relation of entity.relations ?? []) {
        relations += 1;
        assert.ok(refs.has(relation.targetRef), `${entity.metadata.name} ${relation.type} ${relation.targetRef}`);
      }
    }
    assert.ok(relations > 100, `only ${relations} relations`);
  });

  test('relations come in both directions, as Backstage generates them', async () => {
    const component = await client.getEntityByRef('component:default/artist-lookup');
    assert.ok(component);
    const has = (type: string, target: string) => component.relations?.some((r) => r.type === type && r.targetRef === target);
    assert.ok(has('ownedBy', 'group:default/team-a'));
    assert.ok(has('partOf', 'system:default/artist-engagement-portal'));
    assert.ok(has('dependsOn', 'resource:default/artists-db'));
    const team = await client.getEntityByRef('group:default/team-a');
    assert.ok(team?.relations?.some((r) => r.type === 'ownerOf' && r.targetRef === 'component:default/artist-lookup'));
    assert.ok(team?.relations?.some((r) => r.type === 'childOf'));
    assert.ok(team?.relations?.some((r) => r.type === 'hasMember'));
    const system = await client.getEntityByRef('system:artist-engagement-portal');
    assert.ok(system?.relations?.some((r) => r.type === 'hasPart' && r.targetRef === 'component:default/artist-lookup'));
    const resource = await client.getEntityByRef('resource:artists-db');
    assert.ok(resource?.relations?.some((r) => r.type === 'dependencyOf' && r.targetRef === 'component:default/artist-lookup'));
  });

  test('refs are case-insensitive and unqualified targets take the source namespace', async () => {
    const upper = await client.getEntityByRef('Component:Default/ARTIST-LOOKUP');
    assert.equal(upper?.metadata.name, 'artist-lookup');
    assert.equal(await client.getEntityByRef('component:default/does-not-exist'), undefined);
    const { items } = await client.getEntities({ filter: { kind: 'User', 'metadata.namespace': 'development' } });
    for (const user of items) {
      for (const relation of user.relations ?? []) {
        if (relation.type === 'memberOf') assert.ok(relation.targetRef.startsWith('group:'), relation.targetRef);
      }
    }
  });

  test('queryEntities pages with cursors and counts, filtered and ordered', async () => {
    const first = await client.queryEntities({ filter: { kind: 'component' }, limit: 5, orderFields: { field: 'metadata.name', order: 'asc' } });
    assert.equal(first.items.length, 5);
    assert.equal(first.totalItems, kindsInFixtures.get('Component'));
    const names = first.items.map((e) => e.metadata.name);
    assert.deepEqual(names, [...names].sort());
    assert.ok(first.pageInfo.nextCursor);
    const second = await client.queryEntities({ cursor: first.pageInfo.nextCursor ?? '', limit: 5 });
    assert.equal(second.items.length, 5);
    assert.ok(second.items.every((e) => !names.includes(e.metadata.name)));
    assert.ok(second.pageInfo.prevCursor);
    const services = await client.queryEntities({ filter: { kind: 'component', 'spec.type': 'service' } });
    assert.ok(services.items.length > 0 && services.items.every((e) => e.spec?.type === 'service'));
    const owned = await client.queryEntities({ filter: { 'relations.ownedBy': 'group:default/team-a' } });
    assert.ok(owned.items.length > 0 && owned.items.every((e) => e.relations?.some((r) => r.type === 'ownedBy' && r.targetRef === 'group:default/team-a')));
    const text = await client.queryEntities({ filter: { kind: 'component' }, fullTextFilter: { term: 'artist' } });
    assert.ok(text.items.some((e) => e.metadata.name === 'artist-lookup'));
  });

  test('getEntitiesByRefs keeps order and returns undefined for unknown refs; fields project', async () => {
    const { items } = await client.getEntitiesByRefs({ entityRefs: ['group:default/team-a', 'component:default/nope', 'component:default/artist-lookup'], fields: ['kind', 'metadata.name'] });
    assert.deepEqual(items.map((e) => e?.metadata.name), ['team-a', undefined, 'artist-lookup']);
    assert.deepEqual(Object.keys(items[0] ?? {}).sort(), ['kind', 'metadata']);
  });

  test('facets count values of envelope fields', async () => {
    const { facets } = await client.getEntityFacets({ facets: ['kind', 'spec.type', 'metadata.tags'], filter: { kind: 'component' } });
    assert.deepEqual(facets.kind, [{ value: 'Component', count: kindsInFixtures.get('Component') }]);
    assert.ok(facets['spec.type']?.some((f) => f.value === 'service' && f.count > 0));
    assert.ok(facets['metadata.tags']?.some((f) => f.value === 'java'));
    const { facets: byRelation } = await client.getEntityFacets({ facets: ['relations.ownedBy', 'relations.hasMember'], filter: { kind: ['component', 'group'] } });
    const ownedByTeamA = byRelation['relations.ownedBy']?.find((f) => f.value === 'group:default/team-a');
    const ownedItems = await client.queryEntities({ filter: { kind: ['component', 'group'], 'relations.ownedBy': 'group:default/team-a' } });
    assert.equal(ownedByTeamA?.count, ownedItems.totalItems, 'a relation facet counts what the same filter lists');
    assert.ok((ownedByTeamA?.count ?? 0) > 0);
    // hasMember is the inverse of a user's memberOf: counted on groups from the users' edges.
    assert.ok(byRelation['relations.hasMember']?.some((f) => f.value.startsWith('user:default/') && f.count >= 1), JSON.stringify(byRelation['relations.hasMember']));
  });

  test('API definitions given as $text of a local file are inlined', async () => {
    const api = await client.getEntityByRef('api:petstore');
    assert.equal(typeof api?.spec?.definition, 'string');
    assert.match(String(api?.spec?.definition), /openapi/);
  });

  test('an entity written through the v1 API is visible to the Backstage API on the next request', async () => {
    const write = await portico.app.inject({ method: 'POST', url: '/api/v1/blueprints/component/entities', payload: { identifier: 'fresh-service', properties: { type: 'service', lifecycle: 'production' }, relations: { owner: 'team:team-b' }, team: ['team-b'] } });
    assert.equal(write.statusCode, 201, write.body);
    const fresh = await client.getEntityByRef('component:default/fresh-service');
    assert.ok(fresh?.relations?.some((r) => r.type === 'ownedBy' && r.targetRef === 'group:default/team-b'));
    const team = await client.getEntityByRef('group:default/team-b');
    assert.ok(team?.relations?.some((r) => r.type === 'ownerOf' && r.targetRef === 'component:default/fresh-service'));
  });
});
