import { type Config, isLoopbackHost } from './config.ts';
import { openDatabase } from './db/open-database.ts';
import { buildPortico, type Portico } from './app.ts';
import { loadDemoCatalogIfEmpty } from './demo/demo-catalog.ts';

/**
 * Starts Portico: opens the database (migrating it), creates the admin token at first start and
 * prints it once, loads the demo catalog into an empty database, and listens.
 */
export async function serve(config: Config, print: (line: string) => void = console.log): Promise<Portico> {
  if (!isLoopbackHost(config.host) && !config.oidc) {
    // Off loopback there is no guest; without single sign-on nobody could use the portal.
    throw new Error(`Portico listens on ${config.host}, beyond this machine, but no identity provider is configured. `
      + 'Set PORTICO_OIDC_ISSUER, PORTICO_OIDC_CLIENT_ID and PORTICO_OIDC_CLIENT_SECRET (and PORTICO_PUBLIC_URL), or listen on 127.0.0.1.');
  }
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
  print(config.oidc ? `Sign-in: ${config.oidc.issuer} (single sign-on); API clients use bearer tokens.`
    : 'Local mode: requests without a token act as the guest admin.');
  const stop = async () => {
    await portico.close();
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  return portico;
}
