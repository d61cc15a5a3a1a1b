// A Portico server in its own process, for tests that must kill one (SIGKILL) and start another on
// the same database. Configured by environment (PORTICO_DATA_DIR or DATABASE_URL + CHILD_SCHEMA);
// prints `{"port":N}` on stdout once listening.
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../config.ts';
import { buildPortico } from '../app.ts';
import { openPgliteDatabase } from '../db/pglite.database.ts';
import { openPostgresDatabase } from '../db/postgres.database.ts';

const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', PORTICO_DEMO: 'false', PORTICO_RATE_LIMIT: '0' } as Record<string, string>);
const url = process.env.DATABASE_URL;
const db = url ? await openPostgresDatabase(url, { searchPath: process.env.CHILD_SCHEMA ?? 'public', max: 4 }) : await openPgliteDatabase(config.dataDir);
const portico = await buildPortico(config, db, { guest: true });
await portico.app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`${JSON.stringify({ port: (portico.app.server.address() as AddressInfo).port })}\n`);
