import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Portico } from '../app.ts';
import { startTestPortico } from '../testing/test-portico.ts';
import { testEngine } from '../testing/test-database.ts';

type Json = Record<string, unknown>;
interface Report { created: number; updated: number; unchanged: number; failed: number; dryRun: boolean; errors: { location?: string; message: string }[]; results: { index: number; status: string; identifier: string | null; line?: number; error?: { message: string; details: { path: string; message: string }[] } }[] }
type ErrorBody = { error: { code: string; message: string; details: { path: string; message: string }[] } };

describe(`import API: CSV, JSON and URLs (${testEngine()})`, () => {
  let portico: Portico;
  let files: Server;
  let filesBase = '';
  const served: Record<string, string> = {};
  const inject = async (method: 'GET' | 'POST', url: string, payload?: unknown) => {
    const response = await portico.app.inject({ method, url, ...(payload === undefined ? {} : { payload: payload as object }) });
    return { status: response.statusCode, body: response.json() as Json };
  };
  const count = async (blueprint: string) => (await portico.services.db.query<{ n: number }>('select count(*)::int as n from entities where blueprint = $1', [blueprint]))[0]?.n;
  const entity = async (blueprint: string, identifier: string) => (await inject('GET', `/api/v1/blueprints/${blueprint}/entities/${identifier}`)).body.entity as Json & { properties: Json; relations: Json; team: string[] };

  before(async () => {
    // A real HTTP server holding catalog files, as a git host's raw file URLs would.
    files = createServer((request, response) => {
      const path = request.url ?? '/';
      if (path === '/moved.yaml') {
        response.writeHead(302, { location: '/catalog/catalog-info.yaml' }).end();
        return;
      }
      const body = served[path];
      if (body === undefined) response.writeHead(404).end('not found');
      else response.writeHead(200, { 'content-type': 'text/yaml' }).end(body);
    });
    await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
    filesBase = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
    portico = await startTestPortico({ env: { PORTICO_IMPORT_ALLOWED_HOSTS: '127.0.0.1' } });
    const blueprint = {
      identifier: 'service', title: 'Service',
      schema: {
        properties: {
          tier: { type: 'number', minimum: 1, maximum: 3 },
          critical: { type: 'boolean' },
          tags: { type: 'array', items: { type: 'string' } },
          links: { type: 'object' },
          repo: { type: 'string', format: 'url' },
        },
        required: ['tier'],
      },
      relations: { owner: { target: 'team', many: false }, dependsOn: { target: 'service', many: true } },
    };
    assert.equal((await inject('POST', '/api/v1/blueprints', blueprint)).status, 201);
    assert.equal((await inject('POST', '/api/v1/blueprints/team/entities', { identifier: 'payments' })).status, 201);
  });
  after(async () => {
    await portico.close();
    await new Promise((resolve) => files.close(resolve));
  });

  test('CSV with a column mapping converts types, lists and relations; re-import is idempotent', async () => {
    const csv = [
      'Name,Display name,Tier,Critical,Tags,Owner,Deps,Links',
      'checkout,Checkout,1,yes,web;pci,payments,,"{""docs"":""https://docs.example.com""}"',
      'billing,Billing,2,no,"[""batch""]",payments,checkout,',
    ].join('\n');
    const mapping = {
      'Name': 'identifier', 'Display name': 'title', 'Tier': 'properties.tier', 'Critical': 'critical',
      'Tags': 'properties.tags', 'Owner': 'relations.owner', 'Deps': 'relations.dependsOn', 'Links': 'properties.links',
    };
    const dry = await inject('POST', '/api/v1/import', { format: 'csv', blueprint: 'service', content: csv, mapping, dryRun: true });
    assert.equal(dry.status, 200, JSON.stringify(dry.body));
    assert.equal((dry.body as unknown as Report).created, 2);
    assert.equal(await count('service'), 0, 'a dry run writes nothing');

    const first = (await inject('POST', '/api/v1/import', { format: 'csv', blueprint: 'service', content: csv, mapping })).body as unknown as Report;
    assert.deepEqual([first.created, first.updated, first.unchanged, first.failed], [2, 0, 0, 0]);
    assert.deepEqual(first.results.map((r) => r.line), [2, 3]);
    const checkout = await entity('service', 'checkout');
    assert.equal(checkout.title, 'Checkout');
    assert.deepEqual(checkout.properties, { tier: 1, critical: true, tags: ['web', 'pci'], links: { docs: 'https://docs.example.com' } });
    assert.equal(checkout.relations.owner, 'payments');
    const billing = await entity('service', 'billing');
    assert.deepEqual(billing.properties, { tier: 2, critical: false, tags: ['batch'] });
    assert.deepEqual(billing.relations.dependsOn, ['checkout']);

    const again = (await inject('POST', '/api/v1/import', { format: 'csv', blueprint: 'service', content: csv, mapping })).body as unknown as Report;
    assert.deepEqual([again.created, again.updated, again.unchanged, again.failed], [0, 0, 2, 0]);
  });

  test('a CSV row that breaks the schema fails alone, naming its line and field', async () => {
    const csv = 'identifier,tier\nfine-one,2\nbad-one,7\n';
    const report = (await inject('POST', '/api/v1/import', { format: 'csv', blueprint: 'service', content: csv })).body as unknown as Report;
    assert.equal(report.created, 1);
    assert.equal(report.failed, 1);
    const failed = report.results.find((r) => r.status === 'failed');
    assert.equal(failed?.line, 3);
    assert.equal(failed?.identifier, 'bad-one');
    assert.ok(failed?.error?.details.some((d) => d.path === '/properties/tier'), JSON.stringify(failed?.error));
  });

  test('malformed CSV is refused with its line and column, and nothing is written', async () => {
    const before = await count('service');
    const csv = 'identifier,tier\nok-row,1\n"broken,2\nanother,3\n';
    const response = await inject('POST', '/api/v1/import', { format: 'csv', blueprint: 'service', content: csv });
    assert.equal(response.status, 400);
    const error = (response.body as unknown as ErrorBody).error;
    assert.match(error.message, /line \d+/);
    assert.equal(error.details[0]?.path, '/content');
    assert.match(error.details[0]?.message ?? '', /line \d+/);
    assert.equal(await count('service'), before);

    const ragged = await inject('POST', '/api/v1/import', { format: 'csv', blueprint: 'service', content: 'identifier,tier\nx,1,extra\n' });
    assert.equal(ragged.status, 400);
    assert.match((ragged.body as unknown as ErrorBody).error.details[0]?.message ?? '', /line 2/);

    const wrongColumn = await inject('POST', '/api/v1/import', { format: 'csv', blueprint: 'service', content: 'identifier,tier\nx,1\n', mapping: { nope: 'identifier' } });
    assert.equal(wrongColumn.status, 400);
    assert.equal((wrongColumn.body as unknown as ErrorBody).error.details[0]?.path, '/mapping/nope');

    const noBlueprint = await inject('POST', '/api/v1/import', { format: 'csv', content: 'identifier\nx\n' });
    assert.equal(noBlueprint.status, 400);
    assert.equal((noBlueprint.body as unknown as ErrorBody).error.details[0]?.path, '/blueprint');
  });

  test('JSON: an array or { entities }, each item naming its blueprint or taking the default', async () => {
    const content = JSON.stringify({ entities: [
      { identifier: 'json-svc', properties: { tier: 3 }, relations: { owner: 'payments' } },
      { blueprint: 'team', identifier: 'json-team', title: 'From JSON' },
    ] });
    const report = (await inject('POST', '/api/v1/import', { format: 'json', blueprint: 'service', content })).body as unknown as Report;
    assert.deepEqual([report.created, report.failed], [2, 0]);
    assert.equal((await entity('team', 'json-team')).title, 'From JSON');
    assert.equal((await entity('service', 'json-svc')).properties.tier, 3);

    const malformed = await inject('POST', '/api/v1/import', { format: 'json', content: '[{"identifier": ' });
    assert.equal(malformed.status, 400);
    assert.equal((malformed.body as unknown as ErrorBody).error.details[0]?.path, '/content');
    const unnamed = await inject('POST', '/api/v1/import', { format: 'json', content: '[{"identifier":"x"}]' });
    assert.equal(unnamed.status, 400);
    assert.equal((unnamed.body as unknown as ErrorBody).error.details[0]?.path, '/content/0/blueprint');
  });

  test('a Backstage catalog by URL: fetched by the server, redirects followed, Location targets resolved against the URL', async () => {
    served['/catalog/catalog-info.yaml'] = [
      'apiVersion: backstage.io/v1alpha1', 'kind: Location', 'metadata: { name: root }', 'spec:', '  targets: [./components/web.yaml, ./missing.yaml]',
    ].join('\n');
    served['/catalog/components/web.yaml'] = [
      'apiVersion: backstage.io/v1alpha1', 'kind: Component', 'metadata: { name: url-web, description: Fetched over HTTP }',
      'spec: { type: website, lifecycle: production, owner: group:default/url-team }',
      '---', 'apiVersion: backstage.io/v1alpha1', 'kind: Group', 'metadata: { name: url-team }', 'spec: { type: team, children: [] }',
    ].join('\n');
    const report = (await inject('POST', '/api/v1/import', { format: 'backstage', url: `${filesBase}/moved.yaml` })).body as unknown as Report;
    assert.equal(report.failed, 0, JSON.stringify(report));
    const fetched = await inject('GET', '/api/catalog/entities/by-name/component/default/url-web');
    assert.equal(fetched.status, 200, JSON.stringify(report));
    const component = fetched.body as { metadata: { description: string }; spec: { owner: string } };
    assert.equal(component.metadata.description, 'Fetched over HTTP');
    assert.equal(component.spec.owner, 'group:url-team');
    assert.ok(report.errors.some((e) => e.location?.endsWith('/catalog/missing.yaml') && /404/.test(e.message)), JSON.stringify(report.errors));
    const annotations = (component as unknown as { metadata: { annotations: Record<string, string> } }).metadata.annotations;
    assert.equal(annotations['backstage.io/managed-by-location'], `url:${filesBase}/catalog/components/web.yaml`);

    const missing = await inject('POST', '/api/v1/import', { format: 'backstage', url: `${filesBase}/nothing-here.yaml` });
    assert.equal(missing.status, 400);
    assert.match((missing.body as unknown as ErrorBody).error.message, /404/);
  });

  test('a long import streams its progress as NDJSON when asked, then the report; input errors still answer 4xx', async () => {
    const rows = Array.from({ length: 2500 }, (_, i) => `stream-${i},${(i % 3) + 1}`);
    const response = await portico.app.inject({
      method: 'POST', url: '/api/v1/import', headers: { accept: 'application/x-ndjson' },
      payload: { format: 'csv', blueprint: 'service', content: `identifier,tier\n${rows.join('\n')}\n` },
    });
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /application\/x-ndjson/);
    const lines = response.body.trim().split('\n').map((l) => JSON.parse(l) as { progress?: { done: number; total: number }; report?: Report });
    assert.deepEqual(lines.filter((l) => l.progress).map((l) => l.progress), [
      { done: 0, total: 2500 }, { done: 1000, total: 2500 }, { done: 2000, total: 2500 }, { done: 2500, total: 2500 },
    ]);
    const report = lines[lines.length - 1]?.report;
    assert.equal(report?.created, 2500);
    assert.ok((await count('service') ?? 0) >= 2500);

    const malformed = await portico.app.inject({
      method: 'POST', url: '/api/v1/import', headers: { accept: 'application/x-ndjson' },
      payload: { format: 'csv', blueprint: 'service', content: 'identifier,tier\n"broken,1\n' },
    });
    assert.equal(malformed.statusCode, 400);
    assert.equal((malformed.json() as ErrorBody).error.details[0]?.path, '/content');
  });

  test('URLs outside the allow-list, and every URL on a server without one, are refused', async () => {
    const elsewhere = await inject('POST', '/api/v1/import', { format: 'backstage', url: 'http://169.254.169.254/latest/meta-data' });
    assert.equal(elsewhere.status, 400);
    const error = (elsewhere.body as unknown as ErrorBody).error;
    assert.equal(error.details[0]?.path, '/url');
    assert.match(error.message, /PORTICO_IMPORT_ALLOWED_HOSTS/);
    const notHttp = await inject('POST', '/api/v1/import', { format: 'csv', blueprint: 'service', url: 'file:///etc/passwd' });
    assert.equal(notHttp.status, 400);

    const closed = await startTestPortico();
    try {
      const response = await closed.app.inject({ method: 'POST', url: '/api/v1/import', payload: { format: 'backstage', url: `${filesBase}/catalog/catalog-info.yaml` } });
      assert.equal(response.statusCode, 400);
      assert.match((response.json() as ErrorBody).error.message, /fetches no URLs until PORTICO_IMPORT_ALLOWED_HOSTS/);
    } finally {
      await closed.close();
    }
  });
});
