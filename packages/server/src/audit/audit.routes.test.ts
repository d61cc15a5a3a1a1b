import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Portico } from '../app.ts';
import { startTestPortico } from '../testing/test-portico.ts';
import { testEngine } from '../testing/test-database.ts';
import { pruneAuditEntries } from './audit.repo.ts';

interface Entry { id: string; actor: string; action: string; resourceType: string; identifier: string | null; ip: string | null; after: { code?: string } | null }

describe(`audit: denied requests, JSON lines export, retention (${testEngine()})`, () => {
  let portico: Portico;
  let admin = '';
  let reader = '';
  before(async () => {
    portico = await startTestPortico({ guest: false });
    admin = await portico.services.auth.createToken('auditor', 'admin');
    reader = await portico.services.auth.createToken('viewer', 'read');
  });
  after(async () => portico.close());

  test('denied requests are recorded with who, what, where from and why', async () => {
    await portico.app.inject({ method: 'GET', url: '/api/v1/blueprints', remoteAddress: '198.51.100.4' });
    await portico.app.inject({ method: 'POST', url: '/api/v1/blueprints', headers: { authorization: `Bearer ${reader}` }, payload: { identifier: 'x' }, remoteAddress: '198.51.100.5' });
    const response = await portico.app.inject({ method: 'GET', url: '/api/v1/audit?resourceType=request&action=deny', headers: { authorization: `Bearer ${admin}` } });
    const entries = response.json<{ entries: Entry[] }>().entries;
    const anonymous = entries.find((e) => e.actor === 'anonymous');
    assert.equal(anonymous?.identifier, 'GET /api/v1/blueprints');
    assert.equal(anonymous?.ip, '198.51.100.4');
    assert.equal(anonymous?.after?.code, 'UNAUTHENTICATED');
    const forbidden = entries.find((e) => e.actor === 'token:viewer');
    assert.equal(forbidden?.identifier, 'POST /api/v1/blueprints');
    assert.equal(forbidden?.after?.code, 'FORBIDDEN');
  });

  test('admins export the log as JSON lines, filtered; others may not', async () => {
    for (let i = 0; i < 3; i++) await portico.app.inject({ method: 'POST', url: '/api/v1/blueprints/team/entities', headers: { authorization: `Bearer ${admin}` }, payload: { identifier: `exported-${i}` } });
    const exported = await portico.app.inject({ method: 'GET', url: '/api/v1/audit/export?resourceType=entity', headers: { authorization: `Bearer ${admin}` } });
    assert.equal(exported.statusCode, 200);
    assert.match(String(exported.headers['content-type']), /application\/x-ndjson/);
    const lines = exported.body.trim().split('\n').map((l) => JSON.parse(l) as Entry);
    assert.deepEqual(lines.map((l) => l.identifier), ['exported-2', 'exported-1', 'exported-0']);
    assert.ok(lines.every((l) => l.resourceType === 'entity'));
    assert.equal((await portico.app.inject({ method: 'GET', url: '/api/v1/audit/export', headers: { authorization: `Bearer ${reader}` } })).statusCode, 403);
  });

  test('a write made with a token records the token and the address it came from', async () => {
    const created = await portico.app.inject({
      method: 'POST', url: '/api/v1/tokens', headers: { authorization: `Bearer ${admin}` }, payload: { name: 'deployer', kind: 'service', scopes: ['read', 'write'] },
    });
    const { secret, token } = created.json<{ secret: string; token: { id: string } }>();
    const write = await portico.app.inject({
      method: 'POST', url: '/api/v1/blueprints/team/entities', headers: { authorization: `Bearer ${secret}` }, payload: { identifier: 'deployed-team' }, remoteAddress: '203.0.113.9',
    });
    assert.equal(write.statusCode, 201);
    const response = await portico.app.inject({ method: 'GET', url: '/api/v1/audit?identifier=deployed-team', headers: { authorization: `Bearer ${admin}` } });
    const [entry] = response.json<{ entries: (Entry & { tokenId: string | null })[] }>().entries;
    assert.equal(entry?.actor, 'token:deployer');
    assert.equal(entry?.tokenId, token.id);
    assert.equal(entry?.ip, '203.0.113.9');
  });

  test('entries older than the retention period are pruned, newer ones kept', async () => {
    await portico.services.db.query(`update audit_log set at = now() - interval '400 days' where identifier = 'exported-0'`);
    const pruned = await pruneAuditEntries(portico.services.db, 365);
    assert.equal(pruned, 1);
    const left = await portico.services.db.query<{ identifier: string }>(`select identifier from audit_log where identifier like 'exported-%' order by identifier`);
    assert.deepEqual(left.map((r) => r.identifier), ['exported-1', 'exported-2']);
  });
});
