// `npm run bench`: imports a synthetic organisation and measures the catalog's hot paths over HTTP.
// BENCH_N sets the size (default 10000); BENCH_DATABASE_URL adds a PostgreSQL run
// (default: the local server, when reachable). Prints one JSON document.
import type { AddressInfo } from 'node:net';
import { cpus } from 'node:os';
import autocannon from 'autocannon';
import pg from 'pg';
import { buildPortico, loadConfig, type Database } from '@portico/server';
import { openPgliteDatabase } from '../../packages/server/src/db/pglite.database.ts';
import { openPostgresDatabase } from '../../packages/server/src/db/postgres.database.ts';
import { latency } from './measure.ts';
import { syntheticOrganisation } from './synthetic-org.ts';

const n = Number(process.env.BENCH_N ?? 10000);
const pgUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function run(engine: 'pglite' | 'postgres', db: Database) {
  const portico = await buildPortico(loadConfig({ LOG_LEVEL: 'silent', PORTICO_DEMO: 'false' }), db, { guest: true });
  const documents = syntheticOrganisation(n).map((document, index) => ({ document, location: 'bench.yaml', index }));
  const importStart = performance.now();
  const report = await portico.services.imports.importBackstageDocuments(documents, [], { dryRun: false, createMissingRelated: false, actor: 'bench' });
  const importSeconds = (performance.now() - importStart) / 1000;
  await db.query('analyze');
  await portico.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(portico.app.server.address() as AddressInfo).port}`;
  const get = async (path: string) => {
    const response = await fetch(base + path);
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    await response.arrayBuffer();
  };
  const post = async (path: string, body: unknown) => {
    const response = await fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    await response.arrayBuffer();
  };
  const samples = 200;
  const results: Record<string, unknown> = {
    engine,
    entities: report.created,
    importFailed: report.failed,
    importSeconds: Number(importSeconds.toFixed(1)),
    byQueryComponentLimit100Ms: await latency(samples, 4, () => get('/api/catalog/entities/by-query?filter=kind=component&limit=100')),
    facetsMs: await latency(samples, 4, () => get('/api/v1/blueprints/component/facets?property=lifecycle')),
    backstageFacetsMs: await latency(samples, 4, () => get('/api/catalog/entity-facets?facet=spec.type&filter=kind=component')),
    searchMs: await latency(samples, 4, (i) => get(`/api/v1/search?q=component%20${i % 500}`)),
    entitySearch3RulesRelatedToMs: await latency(samples, 4, (i) => post('/api/v1/entities/search', {
      query: { combinator: 'and', rules: [
        { property: '$blueprint', operator: '=', value: 'component' },
        { property: 'lifecycle', operator: '=', value: 'production' },
        { property: 'tags', operator: 'contains', value: 'go' },
        { operator: 'relatedTo', blueprint: 'team', identifier: `team-${i % 50}`, direction: 'upstream' },
      ] }, limit: 100,
    })),
  };
  const cannon = await autocannon({ url: `${base}/api/catalog/entities/by-name/component/default/component-1`, connections: 16, duration: 10 });
  results.byNameRequestsPerSecond = Math.round(cannon.requests.average);
  results.byNameNon2xx = cannon.non2xx;
  const writeStart = performance.now();
  await post('/api/v1/blueprints/component/entities', { identifier: 'fresh-one', properties: { type: 'service', lifecycle: 'production' }, relations: { owner: 'team:team-1' }, team: ['team-1'] });
  const visible = await fetch(`${base}/api/catalog/entities/by-name/component/default/fresh-one`);
  results.writeVisibleOnNextRequest = visible.ok;
  results.writeThenReadMs = Number((performance.now() - writeStart).toFixed(1));
  results.rssMB = Math.round(process.memoryUsage().rss / 1024 / 1024);
  await portico.close();
  return results;
}

const output: Record<string, unknown> = { n, date: new Date().toISOString(), machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version }, runs: [] as unknown[] };
(output.runs as unknown[]).push(await run('pglite', await openPgliteDatabase(null)));
const reachable = await new pg.Client({ connectionString: pgUrl }).connect().then(() => true, () => false);
if (reachable) {
  const schema = `bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query('create extension if not exists pg_trgm schema public');
  await admin.query(`create schema ${schema}`);
  const db = await openPostgresDatabase(pgUrl, { searchPath: schema, max: 16 });
  try {
    (output.runs as unknown[]).push(await run('postgres', db));
  } finally {
    await db.close();
    await admin.query(`drop schema ${schema} cascade`);
    await admin.end();
  }
}
process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
process.exit(0);
