import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Database } from '../db/database.ts';
import { openPgliteDatabase } from '../db/pglite.database.ts';
import { openPostgresDatabase } from '../db/postgres.database.ts';

/**
 * A fresh, empty database for one test file: in-memory PGlite, or, when
 * `PORTICO_TEST_DATABASE_URL` is set, a new schema on that PostgreSQL server (dropped on close).
 * The same test cases thus run on both engines.
 */
export async function openTestDatabase(): Promise<Database> {
  const url = process.env.PORTICO_TEST_DATABASE_URL;
  if (!url) return openPgliteDatabase(null);
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    // Extensions live in public, shared by every test schema; concurrent creators may race.
    await admin.query('create extension if not exists pg_trgm schema public').catch(() => undefined);
    await admin.query(`create schema ${schema}`);
  } finally {
    await admin.end();
  }
  const db = await openPostgresDatabase(url, { searchPath: schema, max: 4 });
  return {
    ...db,
    async close() {
      await db.close();
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      await cleanup.query(`drop schema ${schema} cascade`);
      await cleanup.end();
    },
  };
}

/** Which engine the tests run on, for test names. */
export function testEngine(): string {
  return process.env.PORTICO_TEST_DATABASE_URL ? 'postgres' : 'pglite';
}
