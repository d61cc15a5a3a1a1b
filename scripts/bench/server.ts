// The benchmark's server process: builds Portico on the engine it is given, imports the synthetic
// organisation through the import service (timed), listens on a free port and reports to its
// parent over IPC. Runs apart from the load generator so that its RSS is the server's alone.
import type { AddressInfo } from 'node:net';
import { buildPortico, loadConfig } from '@portico/server';
import { openPgliteDatabase } from '../../packages/server/src/db/pglite.database.ts';
import { openPostgresDatabase } from '../../packages/server/src/db/postgres.database.ts';
import { syntheticOrganisation } from './synthetic-org.ts';

const n = Number(process.env.BENCH_N ?? 10000);
const url = process.env.BENCH_DATABASE_URL;
const db = url
  ? await openPostgresDatabase(url, { searchPath: process.env.BENCH_SCHEMA ?? 'public', max: 16 })
  : await openPgliteDatabase(process.env.BENCH_DATA_DIR ?? null);
const portico = await buildPortico(loadConfig({ LOG_LEVEL: 'silent', PORTICO_DEMO: 'false', PORTICO_RATE_LIMIT: '0' }), db, { guest: true });
// BENCH_SKIP_IMPORT: serve a catalog an earlier run imported (to measure a server that did not import).
let importSeconds = 0;
let created = 0;
let failed = 0;
if (!process.env.BENCH_SKIP_IMPORT) {
  const documents = syntheticOrganisation(n).map((document, index) => ({ document, location: 'bench.yaml', index }));
  const start = performance.now();
  const report = await portico.services.imports.importBackstageDocuments(documents, [], { dryRun: false, createMissingRelated: false, actor: 'bench' });
  importSeconds = (performance.now() - start) / 1000;
  ({ created, failed } = report);
}
await portico.app.listen({ port: Number(process.env.BENCH_PORT ?? 0), host: '127.0.0.1' });
const port = (portico.app.server.address() as AddressInfo).port;
const message = { port, importSeconds, created, failed };
if (process.send) process.send(message);
else process.stdout.write(`${JSON.stringify(message)}\n`);
process.on('disconnect', () => void portico.close().then(() => process.exit(0)));
process.on('SIGINT', () => process.exit(0));
