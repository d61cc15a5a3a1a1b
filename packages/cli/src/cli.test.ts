import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Portico } from '@portico/server';
import { startTestPortico } from '../../server/src/testing/test-portico.ts';

const BIN = fileURLToPath(new URL('../bin/portico.js', import.meta.url));

describe('portico CLI against a running server', () => {
  let portico: Portico;
  let env: NodeJS.ProcessEnv;
  let dir: string;
  const run = (...args: string[]) => new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env }, (error, stdout, stderr) => resolve({ code: error ? (error as { code?: number }).code ?? 1 : 0, stdout, stderr }));
  });

  before(async () => {
    portico = await startTestPortico({ guest: false });
    await portico.app.listen({ port: 0, host: '127.0.0.1' });
    const token = await portico.services.auth.createToken('cli', 'admin');
    env = { ...process.env, PORTICO_URL: `http://127.0.0.1:${(portico.app.server.address() as AddressInfo).port}`, PORTICO_TOKEN: token };
    dir = await mkdtemp(join(tmpdir(), 'portico-cli-'));
  });
  after(async () => portico.close());

  test('imports a Backstage file with a Location, lists and gets entities, exits non-zero on failure', async () => {
    await writeFile(join(dir, 'catalog-info.yaml'), 'apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: root\nspec:\n  targets: [./more/team.yaml]\n---\napiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: billing\nspec:\n  type: service\n  lifecycle: production\n  owner: payments\n');
    await import('node:fs/promises').then((fs) => fs.mkdir(join(dir, 'more')));
    await writeFile(join(dir, 'more', 'team.yaml'), 'apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: payments\nspec:\n  type: team\n  children: []\n');
    const dry = await run('import', join(dir, 'catalog-info.yaml'), '--dry-run');
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /3 created, 0 updated, 0 unchanged, 0 failed \(dry run/);
    const imported = await run('import', join(dir, 'catalog-info.yaml'));
    assert.match(imported.stdout, /3 created/);
    const again = await run('import', join(dir, 'catalog-info.yaml'), '--json');
    assert.equal(JSON.parse(again.stdout).unchanged, 3);
    const list = await run('entity', 'list', 'component');
    assert.match(list.stdout, /billing/);
    const got = await run('entity', 'get', 'team', 'payments');
    assert.equal(JSON.parse(got.stdout).identifier, 'payments');
    await writeFile(join(dir, 'broken.yaml'), 'kind: Component\nmetadata: [\n');
    const broken = await run('import', join(dir, 'broken.yaml'));
    assert.notEqual(broken.code, 0);
    assert.match(broken.stdout, /broken\.yaml:\d+:\d+/);
    const missing = await run('entity', 'get', 'component', 'nope');
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /does not exist/);
  });

  test('applies a blueprint from YAML and exports Backstage YAML', async () => {
    await writeFile(join(dir, 'service.yaml'), 'identifier: service\ntitle: Service\nschema:\n  properties:\n    tier: { type: number }\n  required: [tier]\n');
    const applied = await run('blueprint', 'apply', join(dir, 'service.yaml'));
    assert.match(applied.stdout, /blueprint service created/);
    const listed = await run('blueprint', 'list', '--json');
    assert.ok((JSON.parse(listed.stdout) as { identifier: string }[]).some((b) => b.identifier === 'service'));
    const exported = await run('export', '--format', 'backstage', '--blueprint', 'component');
    assert.match(exported.stdout, /kind: Component/);
    assert.match(exported.stdout, /name: billing/);
  });

  test('creates a service token for CI, lists it without the secret, and revokes it', async () => {
    const created = await run('token', 'create', 'ci-pipeline', '--service', '--scopes', 'read,write', '--expires-in-days', '30');
    assert.equal(created.code, 0, created.stderr);
    const secret = created.stdout.trim();
    assert.match(secret, /^ptc_/);
    assert.match(created.stderr, /shown only now/);
    const asCi = await new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile(process.execPath, [BIN, 'blueprint', 'list', '--json'], { env: { ...env, PORTICO_TOKEN: secret } }, (error, stdout) => resolve({ code: error ? 1 : 0, stdout }));
    });
    assert.equal(asCi.code, 0, 'the new token works');
    const listed = await run('token', 'list', '--json');
    const tokens = JSON.parse(listed.stdout) as { id: string; name: string }[];
    assert.ok(!listed.stdout.includes(secret));
    const id = tokens.find((t) => t.name === 'ci-pipeline')?.id ?? '';
    const revoked = await run('token', 'revoke', id);
    assert.match(revoked.stdout, /Revoked "ci-pipeline"/);
    const bad = await run('token', 'create', 'x', '--scopes', 'root');
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /Unknown scope root/);
  });

  test('scorecard check gates CI: exit 0 at the level, 2 below it with the failing rules and why', async () => {
    const scorecard = { identifier: 'ready', title: 'Ready', rules: [
      { identifier: 'hasOwner', title: 'Has an owning team', level: 'Bronze', query: { combinator: 'and', conditions: [{ property: '$team', operator: 'isNotEmpty' }] } },
      { identifier: 'isProduction', title: 'In production', level: 'Silver', query: { combinator: 'and', conditions: [{ property: 'lifecycle', operator: '=', value: 'experimental' }] } },
    ] };
    const created = await portico.app.inject({ method: 'POST', url: '/api/v1/blueprints/component/scorecards', headers: { authorization: `Bearer ${env.PORTICO_TOKEN}` }, payload: scorecard });
    assert.equal(created.statusCode, 201, created.body);
    const bronze = await run('scorecard', 'check', 'component/billing', '--scorecard', 'ready', '--min-level', 'Bronze');
    assert.equal(bronze.code, 0, bronze.stderr);
    assert.match(bronze.stdout, /component\/billing is Bronze on ready/);
    const silver = await run('scorecard', 'check', 'component/billing', '--scorecard', 'ready', '--min-level', 'Silver');
    assert.equal(silver.code, 2);
    assert.match(silver.stdout, /needs Silver/);
    assert.match(silver.stdout, /\[Silver\] In production \(isProduction\)/);
    assert.match(silver.stdout, /lifecycle is "production"; the rule wants = "experimental"/);
    const wrong = await run('scorecard', 'check', 'billing', '--scorecard', 'ready');
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /not blueprint\/identifier/);
  });

  test('actions as code: apply a YAML action, run it with inputs and follow it; the exit code is its outcome', async () => {
    // A synchronous receiver: the response decides the run (success for v1, failure otherwise).
    const { createServer } = await import('node:http');
    const seen: Record<string, unknown>[] = [];
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => { body += c.toString(); });
      req.on('end', () => {
        const payload = JSON.parse(body) as { inputs: Record<string, unknown> };
        seen.push(payload.inputs);
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(payload.inputs.version === 'v1' ? { status: 'SUCCESS', summary: 'deployed', link: 'https://ci.example.com/1' } : { status: 'FAILURE', summary: 'bad version' }));
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    try {
      const file = join(dir, 'deploy.action.yaml');
      await writeFile(file, [
        'identifier: cli-deploy', 'title: Deploy from CI', 'operation: CREATE',
        'invoker: { type: WEBHOOK, synchronized: true, url: "http://127.0.0.1:' + (receiver.address() as AddressInfo).port + '/deploy" }',
        'userInputs:', '  properties:', '    version: { type: string, pattern: "^v[0-9]+$" }', '    replicas: { type: integer, default: 2 }', '  required: [version]', '',
      ].join('\n'));
      const applied = await run('action', 'apply', file);
      assert.equal(applied.code, 0, applied.stderr);
      assert.match(applied.stdout, /created cli-deploy \(CREATE, webhook\)/);
      assert.match(applied.stdout, /webhook signing secret \(shown once\): whsec_/);
      assert.match((await run('action', 'apply', file)).stdout, /updated cli-deploy/, 'applying again replaces it');
      assert.match((await run('action', 'list')).stdout, /cli-deploy\tCREATE\t-\tDeploy from CI/);

      const ok = await run('action', 'run', 'cli-deploy', '--input', 'version=v1', '--input', 'replicas=3', '--wait');
      assert.equal(ok.code, 0, ok.stdout + ok.stderr);
      assert.match(ok.stdout, /SUCCESS/);
      assert.match(ok.stdout, /https:\/\/ci\.example\.com\/1/);
      assert.deepEqual(seen[0], { version: 'v1', replicas: 3 }, 'JSON values are parsed');
      const failed = await run('action', 'run', 'cli-deploy', '--input', 'version=v2', '--wait');
      assert.equal(failed.code, 2, failed.stdout);
      assert.match(failed.stdout, /FAILURE/);
      const refused = await run('action', 'run', 'cli-deploy', '--input', 'version=latest');
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /\/inputs\/version: must match pattern/);
    } finally {
      receiver.close();
    }
  });
});
