import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Portico } from '../app.ts';
import { startTestPortico } from '../testing/test-portico.ts';
import { testEngine } from '../testing/test-database.ts';
import { openTestSession } from '../testing/test-session.ts';
import { systemActor } from '../auth/access.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies are read field by field

describe(`initiatives (${testEngine()})`, () => {
  let portico: Portico;
  const call = async (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown) => {
    const response = await portico.app.inject({ method, url, ...(payload === undefined ? {} : { payload: payload as object }) });
    return { status: response.statusCode, body: (response.body ? response.json() : null) as Json };
  };
  const ok = async (method: 'POST' | 'PUT' | 'PATCH', url: string, payload: unknown) => {
    const response = await call(method, url, payload);
    assert.ok(response.status < 300, `${method} ${url} → ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const initiative = {
    identifier: 'silver-by-q1', title: 'Every production service at Silver', description: 'Readme and on-call before the audit',
    blueprint: 'service', scorecard: 'readiness', target: { level: 'Silver' },
    filter: { combinator: 'and', rules: [{ property: 'lifecycle', operator: '=', value: 'production' }] },
    deadline: '2027-03-31', owner: 'platform',
  };

  before(async () => {
    portico = await startTestPortico();
    await ok('POST', '/api/v1/blueprints', {
      identifier: 'service', title: 'Service',
      schema: { properties: { readme: { type: 'string' }, onCall: { type: 'string' }, lifecycle: { type: 'string' }, coverage: { type: 'number' } } },
    });
    await ok('POST', '/api/v1/entities/bulk', {
      atomic: true,
      entities: [
        { blueprint: 'team', identifier: 'payments', title: 'Payments' },
        { blueprint: 'team', identifier: 'search', title: 'Search' },
        { blueprint: 'team', identifier: 'platform', title: 'Platform' },
        { blueprint: 'service', identifier: 'checkout', title: 'Checkout', team: ['payments'], properties: { lifecycle: 'production', readme: '# Checkout', onCall: 'pay-oncall', coverage: 90 } },
        { blueprint: 'service', identifier: 'ledger', title: 'Ledger', team: ['payments'], properties: { lifecycle: 'production', readme: '# Ledger' } },
        { blueprint: 'service', identifier: 'indexer', title: 'Indexer', team: ['search'], properties: { lifecycle: 'production' } },
        { blueprint: 'service', identifier: 'prototype', title: 'Prototype', team: ['search'], properties: { lifecycle: 'experimental' } },
      ],
    });
    await ok('POST', '/api/v1/blueprints/service/scorecards', {
      identifier: 'readiness', title: 'Readiness',
      rules: [
        { identifier: 'hasReadme', title: 'Has a readme', level: 'Bronze', query: { combinator: 'and', rules: [{ property: 'readme', operator: 'isNotEmpty' }] } },
        { identifier: 'hasOnCall', title: 'Has on-call', level: 'Silver', query: { combinator: 'and', rules: [{ property: 'onCall', operator: 'isNotEmpty' }] } },
        { identifier: 'wellTested', title: 'Coverage ≥ 80', level: 'Gold', query: { combinator: 'and', rules: [{ property: 'coverage', operator: '>=', value: 80 }] } },
      ],
    });
  });
  after(async () => portico.close());

  test('an initiative shows progress over its scope, each team\'s standing and what each team must fix', async () => {
    const created = await call('POST', '/api/v1/initiatives', initiative);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.initiative.deadline, '2027-03-31T00:00:00.000Z');
    const detail = (await call('GET', '/api/v1/initiatives/silver-by-q1')).body;
    assert.deepEqual(detail.progress, { compliant: 1, total: 3, percent: 33.3 }, 'the experimental prototype is out of scope');
    assert.deepEqual(detail.requiredRules, ['hasReadme', 'hasOnCall']);
    assert.deepEqual(detail.teams.map((t: Json) => [t.team, t.compliant, t.total]), [['search', 0, 1], ['payments', 1, 2]], 'furthest behind first');
    assert.deepEqual(detail.teams[0].todo, [{ identifier: 'indexer', title: 'Indexer', failing: ['hasOnCall', 'hasReadme'] }]);
    assert.deepEqual(detail.teams[1].todo, [{ identifier: 'ledger', title: 'Ledger', failing: ['hasOnCall'] }]);
    assert.equal(detail.history.length, 1, 'today\'s reading');
    assert.equal(detail.history[0].percent, 33.3);
    const listed = (await call('GET', '/api/v1/initiatives')).body.initiatives;
    assert.deepEqual(listed.map((i: Json) => [i.identifier, i.progress.percent]), [['silver-by-q1', 33.3]]);
  });

  test('progress follows entity edits at once, and the daily history keeps earlier readings', async () => {
    const { initiatives } = portico.services;
    const yesterday = new Date(Date.now() - 86_400_000);
    await initiatives.snapshot(undefined, yesterday);
    await ok('PATCH', '/api/v1/blueprints/service/entities/ledger', { properties: { onCall: 'pay-oncall' } });
    const detail = (await call('GET', '/api/v1/initiatives/silver-by-q1')).body;
    assert.deepEqual(detail.progress, { compliant: 2, total: 3, percent: 66.7 });
    assert.deepEqual(detail.history.map((h: Json) => h.percent), [33.3, 66.7]);
    assert.deepEqual(detail.teams.find((t: Json) => t.team === 'payments').todo, []);
  });

  test('a target of chosen rules, and a replace', async () => {
    const replaced = await call('PUT', '/api/v1/initiatives/silver-by-q1', { ...initiative, identifier: undefined, target: { rules: ['wellTested'] }, filter: null });
    assert.equal(replaced.status, 200, JSON.stringify(replaced.body));
    const detail = (await call('GET', '/api/v1/initiatives/silver-by-q1')).body;
    assert.deepEqual(detail.progress, { compliant: 1, total: 4, percent: 25 });
    assert.deepEqual(detail.requiredRules, ['wellTested']);
  });

  test('bad initiatives are refused with the field and the reason; nothing is saved', async () => {
    const cases: [Json, string, RegExp][] = [
      [{ target: { level: 'Platinum' } }, '/target/level', /"Platinum" is not a level of readiness \(Basic, Bronze, Silver, Gold\)/],
      [{ target: { level: 'Basic' } }, '/target/level', /first level/],
      [{ target: { rules: ['hasReadme', 'flies'] } }, '/target/rules/1', /"flies" is not a rule of readiness/],
      [{ target: { level: 'Gold', rules: ['hasReadme'] } }, '/target', /./],
      [{ scorecard: 'nothing' }, '/scorecard', /names no scorecard of service/],
      [{ blueprint: 'nothing' }, '/blueprint', /does not exist/],
      [{ deadline: 'next spring' }, '/deadline', /must be a date/],
      [{ filter: { combinator: 'and', rules: [{ property: 'colour', operator: '=', value: 'red' }] } }, '/filter/rules/0/property', /"colour" is not a property or relation of service/],
    ];
    for (const [change, path, reason] of cases) {
      const response = await call('POST', '/api/v1/initiatives', { ...initiative, identifier: 'bad-one', ...change });
      assert.equal(response.status, 400, `${JSON.stringify(change)} → ${response.status} ${JSON.stringify(response.body)}`);
      const detail = (response.body.error.details as Json[]).find((d) => d.path === path);
      assert.ok(detail, `${JSON.stringify(change)}: expected ${path}, got ${JSON.stringify(response.body.error.details)}`);
      assert.match(detail.message, reason);
    }
    assert.equal((await call('GET', '/api/v1/initiatives/bad-one')).status, 404);
    assert.equal((await call('POST', '/api/v1/initiatives', initiative)).status, 409, 'the identifier is taken');
  });

  test('only admins and moderators of the blueprint change initiatives; deletes are audited', async () => {
    const { db, access } = portico.services;
    await ok('POST', '/api/v1/entities/bulk', { atomic: true, entities: [{ blueprint: 'user', identifier: 'mo', title: 'Mo' }, { blueprint: 'user', identifier: 'mem', title: 'Mem' }] });
    await access.setRole('mo', { role: 'moderator', moderates: ['service'] }, systemActor('test'));
    const as = async (user: string, method: 'PUT' | 'DELETE', payload?: unknown) => {
      const { headers } = await openTestSession(db, user);
      const response = await portico.app.inject({ method, url: '/api/v1/initiatives/silver-by-q1', headers: headers(true), ...(payload ? { payload: payload as object } : {}) });
      return response.statusCode;
    };
    assert.equal(await as('mem', 'PUT', initiative), 403, 'a member may not');
    assert.equal(await as('mo', 'PUT', initiative), 200, 'a moderator of service may');
    const deleted = await call('DELETE', '/api/v1/initiatives/silver-by-q1');
    assert.equal(deleted.status, 204);
    assert.equal((await call('GET', '/api/v1/initiatives/silver-by-q1')).status, 404);
    const audit = await call('GET', '/api/v1/audit?resourceType=initiative');
    assert.deepEqual(audit.body.entries.map((e: Json) => e.action), ['delete', 'update', 'update', 'create']);
  });
});
