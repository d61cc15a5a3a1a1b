import { type Config, isLoopbackHost } from './config.ts';
import { openDatabase } from './db/open-database.ts';
import { buildPortico, type Portico } from './app.ts';
import { loadDemoCatalogIfEmpty } from './demo/demo-catalog.ts';

/**
 * Starts Portico: opens the database (migrating it), creates the admin token at first start and
 * prints it once, loads the demo catalog into an empty database, and listens.
 */
export async function serve(config: Config, print: (line: string) => void = console.log): Promise<Portico> {
  const db = await openDatabase(config);
  const portico = await buildPortico(config, db);
  const token = await portico.services.auth.ensureAdminToken();
  if (token) {
    print('An admin API token was created. It is shown only this once; keep it safe:');
    print(`  PORTICO_TOKEN=${token}`);
  }
  if (config.loadDemoData) {
    const report = await loadDemoCatalogIfEmpty(db, portico.services.imports);
    if (report) print(`Demo catalog loaded: ${report.created} entities created, ${report.failed} skipped.`);
  }
  await portico.app.listen({ port: config.port, host: config.host });
  const where = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`;
  print(`Portico is running at ${where} (database: ${db.kind === 'pglite' ? `embedded, ${config.dataDir}` : 'PostgreSQL'}).`);
  print(isLoopbackHost(config.host) ? 'Local mode: requests without a token act as the guest admin.' : 'Every request needs a bearer token.');
  const stop = async () => {
    await portico.close();
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  return portico;
}
