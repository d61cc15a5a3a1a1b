import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Portico } from '../app.ts';
import { systemActor } from '../auth/access.ts';
import { startTestPortico } from '../testing/test-portico.ts';
import { testEngine } from '../testing/test-database.ts';
import { openTestSession } from '../testing/test-session.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies are read field by field
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Roles, blueprint permissions and the read filter, through the HTTP API. Incidents are readable
 * only by their owning teams; `audit-finding` entities only by admins. Ann is a member of
 * payments (and so of its child team payments-api); the search team's incident must not reach
 * her through any read path — not by listing, search, counts, facets, graph, relations, the
 * Backstage API, exports or the history.
 */
describe(`roles and permissions (${testEngine()})`, () => {
  let portico: Portico;
  let admin: string;
  const as = (who: Record<string, string>) => async (method: Method, url: string, payload?: unknown) => {
    const response = await portico.app.inject({ method, url, headers: who, ...(payload === undefined ? {} : { payload: payload as object }) });
    return { status: response.statusCode, body: (response.body && response.headers['content-type']?.toString().includes('json') ? response.json() : response.body) as Json };
  };
  let asAdmin: ReturnType<typeof as>;
  let asAnn: ReturnType<typeof as>;
  let asVic: ReturnType<typeof as>;
  let asMo: ReturnType<typeof as>;

  before(async () => {
    portico = await startTestPortico({ guest: false });
    admin = await portico.services.auth.createToken('root', 'admin');
    asAdmin = as({ authorization: `Bearer ${admin}` });
    const ok = async (method: Method, url: string, payload: unknown) => {
      const response = await asAdmin(method, url, payload);
      assert.ok(response.status < 300, `${method} ${url} → ${response.status} ${JSON.stringify(response.body)}`);
    };
    await ok('POST', '/api/v1/blueprints', {
      identifier: 'incident', title: 'Incident', schema: { properties: { severity: { type: 'string' } } },
      relations: { component: { target: 'component', many: false, required: false } },
    });
    await ok('POST', '/api/v1/blueprints', { identifier: 'audit-finding', title: 'Audit finding', schema: { properties: {} }, relations: {} });
    await ok('PUT', '/api/v1/blueprints/incident/permissions', { entities: { read: { roles: [], ownedByTeam: true } } });
    await ok('PUT', '/api/v1/blueprints/audit-finding/permissions', { entities: { read: { roles: ['admin'] } } });
    await ok('POST', '/api/v1/entities/bulk', {
      atomic: true,
      entities: [
        { blueprint: 'team', identifier: 'payments', title: 'Payments' },
        { blueprint: 'team', identifier: 'payments-api', title: 'Payments API', relations: { parent: 'payments' } },
        { blueprint: 'team', identifier: 'search', title: 'Search' },
        { blueprint: 'user', identifier: 'ann', title: 'Ann', relations: { memberOf: ['payments'] } },
        { blueprint: 'user', identifier: 'vic', title: 'Vic' },
        { blueprint: 'user', identifier: 'mo', title: 'Mo' },
        { blueprint: 'component', identifier: 'checkout', title: 'Checkout', team: 'payments', properties: { type: 'service', lifecycle: 'production' }, relations: { owner: 'team:payments' } },
        { blueprint: 'component', identifier: 'indexer', title: 'Indexer', team: 'search', properties: { type: 'service', lifecycle: 'production' }, relations: { owner: 'team:search' } },
        { blueprint: 'incident', identifier: 'inc-pay', title: 'Card declines', team: 'payments', properties: { severity: 'high' }, relations: { component: 'checkout' } },
        { blueprint: 'incident', identifier: 'inc-api', title: 'Gateway timeouts', team: 'payments-api', properties: { severity: 'low' }, relations: { component: 'checkout' } },
        { blueprint: 'incident', identifier: 'inc-search', title: 'Zebra meltdown', team: 'search', properties: { severity: 'critical' }, relations: { component: 'checkout' } },
        { blueprint: 'audit-finding', identifier: 'finding-1', title: 'Zebra finding', team: 'payments' },
      ],
    });
    await ok('PUT', '/api/v1/users/vic/role', { role: 'viewer' });
    await ok('PUT', '/api/v1/users/mo/role', { role: 'moderator', moderates: ['component'] });
    const db = portico.services.db;
    asAnn = as((await openTestSession(db, 'ann')).headers(true));
    asVic = as((await openTestSession(db, 'vic')).headers(true));
    asMo = as((await openTestSession(db, 'mo')).headers(true));
  });
  after(async () => portico.close());

  test('a member reads only their teams\' incidents through every read path; an admin reads all', async () => {
    const identifiers = (entities: Json[]) => entities.map((e) => e.identifier ?? e.metadata?.name).sort();
    // Warm the caches as the admin first: cached counts must not leak to a narrower caller.
    assert.equal((await asAdmin('GET', '/api/v1/stats')).body.blueprints.incident, 3);
    assert.equal((await asAdmin('GET', '/api/v1/search?q=zebra')).body.hits.length, 2);

    const list = await asAnn('GET', '/api/v1/blueprints/incident/entities');
    assert.deepEqual(identifiers(list.body.entities), ['inc-api', 'inc-pay'], 'own team and child team');
    const search = await asAnn('POST', '/api/v1/entities/search', { query: { combinator: 'and', rules: [{ property: '$blueprint', operator: '=', value: 'incident' }] }, count: true });
    assert.equal(search.body.total, 2);
    assert.equal((await asAnn('GET', '/api/v1/blueprints/incident/entities/inc-search')).status, 404);
    assert.equal((await asAnn('GET', '/api/v1/blueprints/audit-finding/entities/finding-1')).status, 404);

    const facets = await asAnn('GET', '/api/v1/blueprints/incident/facets?property=severity');
    assert.deepEqual(facets.body.values.map((v: Json) => v.value).sort(), ['high', 'low']);
    const stats = await asAnn('GET', '/api/v1/stats');
    assert.equal(stats.body.blueprints.incident, 2);
    assert.equal(stats.body.blueprints['audit-finding'], undefined);

    const text = await asAnn('GET', '/api/v1/search?q=zebra');
    assert.deepEqual(text.body.hits, [], 'no hit and so no highlight');
    const graph = await asAnn('GET', '/api/v1/blueprints/component/entities/checkout/graph?depth=2');
    const nodes = graph.body.nodes.map((n: Json) => n.identifier);
    assert.ok(nodes.includes('inc-pay') && !nodes.includes('inc-search'), `graph nodes: ${nodes.join(', ')}`);
    assert.ok(!graph.body.edges.some((e: Json) => String(e.source).includes('inc-search')));

    const byQuery = await asAnn('GET', '/api/catalog/entities/by-query?filter=kind=incident');
    assert.equal(byQuery.body.totalItems, 2);
    assert.deepEqual(identifiers(byQuery.body.items), ['inc-api', 'inc-pay']);
    assert.equal((await asAnn('GET', '/api/catalog/entities/by-name/incident/default/inc-search')).status, 404);
    const refs = await asAnn('POST', '/api/catalog/entities/by-refs', { entityRefs: ['incident:default/inc-search', 'incident:default/inc-pay'] });
    assert.equal(refs.body.items[0], null);
    assert.equal(refs.body.items[1].metadata.name, 'inc-pay');
    const kinds = await asAnn('GET', '/api/catalog/entity-facets?facet=kind');
    assert.equal(kinds.body.facets.kind.find((f: Json) => f.value === 'Incident')?.count, 2);
    assert.equal(kinds.body.facets.kind.find((f: Json) => f.value === 'Audit-finding'), undefined);
    const checkout = await asAnn('GET', '/api/catalog/entities/by-name/component/default/checkout');
    const related = checkout.body.relations.map((r: Json) => r.targetRef);
    assert.ok(related.includes('incident:default/inc-pay') && !related.includes('incident:default/inc-search'), `relations: ${related.join(', ')}`);
    const adminCheckout = await asAdmin('GET', '/api/catalog/entities/by-name/component/default/checkout');
    assert.ok(adminCheckout.body.relations.some((r: Json) => r.targetRef === 'incident:default/inc-search'));

    const exported = await asAnn('GET', '/api/v1/export?format=json');
    assert.ok(exported.body.some((e: Json) => e.identifier === 'inc-pay'));
    assert.ok(!exported.body.some((e: Json) => e.identifier === 'inc-search' || e.identifier === 'finding-1'));
    const history = await asAnn('GET', '/api/v1/audit?identifier=inc-search');
    assert.deepEqual(history.body.entries, []);
    assert.ok((await asAnn('GET', '/api/v1/audit?identifier=inc-pay')).body.entries.length > 0);
    const tokenEvents = await asAnn('GET', '/api/v1/audit?resourceType=permission');
    assert.deepEqual(tokenEvents.body.entries, [], 'only admins read permission changes');

    const all = await asAdmin('GET', '/api/v1/blueprints/incident/entities');
    assert.equal(all.body.entities.length, 3);
  });

  test('members write what their teams own; viewers write nothing; moderators own their blueprints', async () => {
    const component = (identifier: string, team: string) => ({ identifier, title: identifier, team, properties: { type: 'service', lifecycle: 'production' }, relations: { owner: `team:${team}` } });
    assert.equal((await asAnn('PATCH', '/api/v1/blueprints/component/entities/checkout', { properties: { lifecycle: 'experimental' } })).status, 200);
    const foreign = await asAnn('PATCH', '/api/v1/blueprints/component/entities/indexer', { properties: { lifecycle: 'deprecated' } });
    assert.equal(foreign.status, 403);
    assert.match(foreign.body.error.message, /owned by search/);
    assert.equal((await asAnn('POST', '/api/v1/blueprints/component/entities', component('pay-ui', 'payments-api'))).status, 201, 'a child team counts');
    assert.equal((await asAnn('POST', '/api/v1/blueprints/component/entities', component('grab', 'search'))).status, 403);
    const handOver = await asAnn('PATCH', '/api/v1/blueprints/component/entities/checkout', { team: ['search'] });
    assert.equal(handOver.status, 403, 'no handing an entity to another team');
    assert.equal((await asAnn('PUT', '/api/v1/blueprints/incident/entities/inc-search', { title: 'Mine now', team: ['payments'] })).status, 404, 'an unreadable entity does not exist');
    const bulk = await asAnn('POST', '/api/v1/entities/bulk', { entities: [{ blueprint: 'component', ...component('bulk-ok', 'payments') }, { blueprint: 'component', ...component('bulk-no', 'search') }] });
    assert.deepEqual(bulk.body.results.map((r: Json) => r.status), ['created', 'failed']);
    assert.equal(bulk.body.results[1].error.code, 'FORBIDDEN');
    assert.equal((await asAnn('DELETE', '/api/v1/blueprints/component/entities/indexer')).status, 403);
    assert.equal((await asAnn('PATCH', '/api/v1/blueprints/component', { title: 'Components' })).status, 403);

    const mine = await asAnn('GET', '/api/v1/blueprints/component/entities/checkout/access');
    assert.equal(mine.body.decisions.update.allowed, true);
    const theirs = await asAnn('GET', '/api/v1/blueprints/component/entities/indexer/access');
    assert.deepEqual([theirs.body.decisions.read.allowed, theirs.body.decisions.update.allowed], [true, false]);
    assert.equal((await asAnn('GET', '/api/v1/blueprints/incident/entities/inc-search/access')).status, 404);
    const viewer = await asVic('PATCH', '/api/v1/blueprints/component/entities/checkout', { title: 'x' });
    assert.equal(viewer.status, 403);
    assert.equal((await asVic('GET', '/api/v1/blueprints/component/entities/checkout')).status, 200);

    assert.equal((await asMo('PATCH', '/api/v1/blueprints/component/entities/indexer', { properties: { lifecycle: 'deprecated' } })).status, 200);
    assert.equal((await asMo('PATCH', '/api/v1/blueprints/component', { description: 'Software we run' })).status, 200);
    assert.equal((await asMo('PUT', '/api/v1/blueprints/component/permissions', { entities: { update: { teams: ['search'] } } })).status, 200);
    assert.equal((await asMo('PATCH', '/api/v1/blueprints/incident', { description: 'no' })).status, 403);
    assert.equal((await asMo('PATCH', '/api/v1/blueprints/incident/entities/inc-pay', { title: 'no' })).status, 404, 'moderating components shows no incidents');
    // The moderator's new rule lets the search team update any component, even payments' own.
    await portico.services.entities.writeOne('user', { identifier: 'sam', title: 'Sam', relations: { memberOf: ['search'] } }, { mode: 'create', actor: 'test', createMissingRelated: false });
    const asSam = as((await openTestSession(portico.services.db, 'sam')).headers(true));
    assert.equal((await asSam('PATCH', '/api/v1/blueprints/component/entities/checkout', { properties: { lifecycle: 'production' } })).status, 200);
  });

  test('roles and permissions are data: validated, audited, effective at once, explained', async () => {
    const badRole = await asAdmin('PUT', '/api/v1/users/vic/role', { role: 'owner' });
    assert.equal(badRole.status, 400);
    assert.equal(badRole.body.error.details[0].path, '/role');
    const badModerates = await asAdmin('PUT', '/api/v1/users/vic/role', { role: 'moderator', moderates: ['nope'] });
    assert.equal(badModerates.status, 400);
    assert.equal(badModerates.body.error.details[0].path, '/moderates/0');
    assert.equal((await asAdmin('PUT', '/api/v1/users/nobody/role', { role: 'viewer' })).status, 404);
    const badRule = await asAdmin('PUT', '/api/v1/blueprints/incident/permissions', { entities: { read: { roles: ['boss'] } } });
    assert.equal(badRule.status, 400);
    assert.match(badRule.body.error.details[0].path, /^\/entities\/read\/roles\/0/);
    assert.equal((await asAnn('PUT', '/api/v1/users/ann/role', { role: 'admin' })).status, 403, 'no one promotes themselves');

    const users = await asAdmin('GET', '/api/v1/users?q=v');
    assert.deepEqual(users.body.users.map((u: Json) => [u.identifier, u.role]), [['vic', 'viewer']]);
    assert.equal(users.body.defaultRole, 'member');

    const explained = await asAdmin('GET', '/api/v1/users/ann/access?blueprint=incident&entity=inc-search');
    assert.equal(explained.body.role, 'member');
    assert.deepEqual(explained.body.teams, ['payments', 'payments-api']);
    assert.deepEqual(explained.body.blueprints.find((b: Json) => b.blueprint === 'incident').reach, { read: 'owned', create: 'owned', update: 'owned', delete: 'owned' });
    assert.equal(explained.body.entity.decisions.read.allowed, false);
    assert.match(explained.body.entity.decisions.read.reason, /owned by search/);
    assert.equal((await asAdmin('GET', '/api/v1/users/ann/access?entity=inc-pay')).status, 400);

    // Making Ann a viewer takes effect on her next request, through her open session.
    assert.equal((await asAdmin('PUT', '/api/v1/users/ann/role', { role: 'viewer' })).status, 200);
    assert.equal((await asAnn('PATCH', '/api/v1/blueprints/component/entities/checkout', { title: 'x' })).status, 403);
    assert.equal((await asAnn('GET', '/api/v1/session')).body.actor.role, 'viewer');
    // Opening incidents to everyone shows her the search team's incident at once.
    assert.equal((await asAdmin('PUT', '/api/v1/blueprints/incident/permissions', { entities: { read: { roles: ['viewer'] } } })).status, 200);
    assert.equal((await asAnn('GET', '/api/v1/blueprints/incident/entities/inc-search')).status, 200);

    const audit = await asAdmin('GET', '/api/v1/audit?resourceType=role&identifier=ann');
    assert.equal(audit.body.entries[0].after.role, 'viewer');
    assert.equal(audit.body.entries[0].actor, 'token:root');
    const permissionAudit = await asAdmin('GET', '/api/v1/audit?resourceType=permission&blueprint=incident');
    assert.deepEqual(permissionAudit.body.entries[0].after.entities.read.roles, ['viewer']);
    assert.deepEqual(permissionAudit.body.entries[0].before.entities.read, { roles: [], users: [], teams: [], ownedByTeam: true });
  });

  test('personal tokens act with their owner\'s current role, capped by their scopes', async () => {
    const { auth } = portico.services;
    await portico.services.access.setRole('mo', { role: 'moderator', moderates: ['component'] }, systemActor('test'));
    const issued = await auth.issue({ name: 'mo-cli', kind: 'personal', scopes: ['read', 'write'] }, await auth.actorForUser('mo'));
    const asMoToken = as({ authorization: `Bearer ${issued.secret}` });
    assert.equal((await asMoToken('PATCH', '/api/v1/blueprints/component/entities/indexer', { title: 'Indexer' })).status, 200);
    assert.equal((await asMoToken('PATCH', '/api/v1/blueprints/component', { description: 'by token' })).status, 200);
    const readOnly = await auth.issue({ name: 'mo-read', kind: 'personal', scopes: ['read'] }, await auth.actorForUser('mo'));
    const denied = await as({ authorization: `Bearer ${readOnly.secret}` })('PATCH', '/api/v1/blueprints/component/entities/indexer', { title: 'x' });
    assert.equal(denied.status, 403);
    assert.match(denied.body.error.message, /scope \(read\)/);
    const escalate = await asMo('POST', '/api/v1/tokens', { name: 'mo-admin', kind: 'personal', scopes: ['admin'] });
    assert.equal(escalate.status, 403);
  });
});
