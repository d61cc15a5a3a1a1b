import { loadConfig } from '../config.ts';
import { buildPortico, type Portico } from '../app.ts';
import { openTestDatabase } from './test-database.ts';

/** A whole Portico (routes, services, migrations) on a fresh test database; `close()` tears it all down. */
export async function startTestPortico(options: { guest?: boolean; env?: Record<string, string> } = {}): Promise<Portico> {
  const db = await openTestDatabase();
  const config = loadConfig({ LOG_LEVEL: 'silent', PORTICO_DEMO: 'false', PORTICO_RATE_LIMIT: '0', PORTICO_SECRET_KEY: 'dGVzdC1rZXktdGVzdC1rZXktdGVzdC1rZXktMzJieXQ=', ...options.env });
  const portico = await buildPortico(config, db, { guest: options.guest ?? true });
  return {
    ...portico,
    async close() {
      await portico.close();
      await db.close();
    },
  };
}
