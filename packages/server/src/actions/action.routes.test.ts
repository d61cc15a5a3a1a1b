import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import type { Portico } from '../app.ts';
import { startTestPortico } from '../testing/test-portico.ts';
import { testEngine } from '../testing/test-database.ts';
import { openTestSession } from '../testing/test-session.ts';
import { FIXTURES_DIR } from '../testing/fixtures.ts';
import { systemActor } from '../auth/access.ts';
import { verifyWebhook } from './webhook-signature.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies are read field by field

interface Call { path: string; headers: IncomingHttpHeaders; body: string; json: Json }

/** A webhook receiver started by the test: records calls and answers as each path is told to. */
async function startReceiver() {
  const calls: Call[] = [];
  const answers = new Map<string, { status: number; body?: unknown }[]>();
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => { body += chunk.toString(); });
    req.on('end', () => {
      const path = req.url ?? '/';
      calls.push({ path, headers: req.headers, body, json: JSON.parse(body || '{}') as Json });
      const queue = answers.get(path) ?? [];
      const answer = queue.length > 1 ? queue.shift() : queue[0];
      res.writeHead(answer?.status ?? 202, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer?.body ?? { accepted: true }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { calls, answers, base, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const until = async <T>(check: () => Promise<T | undefined | false>, ms = 10000): Promise<T> => {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe(`actions and runs (${testEngine()})`, () => {
  let portico: Portico;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const secrets = new Map<string, string>();
  const call = async (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = {}) => {
    const response = await portico.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
    return { status: response.statusCode, body: (response.body ? response.json() : null) as Json };
  };
  const ok = async (method: 'POST' | 'PUT' | 'PATCH', url: string, payload: unknown) => {
    const response = await call(method, url, payload);
    assert.ok(response.status < 300, `${method} ${url} → ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const runOf = async (id: string) => (await call('GET', `/api/v1/runs/${id}`)).body.run as Json;
  const callsFor = (runId: string) => receiver.calls.filter((c) => c.json.run?.id === runId);

  before(async () => {
    receiver = await startReceiver();
    portico = await startTestPortico({ env: { PORTICO_RUN_RETRY_BASE_MS: '20', PORTICO_APPROVAL_WEBHOOK_URL: `${receiver.base}/approvals` } });
    await ok('POST', '/api/v1/blueprints', {
      identifier: 'service', title: 'Service',
      schema: { properties: { type: { type: 'string' }, lifecycle: { type: 'string' }, environment: { type: 'string' } } },
    });
    await ok('POST', '/api/v1/blueprints', { identifier: 'cluster', title: 'Cluster', schema: { properties: { region: { type: 'string' } } } });
    await ok('POST', '/api/v1/entities/bulk', {
      atomic: true,
      entities: [
        { blueprint: 'team', identifier: 'payments', title: 'Payments' },
        { blueprint: 'user', identifier: 'alice', title: 'Alice' },
        { blueprint: 'user', identifier: 'bob', title: 'Bob' },
        { blueprint: 'user', identifier: 'carol', title: 'Carol' },
        { blueprint: 'service', identifier: 'checkout', title: 'Checkout', team: ['payments'], properties: { environment: 'production' } },
        { blueprint: 'service', identifier: 'sandbox', title: 'Sandbox', properties: { environment: 'staging' } },
        { blueprint: 'cluster', identifier: 'eu-1', title: 'EU 1', properties: { region: 'eu' } },
        { blueprint: 'cluster', identifier: 'us-1', title: 'US 1', properties: { region: 'us' } },
      ],
    });
    const port = (JSON.parse(readFileSync(`${FIXTURES_DIR}port/actions/ocean-gitlab.actions.json`, 'utf8')) as Json[]).find((a) => a.identifier === 'gitlab_enrich_service') as Json;
    // Port's fixture is synchronous; made asynchronous here, so the receiver reports back itself.
    const created = await call('POST', '/api/v1/actions', { ...port, invocationMethod: { ...port.invocationMethod, url: `${receiver.base}/enrich`, synchronized: false } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    secrets.set('gitlab_enrich_service', created.body.webhookSecret);
    const deploy = await call('POST', '/api/v1/actions', {
      identifier: 'deploy', title: 'Deploy', blueprint: 'service', operation: 'DAY-2',
      condition: { combinator: 'and', rules: [{ property: 'environment', operator: '=', value: 'production' }] },
      userInputs: {
        properties: {
          version: { type: 'string', pattern: '^v\\d+' },
          cluster: { type: 'string', format: 'entity', blueprint: 'cluster', dataset: { combinator: 'and', rules: [{ property: 'region', operator: '=', value: 'eu' }] } },
          token: { type: 'string', format: 'secret' },
        },
        required: ['version', 'cluster'],
      },
      invoker: { type: 'WEBHOOK', url: `${receiver.base}/deploy` },
      approval: { type: 'ANY', users: ['bob'] },
      execute: { roles: ['member'] },
    });
    assert.equal(deploy.status, 201, JSON.stringify(deploy.body));
    secrets.set('deploy', deploy.body.webhookSecret);
    const { access } = portico.services;
    await access.setRole('alice', { role: 'member' }, systemActor('test'));
  });
  after(async () => {
    await portico.close();
    await receiver.close();
  });

  test('Port\'s day-2 action runs: the receiver gets a signed call with inputs, entity and a token, then reports back', async () => {
    const created = await call('POST', '/api/v1/actions/gitlab_enrich_service/runs', { entity: 'checkout', inputs: { type: 'backend', lifecycle: 'Production' } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const run = created.body.run;
    assert.equal(run.status, 'QUEUED');
    const delivered = await until(async () => callsFor(run.id)[0]);
    const secret = secrets.get('gitlab_enrich_service') ?? '';
    assert.ok(verifyWebhook(secret, { signature: String(delivered.headers['x-portico-signature']), timestamp: String(delivered.headers['x-portico-timestamp']) }, delivered.body), 'signed over timestamp + body');
    assert.ok(!verifyWebhook(secret, { signature: String(delivered.headers['x-portico-signature']), timestamp: String(delivered.headers['x-portico-timestamp']) }, `${delivered.body} `), 'a changed body fails');
    assert.equal(delivered.headers['idempotency-key'], run.id);
    assert.deepEqual(delivered.json.inputs, { type: 'backend', lifecycle: 'Production' });
    assert.equal(delivered.json.entity.identifier, 'checkout');
    assert.equal(delivered.json.action.operation, 'DAY-2');
    const token = delivered.json.run.token as string;
    await until(async () => (await runOf(run.id)).status === 'RUNNING');

    const log = await call('POST', `/api/v1/runs/${run.id}/logs`, { message: 'Pipeline 42 started' }, { 'x-run-token': token });
    assert.equal(log.status, 202);
    const wrong = await call('PATCH', `/api/v1/runs/${run.id}`, { status: 'SUCCESS' }, { 'x-run-token': 'prt_run_forged' });
    assert.equal(wrong.status, 403);
    const reported = await call('PATCH', `/api/v1/runs/${run.id}`, { status: 'SUCCESS', statusLabel: 'Enriched', link: 'https://ci.example.com/pipelines/42', summary: 'Type and lifecycle set', entities: [{ blueprint: 'service', identifier: 'sandbox' }] }, { 'x-run-token': token });
    assert.equal(reported.status, 200, JSON.stringify(reported.body));
    assert.deepEqual([reported.body.run.status, reported.body.run.links], ['SUCCESS', ['https://ci.example.com/pipelines/42']]);
    const again = await call('PATCH', `/api/v1/runs/${run.id}`, { status: 'FAILURE' }, { 'x-run-token': token });
    assert.equal(again.status, 409, 'a run ends once');
    const logs = (await call('GET', `/api/v1/runs/${run.id}/logs`)).body.logs.map((l: Json) => l.message);
    assert.ok(logs.includes('Pipeline 42 started'));
    const history = (await call('GET', '/api/v1/runs?entity=checkout')).body.runs;
    assert.ok(history.some((r: Json) => r.id === run.id), 'the run is in the entity\'s history');
    const touched = (await call('GET', '/api/v1/runs?blueprint=service&entity=sandbox')).body.runs;
    assert.ok(touched.some((r: Json) => r.id === run.id), 'and in the history of the entity it reported changing');
  });

  test('inputs, entity and condition are checked on the server; nothing is queued when they fail', async () => {
    const cases: [Json, number, string][] = [
      [{ entity: 'checkout', inputs: { version: 'latest', cluster: 'eu-1' } }, 400, '/inputs/version'],
      [{ entity: 'checkout', inputs: { version: 'v2', cluster: 'us-1' } }, 400, '/inputs/cluster'],
      [{ entity: 'checkout', inputs: { version: 'v2' } }, 400, '/inputs'],
      [{ inputs: { version: 'v2', cluster: 'eu-1' } }, 400, '/entity'],
      [{ entity: 'sandbox', inputs: { version: 'v2', cluster: 'eu-1' } }, 400, '/entity'],
      [{ entity: 'nowhere', inputs: { version: 'v2', cluster: 'eu-1' } }, 404, '/entity'],
    ];
    const before = receiver.calls.length;
    for (const [body, status, path] of cases) {
      const response = await call('POST', '/api/v1/actions/deploy/runs', body);
      assert.equal(response.status, status, `${JSON.stringify(body)} → ${response.status} ${JSON.stringify(response.body)}`);
      assert.ok((response.body.error.details as Json[]).some((d) => d.path === path || d.path.startsWith(`${path}`)), `${JSON.stringify(body)}: ${JSON.stringify(response.body.error.details)}`);
    }
    assert.equal((await call('POST', '/api/v1/actions/nope/runs', {})).status, 404);
    assert.equal(receiver.calls.length, before);
  });

  test('approval: the requester cannot approve, a non-approver is refused, the approver queues it; secrets stay secret', async () => {
    const { db } = portico.services;
    const alice = await openTestSession(db, 'alice');
    const bob = await openTestSession(db, 'bob');
    const carol = await openTestSession(db, 'carol');
    const created = await call('POST', '/api/v1/actions/deploy/runs', { entity: 'checkout', inputs: { version: 'v7', cluster: 'eu-1', token: 'tok-very-secret-42' } }, alice.headers(true));
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const run = created.body.run;
    assert.equal(run.status, 'WAITING_FOR_APPROVAL');
    assert.equal(run.inputs.token, '[secret]');
    const stored = await db.query<{ inputs: Json; secrets: string }>('select inputs, secrets from action_runs where id = $1::uuid', [run.id]);
    assert.ok(!JSON.stringify(stored).includes('tok-very-secret-42'), 'not stored in the clear');
    const notified = await until(async () => receiver.calls.find((c) => c.path === '/approvals' && String(c.json.text).includes(run.id)));
    assert.match(String(notified.json.text), /^user:alice asks to run "Deploy" on checkout: approval needed \(any of @bob\)/);
    assert.equal(notified.json.blocks[1].elements[0].url.endsWith(`/runs/${run.id}`), true, 'a Slack-format message with a link to the run');
    assert.ok(!JSON.stringify(notified.json).includes('tok-very-secret-42'));
    assert.equal((await call('POST', `/api/v1/runs/${run.id}/approval`, { decision: 'APPROVE' }, alice.headers(true))).status, 403);
    assert.equal((await call('POST', `/api/v1/runs/${run.id}/approval`, { decision: 'APPROVE' }, carol.headers(true))).status, 403);
    const inbox = (await call('GET', '/api/v1/runs?status=WAITING_FOR_APPROVAL', undefined, bob.headers(false))).body.runs;
    assert.ok(inbox.some((r: Json) => r.id === run.id), 'the approver sees it waiting');
    // Others see neither the waiting run nor its inputs: the list applies the rule the run page applies.
    const carolsList = (await call('GET', '/api/v1/runs?status=WAITING_FOR_APPROVAL', undefined, carol.headers(false)));
    assert.equal(carolsList.status, 200);
    assert.deepEqual(carolsList.body.runs.filter((r: Json) => r.id === run.id), [], 'not an approver: not listed');
    assert.equal((await call('GET', `/api/v1/runs/${run.id}`, undefined, carol.headers(false))).status, 404);
    const alicesList = (await call('GET', '/api/v1/runs', undefined, alice.headers(false))).body.runs;
    assert.ok(alicesList.some((r: Json) => r.id === run.id), 'the requester lists their own run');
    const approved = await call('POST', `/api/v1/runs/${run.id}/approval`, { decision: 'APPROVE', reason: 'ship it' }, bob.headers(true));
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    assert.equal(approved.body.run.status, 'QUEUED');
    const delivered = await until(async () => callsFor(run.id)[0]);
    assert.equal(delivered.json.inputs.token, 'tok-very-secret-42', 'the receiver gets the secret');
    await call('POST', `/api/v1/runs/${run.id}/logs`, { message: 'using tok-very-secret-42 to log in' }, { 'x-run-token': delivered.json.run.token });
    const logs = (await call('GET', `/api/v1/runs/${run.id}/logs`)).body.logs.map((l: Json) => l.message);
    assert.ok(logs.includes('using ******** to log in'), logs.join(' | '));
    assert.ok(logs.some((m: string) => m.startsWith('Approved by bob: ship it')));
    const audit = (await call('GET', '/api/v1/audit?resourceType=run')).body.entries;
    assert.ok(!JSON.stringify(audit).includes('tok-very-secret-42'));

    const declined = (await call('POST', '/api/v1/actions/deploy/runs', { entity: 'checkout', inputs: { version: 'v8', cluster: 'eu-1' } }, alice.headers(true))).body.run;
    const decision = await call('POST', `/api/v1/runs/${declined.id}/approval`, { decision: 'DECLINE', reason: 'freeze week' }, bob.headers(true));
    assert.equal(decision.body.run.status, 'DECLINED');
    const viewer = await openTestSession(db, 'carol');
    await portico.services.access.setRole('carol', { role: 'viewer' }, systemActor('test'));
    assert.equal((await call('POST', '/api/v1/actions/deploy/runs', { entity: 'checkout', inputs: { version: 'v9', cluster: 'eu-1' } }, viewer.headers(true))).status, 403, 'viewers do not run actions');
  });

  test('fields that show, hide and depend on others: the server drops hidden values and filters a picker by another field', async () => {
    await ok('POST', '/api/v1/blueprints', { identifier: 'namespace', title: 'Namespace', schema: { properties: { cluster: { type: 'string' } } } });
    await ok('POST', '/api/v1/entities/bulk', { atomic: true, entities: [
      { blueprint: 'namespace', identifier: 'eu-payments', properties: { cluster: 'eu-1' } },
      { blueprint: 'namespace', identifier: 'us-payments', properties: { cluster: 'us-1' } },
    ] });
    const created = await call('POST', '/api/v1/actions', {
      identifier: 'create-db', title: 'Create database', operation: 'CREATE', invoker: { type: 'WEBHOOK', url: `${receiver.base}/db` },
      userInputs: {
        properties: {
          engine: { type: 'string', enum: ['postgres', 'mysql'] },
          extensions: { type: 'array', items: { type: 'string' }, visible: { combinator: 'and', rules: [{ input: 'engine', operator: '=', value: 'postgres' }] } },
          cluster: { type: 'string', format: 'entity', blueprint: 'cluster' },
          namespace: { type: 'string', format: 'entity', blueprint: 'namespace', dataset: { combinator: 'and', rules: [{ property: 'cluster', operator: '=', value: { input: 'cluster' } }] } },
          owner: { type: 'string', format: 'user' },
        },
        required: ['engine', 'extensions', 'namespace'],
      },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const refusedAt = async (inputs: Json) => {
      const response = await call('POST', '/api/v1/actions/create-db/runs', { inputs });
      assert.equal(response.status, 400, JSON.stringify(response.body));
      return response.body.error.details.map((d: Json) => `${d.path}: ${d.message}`);
    };
    assert.deepEqual(await refusedAt({ engine: 'postgres', cluster: 'eu-1', namespace: 'eu-payments' }), ['/inputs/extensions: is required'], 'required when shown');
    assert.deepEqual(await refusedAt({ engine: 'mysql', namespace: 'eu-payments' }), ['/inputs/namespace: depends on "cluster", which is empty']);
    assert.deepEqual(await refusedAt({ engine: 'mysql', cluster: 'eu-1', namespace: 'us-payments' }), ['/inputs/namespace: "us-payments" is not a namespace you may pick (it must match the field\'s filter)']);
    assert.deepEqual(await refusedAt({ engine: 'mysql', cluster: 'eu-1', namespace: 'eu-payments', owner: 'nobody' }), ['/inputs/owner: "nobody" is not a user you may pick'], 'a user picker picks a user that exists');
    const run = await call('POST', '/api/v1/actions/create-db/runs', { inputs: { engine: 'mysql', extensions: ['postgis'], cluster: 'eu-1', namespace: 'eu-payments' } });
    assert.equal(run.status, 201, JSON.stringify(run.body));
    assert.deepEqual(run.body.run.inputs, { engine: 'mysql', cluster: 'eu-1', namespace: 'eu-payments' }, 'the hidden field\'s value is not kept');
    const delivered = await until(async () => callsFor(run.body.run.id)[0]);
    assert.equal(delivered.json.inputs.extensions, undefined, 'nor sent to the receiver');
  });

  test('a webhook\'s own headers (a CI trigger\'s token) are sent with each call, kept encrypted and never shown', async () => {
    const { db } = portico.services;
    const created = await call('POST', '/api/v1/actions', { identifier: 'ci-trigger', title: 'CI trigger', operation: 'CREATE', invoker: { type: 'WEBHOOK', url: `${receiver.base}/ci`, headers: { Authorization: 'Bearer tok-ci-123', 'X-Team': 'payments' } } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.deepEqual(created.body.action.invoker.headers, { Authorization: '[secret]', 'X-Team': '[secret]' });
    assert.deepEqual((await call('GET', '/api/v1/actions/ci-trigger')).body.action.invoker.headers, { Authorization: '[secret]', 'X-Team': '[secret]' });
    const stored = await db.query('select definition, invoker_secrets from actions where identifier = $1', ['ci-trigger']);
    assert.ok(!JSON.stringify(stored).includes('tok-ci-123'), 'encrypted at rest');
    const first = (await call('POST', '/api/v1/actions/ci-trigger/runs', { inputs: {} })).body.run;
    const delivered = await until(async () => callsFor(first.id)[0]);
    assert.equal(delivered.headers.authorization, 'Bearer tok-ci-123');
    assert.equal(delivered.headers['x-team'], 'payments');
    assert.ok(delivered.headers['x-portico-signature'], 'still signed');
    assert.ok(!JSON.stringify(first).includes('tok-ci-123') && !JSON.stringify((await call('GET', `/api/v1/runs/${first.id}`)).body).includes('tok-ci-123'));

    // Saving the definition back as it was shown keeps the values; a new value replaces one; a header left out goes.
    const shown = (await call('GET', '/api/v1/actions/ci-trigger')).body.action;
    assert.equal((await call('PUT', '/api/v1/actions/ci-trigger', { ...shown, invoker: { ...shown.invoker, headers: { Authorization: '[secret]' } } })).status, 200);
    const second = (await call('POST', '/api/v1/actions/ci-trigger/runs', { inputs: {} })).body.run;
    const again = await until(async () => callsFor(second.id)[0]);
    assert.equal(again.headers.authorization, 'Bearer tok-ci-123');
    assert.equal(again.headers['x-team'], undefined);
    const missing = await call('PUT', '/api/v1/actions/ci-trigger', { ...shown, invoker: { ...shown.invoker, headers: { 'X-Other': '[secret]' } } });
    assert.equal(missing.status, 400);
    assert.deepEqual(missing.body.error.details, [{ path: '/invoker/headers/X-Other', message: '"[secret]" keeps a stored value, and this header has none yet: give its value' }]);
    const reserved = await call('PUT', '/api/v1/actions/ci-trigger', { ...shown, invoker: { ...shown.invoker, headers: { 'X-Portico-Signature': 'forged', 'Bad Name': 'x', Multi: 'a\r\nb' } } });
    assert.deepEqual(reserved.body.error.details.map((d: Json) => d.path), ['/invoker/headers/X-Portico-Signature', '/invoker/headers/Bad Name', '/invoker/headers/Multi']);
    const audit = (await call('GET', '/api/v1/audit?resourceType=action')).body.entries;
    assert.ok(!JSON.stringify(audit).includes('tok-ci-123'), 'nor in the audit log');
  });

  test('approvers by team or role list the runs waiting for them; others do not', async () => {
    const { db, access } = portico.services;
    await ok('POST', '/api/v1/entities/bulk', { atomic: true, entities: [
      { blueprint: 'user', identifier: 'dana', title: 'Dana', relations: { memberOf: ['payments'] } },
      { blueprint: 'user', identifier: 'erin', title: 'Erin' },
    ] });
    await access.setRole('dana', { role: 'member' }, systemActor('test'));
    await access.setRole('erin', { role: 'member' }, systemActor('test'));
    await ok('POST', '/api/v1/actions', { identifier: 'restart', title: 'Restart', operation: 'CREATE', invoker: { type: 'WEBHOOK', url: `${receiver.base}/restart` }, approval: { type: 'ANY', teams: ['Payments'] }, execute: { roles: ['member'] } });
    await ok('POST', '/api/v1/actions', { identifier: 'purge', title: 'Purge', operation: 'CREATE', invoker: { type: 'WEBHOOK', url: `${receiver.base}/purge` }, approval: { type: 'ANY', roles: ['member'] }, execute: { roles: ['member'] } });
    const alice = await openTestSession(db, 'alice');
    const dana = await openTestSession(db, 'dana');
    const erin = await openTestSession(db, 'erin');
    // "Prefilled with my team": the server fills in the caller's value when the form leaves it out.
    await ok('POST', '/api/v1/actions', { identifier: 'my-team-default', title: 'For my team', operation: 'CREATE', invoker: { type: 'WEBHOOK', url: `${receiver.base}/mine` },
      userInputs: { properties: { team: { type: 'string', format: 'team', default: { me: 'team' } } }, required: ['team'] } });
    assert.deepEqual((await call('POST', '/api/v1/actions/my-team-default/runs', { inputs: {} }, dana.headers(true))).body.run.inputs, { team: 'payments' });
    assert.equal((await call('POST', '/api/v1/actions/my-team-default/runs', { inputs: {} }, erin.headers(true))).status, 400, 'erin has no team: the required field stays empty');
    // "A service of my team": the picker's filter reads the caller's teams.
    await ok('POST', '/api/v1/actions', { identifier: 'page-owner', title: 'Page the owner', operation: 'CREATE', invoker: { type: 'WEBHOOK', url: `${receiver.base}/page` },
      userInputs: { properties: { service: { type: 'string', format: 'entity', blueprint: 'service', dataset: { combinator: 'and', rules: [{ property: '$team', operator: 'in', value: { me: 'teams' } }] } } }, required: ['service'] } });
    assert.equal((await call('POST', '/api/v1/actions/page-owner/runs', { inputs: { service: 'checkout' } }, dana.headers(true))).status, 201, 'dana is in payments, which owns checkout');
    const notMine = await call('POST', '/api/v1/actions/page-owner/runs', { inputs: { service: 'checkout' } }, erin.headers(true));
    assert.deepEqual(notMine.body.error?.details, [{ path: '/inputs/service', message: '"checkout" is not a service you may pick (it must match the field\'s filter)' }], 'erin is in no team');
    const restart = (await call('POST', '/api/v1/actions/restart/runs', { inputs: {} }, alice.headers(true))).body.run;
    const purge = (await call('POST', '/api/v1/actions/purge/runs', { inputs: {} }, alice.headers(true))).body.run;
    const listed = async (session: typeof alice) => ((await call('GET', '/api/v1/runs?status=WAITING_FOR_APPROVAL&limit=500', undefined, session.headers(false))).body.runs as Json[]).map((r) => r.id);
    assert.equal(restart.status, 'WAITING_FOR_APPROVAL');
    const danas = await listed(dana);
    assert.ok(danas.includes(restart.id), 'a member of the approving team (named in another case) lists it');
    assert.ok(danas.includes(purge.id), 'the member role approves purge');
    const erins = await listed(erin);
    assert.ok(!erins.includes(restart.id), 'not in the approving team: not listed');
    assert.ok(erins.includes(purge.id), 'the member role approves purge');
    for (const id of [restart.id, purge.id]) {
      const shown = (await call('GET', `/api/v1/runs/${id}`, undefined, erin.headers(false))).status;
      assert.equal(shown, erins.includes(id) ? 200 : 404, 'list and run page agree');
    }
    // The inbox: runs waiting for my decision — not my own requests, not what I cannot approve.
    const inbox = async (session: typeof alice) => ((await call('GET', '/api/v1/runs?awaiting=me&limit=500', undefined, session.headers(false))).body.runs as Json[]).map((r) => r.id);
    assert.deepEqual((await inbox(dana)).filter((id) => [restart.id, purge.id].includes(id)).sort(), [restart.id, purge.id].sort());
    assert.deepEqual((await inbox(erin)).filter((id) => [restart.id, purge.id].includes(id)), [purge.id]);
    assert.deepEqual((await inbox(alice)).filter((id) => [restart.id, purge.id].includes(id)), [], 'alice asked for both: they wait for others');
    assert.equal((await call('POST', `/api/v1/runs/${restart.id}/approval`, { decision: 'APPROVE', reason: 'ok' }, dana.headers(true))).status, 200);
    assert.ok(!(await inbox(dana)).includes(restart.id), 'decided: out of the inbox');
    assert.equal((await call('GET', '/api/v1/runs?awaiting=you', undefined, dana.headers(false))).status, 400);
    // With ALL, a run stays waiting after one approver decides: it leaves their inbox, not the other's.
    await ok('POST', '/api/v1/actions', { identifier: 'dual', title: 'Dual control', operation: 'CREATE', invoker: { type: 'WEBHOOK', url: `${receiver.base}/dual` }, approval: { type: 'ALL', users: ['dana', 'erin'] }, execute: { roles: ['member'] } });
    const dual = (await call('POST', '/api/v1/actions/dual/runs', { inputs: {} }, alice.headers(true))).body.run;
    assert.equal((await call('POST', `/api/v1/runs/${dual.id}/approval`, { decision: 'APPROVE', reason: 'one of two' }, dana.headers(true))).body.run.status, 'WAITING_FOR_APPROVAL');
    assert.ok(!(await inbox(dana)).includes(dual.id), 'dana has decided');
    assert.ok((await inbox(erin)).includes(dual.id), 'erin has not');
  });

  test('a failing receiver is retried, then the run fails with the last error; a refusal fails at once', async () => {
    receiver.answers.set('/sync', [{ status: 503, body: { error: 'busy' } }, { status: 503, body: { error: 'busy' } }, { status: 200, body: { status: 'SUCCESS', summary: 'done on the third try', link: 'https://ci.example.com/3' } }]);
    await ok('POST', '/api/v1/actions', { identifier: 'sync-hook', title: 'Sync hook', operation: 'CREATE', invoker: { type: 'WEBHOOK', url: `${receiver.base}/sync`, synchronized: true } });
    const run = (await call('POST', '/api/v1/actions/sync-hook/runs', { inputs: {} })).body.run;
    const done = await until(async () => { const r = await runOf(run.id); return r.status === 'SUCCESS' ? r : undefined; });
    assert.equal(done.summary, 'done on the third try');
    assert.equal(callsFor(run.id).length, 3);
    assert.ok(callsFor(run.id).every((c) => c.headers['idempotency-key'] === run.id), 'the same idempotency key on every attempt');

    receiver.answers.set('/down', [{ status: 502 }]);
    await ok('POST', '/api/v1/actions', { identifier: 'down-hook', title: 'Down', operation: 'CREATE', invoker: { type: 'WEBHOOK', url: `${receiver.base}/down`, synchronized: true } });
    const failing = (await call('POST', '/api/v1/actions/down-hook/runs', { inputs: {} })).body.run;
    const failed = await until(async () => { const r = await runOf(failing.id); return r.status === 'FAILURE' ? r : undefined; });
    assert.match(failed.error, /answered HTTP 502/);
    assert.equal(callsFor(failing.id).length, 4, 'four attempts');

    receiver.answers.set('/refuse', [{ status: 400, body: { error: 'unknown service' } }]);
    await ok('POST', '/api/v1/actions', { identifier: 'refusing-hook', title: 'Refuses', operation: 'CREATE', invoker: { type: 'WEBHOOK', url: `${receiver.base}/refuse` } });
    const refused = (await call('POST', '/api/v1/actions/refusing-hook/runs', { inputs: {} })).body.run;
    const ended = await until(async () => { const r = await runOf(refused.id); return r.status === 'FAILURE' ? r : undefined; });
    assert.match(ended.error, /refused the run with HTTP 400: .*unknown service/);
    assert.equal(callsFor(refused.id).length, 1);
  });

  test('cancel, re-run and time-out end runs clearly', async () => {
    const { db, runs } = portico.services;
    const alice = await openTestSession(db, 'alice');
    const waiting = (await call('POST', '/api/v1/actions/deploy/runs', { entity: 'checkout', inputs: { version: 'v10', cluster: 'eu-1', token: 'abc-secret' } }, alice.headers(true))).body.run;
    const cancelled = await call('POST', `/api/v1/runs/${waiting.id}/cancel`, undefined, alice.headers(true));
    assert.equal(cancelled.body.run.status, 'CANCELLED');
    assert.equal((await call('POST', `/api/v1/runs/${waiting.id}/cancel`, undefined, alice.headers(true))).status, 409);
    const again = await call('POST', `/api/v1/runs/${waiting.id}/rerun`, undefined, alice.headers(true));
    assert.equal(again.status, 201);
    assert.notEqual(again.body.run.id, waiting.id);
    assert.equal(again.body.run.status, 'WAITING_FOR_APPROVAL');
    await db.query(`update action_runs set timeout_at = now() - interval '1 minute' where id = $1::uuid`, [again.body.run.id]);
    assert.equal(await runs.timeOutOverdue(), 1);
    const timedOut = await runOf(again.body.run.id);
    assert.deepEqual([timedOut.status, timedOut.error], ['TIMED_OUT', 'No result within 60 minutes']);
  });

  test('the log streams as server-sent events until the run ends', async () => {
    const { app } = portico;
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const run = (await call('POST', '/api/v1/actions/gitlab_enrich_service/runs', { entity: 'checkout', inputs: { type: 'backend', lifecycle: 'Production' } })).body.run;
    assert.ok(run, 'the run was created');
    const delivered = await until(async () => callsFor(run.id)[0]);
    const response = await fetch(`${base}/api/v1/runs/${run.id}/stream`);
    assert.equal(response.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    const reader = response.body?.getReader();
    let text = '';
    const reading = (async () => {
      for (;;) {
        const chunk = await reader?.read();
        if (!chunk || chunk.done) break;
        text += new TextDecoder().decode(chunk.value);
      }
    })();
    const token = delivered.json.run.token as string;
    await call('POST', `/api/v1/runs/${run.id}/logs`, { message: 'step 1 of 2' }, { 'x-run-token': token });
    await call('POST', `/api/v1/runs/${run.id}/logs`, { message: 'step 2 of 2', terminationStatus: 'SUCCESS' }, { 'x-run-token': token });
    await reading;
    assert.match(text, /event: log\ndata: .*step 1 of 2/);
    assert.match(text, /event: log\ndata: .*step 2 of 2/);
    assert.match(text, /event: end\ndata: \{"status":"SUCCESS"\}/);
  });

  test('an action visible only to some is absent for everyone else: not listed, not found, not runnable', async () => {
    const { db } = portico.services;
    const alice = await openTestSession(db, 'alice');
    assert.equal((await call('POST', '/api/v1/actions', { identifier: 'break-glass', title: 'Break glass', operation: 'CREATE', invoker: { type: 'WEBHOOK', url: `${receiver.base}/glass` }, visibleTo: { roles: ['admin'] }, execute: { roles: ['member'] } })).status, 201);
    const listed = (await call('GET', '/api/v1/actions', undefined, alice.headers(false))).body.actions.map((a: Json) => a.identifier);
    assert.ok(!listed.includes('break-glass') && listed.includes('deploy'), listed.join(', '));
    assert.equal((await call('GET', '/api/v1/actions/break-glass', undefined, alice.headers(false))).status, 404);
    assert.equal((await call('POST', '/api/v1/actions/break-glass/runs', { inputs: {} }, alice.headers(true))).status, 404);
    assert.ok((await call('GET', '/api/v1/actions')).body.actions.some((a: Json) => a.identifier === 'break-glass'), 'admins see it');
  });
});
