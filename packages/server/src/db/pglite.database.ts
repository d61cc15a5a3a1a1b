import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { type Database, type Sql, SESSION_SETTINGS } from './database.ts';

/**
 * The embedded database: PostgreSQL compiled to WebAssembly, in this process.
 * @param dataDir a folder to keep data in, or `null` for memory only (tests).
 */
export async function openPgliteDatabase(dataDir: string | null): Promise<Database> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const pg = await PGlite.create({ ...(dataDir ? { dataDir } : {}), extensions: { pg_trgm } });
  await pg.exec(SESSION_SETTINGS.map(([name, value]) => `set ${name} = ${value};`).join('\n'));
  const sql = (runner: Pick<PGlite, 'query'>): Sql => ({
    async query<T>(text: string, params: unknown[] = []) {
      const result = await runner.query<T>(text, params);
      return result.rows;
    },
  });
  return {
    kind: 'pglite',
    ...sql(pg),
    transaction: (work) => pg.transaction((tx) => work(sql(tx))),
    close: () => pg.close(),
  };
}
