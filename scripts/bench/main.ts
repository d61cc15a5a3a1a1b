// `npm run bench`: imports a synthetic organisation and measures the catalog's hot paths over HTTP.
// BENCH_N sets the size (default 10000); BENCH_ENGINES picks engines (default "pglite,postgres";
// postgres runs when BENCH_DATABASE_URL or the local server is reachable). The server runs in a
// child process (scripts/bench/server.ts), so its RSS is measured apart from the load generator.
// Prints one JSON document.
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { latency } from './measure.ts';
import { initialJavaScriptKb, measurePortal } from './browser.ts';
import { measureScorecards } from './scorecards.ts';
import { measureActions } from './actions.ts';

const n = Number(process.env.BENCH_N ?? 10000);
const pgUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const engines = (process.env.BENCH_ENGINES ?? 'pglite,postgres').split(',').map((e) => e.trim());

interface Ready { port: number; importSeconds: number; created: number; failed: number }

function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; ready: Ready }> {
  const child = fork(new URL('./server.ts', import.meta.url), [], {
    env: { ...process.env, ...env, BENCH_N: String(n) }, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (ready) => resolve({ child, ready: ready as Ready }));
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
}

const rssMB = (pid: number) => Math.round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024);

async function measure(engine: string, ready: Ready, pid: number) {
  const base = `http://127.0.0.1:${ready.port}`;
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
  const write = (i: number) => post('/api/v1/blueprints/component/entities?upsert=true', {
    identifier: `bench-write-${i}`, properties: { type: 'service', lifecycle: 'production' }, relations: { owner: 'team:team-1' }, team: ['team-1'],
  });
  const samples = 200;
  const searchTerms = ['component 12', 'payments', 'api-7', 'team 3', 'user-42', 'compnent', 'resource bucket', 'system-1'];
  // Latencies are sequential (one request at a time): the time a user waits, without queueing.
  const results: Record<string, unknown> = {
    engine,
    entities: ready.created,
    importFailed: ready.failed,
    importSeconds: Number(ready.importSeconds.toFixed(1)),
    byQueryComponentLimit100Ms: await latency(samples, 1, () => get('/api/catalog/entities/by-query?filter=kind=component&limit=100')),
    byQueryAfterWriteMs: await latency(40, 1, async (i) => {
      await write(i);
      await get('/api/catalog/entities/by-query?filter=kind=component&limit=100');
    }),
    facetsMs: await latency(samples, 1, () => get('/api/v1/blueprints/component/facets?property=lifecycle')),
    facetsUncachedMs: await latency(20, 1, async (i) => {
      await write(i);
      const start = performance.now();
      await get('/api/v1/blueprints/component/facets?property=lifecycle');
      return performance.now() - start;
    }),
    backstageFacetsMs: await latency(samples, 1, () => get('/api/catalog/entity-facets?facet=spec.type&filter=kind=component')),
    searchMs: await latency(samples, 1, (i) => get(`/api/v1/search?q=${encodeURIComponent(searchTerms[i % searchTerms.length] ?? '')}`)),
    entitySearch3RulesRelatedToMs: await latency(samples, 1, (i) => post('/api/v1/entities/search', {
      query: { combinator: 'and', rules: [
        { property: '$blueprint', operator: '=', value: 'component' },
        { property: 'lifecycle', operator: '=', value: 'production' },
        { property: 'tags', operator: 'contains', value: 'go' },
        { operator: 'relatedTo', blueprint: 'team', identifier: `team-${i % 50}`, direction: 'upstream' },
      ] }, limit: 100,
    })),
  };
  const byName = `${base}/api/catalog/entities/by-name/component/default/component-1`;
  // Warm-up first (JIT, pool connections, prepared statements), as any throughput measurement does.
  await autocannon({ url: byName, connections: 16, duration: 3 });
  const cannon = await autocannon({ url: byName, connections: 16, duration: 10 });
  results.byNameRequestsPerSecond = Math.round(cannon.requests.average);
  results.byNameNon2xx = cannon.non2xx;
  const writeStart = performance.now();
  await post('/api/v1/blueprints/component/entities', { identifier: 'fresh-one', properties: { type: 'service', lifecycle: 'production' }, relations: { owner: 'team:team-1' }, team: ['team-1'] });
  const visible = await fetch(`${base}/api/catalog/entities/by-name/component/default/fresh-one`);
  const listed = await (await fetch(`${base}/api/catalog/entities/by-query?filter=kind=component,metadata.name=fresh-one`)).json() as { totalItems: number };
  const found = await (await fetch(`${base}/api/v1/search?q=fresh-one`)).json() as { hits: { identifier: string }[] };
  results.writeVisibleOnNextRequest = { byName: visible.ok, byQuery: listed.totalItems === 1, search: found.hits.some((h) => h.identifier === 'fresh-one') };
  results.writeThenReadMs = Number((performance.now() - writeStart).toFixed(1));
  // The portal in Chromium (issue figures: explorer rows ≤ 1 s, search ≤ 150 ms after the last keystroke).
  if (process.env.BENCH_BROWSER !== '0') results.portal = await measurePortal(base);
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(base + path, { method, ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }) });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return response.status === 204 ? null : response.json();
  };
  if (process.env.BENCH_SCORECARDS !== '0') {
    const stats = await call('GET', '/api/v1/stats') as { blueprints: Record<string, number> };
    // The synthetic components are component-0…; the bench also wrote a few dozen others, left out of the sample.
    results.scorecards = await measureScorecards(call, stats.blueprints.component ?? 0, Math.max(1, (stats.blueprints.component ?? 0) - 100));
  }
  if (process.env.BENCH_ACTIONS !== '0') {
    results.actions = await measureActions(call);
  }
  results.serverRssServingMB = rssMB(pid);
  return results;
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.disconnect();
  await exited;
}

/**
 * Two server processes on the same database: the first imports (its RSS after the import is
 * reported), the second starts on the imported catalog and serves every measurement.
 */
async function run(engine: string, env: Record<string, string>) {
  const importer = await startServer(env);
  const rssAfterImportMB = rssMB(importer.child.pid ?? 0);
  await stop(importer.child);
  const server = await startServer({ ...env, BENCH_SKIP_IMPORT: '1' });
  try {
    const results = await measure(engine, { ...importer.ready, port: server.ready.port }, server.child.pid ?? 0);
    return { ...results, serverRssAfterImportMB: rssAfterImportMB };
  } finally {
    await stop(server.child);
  }
}

const output = {
  n, date: new Date().toISOString(),
  machine: { cpus: cpus().length, model: cpus()[0]?.model, memoryGB: Math.round(totalmem() / 2 ** 30), node: process.version },
  initialJavaScriptGzipKb: initialJavaScriptKb(),
  runs: [] as unknown[],
};
if (engines.includes('pglite')) {
  const dataDir = mkdtempSync(join(tmpdir(), 'portico-bench-'));
  try {
    output.runs.push(await run('pglite', { BENCH_DATA_DIR: dataDir }));
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
const reachable = engines.includes('postgres') && await new pg.Client({ connectionString: pgUrl }).connect().then(() => true, () => false);
if (reachable) {
  const schema = `bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query('create extension if not exists pg_trgm schema public');
  await admin.query(`create schema ${schema}`);
  try {
    output.runs.push(await run('postgres', { BENCH_DATABASE_URL: pgUrl, BENCH_SCHEMA: schema }));
  } finally {
    await admin.query(`drop schema ${schema} cascade`);
    await admin.end();
  }
}
process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
process.exit(0);
