import pg from 'pg';
import { type Database, type Sql, SESSION_SETTINGS } from './database.ts';

/**
 * A PostgreSQL server reached through a pool.
 * @param searchPath schema to work in (tests give each run its own).
 */
export async function openPostgresDatabase(connectionString: string, options: { searchPath?: string; max?: number } = {}): Promise<Database> {
  const pool = new pg.Pool({
    connectionString,
    max: options.max ?? 10,
    options: [...(options.searchPath ? [`-c search_path=${options.searchPath},public`] : []), ...SESSION_SETTINGS.map(([name, value]) => `-c ${name}=${value}`)].join(' '),
  });
  await pool.query('select 1');
  return {
    kind: 'postgres',
    async query<T>(text: string, params: unknown[] = [], options: { prepare?: string } = {}) {
      const result = options.prepare ? await pool.query({ name: options.prepare, text, values: params }) : await pool.query(text, params);
      return result.rows as T[];
    },
    async transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const tx: Sql = {
          async query<R>(text: string, params: unknown[] = []) {
            const result = await client.query(text, params);
            return result.rows as R[];
          },
        };
        const value = await work(tx);
        await client.query('commit');
        return value;
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async listen(channel, onNotify) {
      // A connection of its own, outside the pool: LISTEN holds it for the process's lifetime.
      const client = new pg.Client({ connectionString });
      await client.connect();
      client.on('notification', (message) => { if (message.channel === channel) onNotify(); });
      client.on('error', () => undefined);
      await client.query(`listen ${pg.escapeIdentifier(channel)}`);
      return async () => { await client.end().catch(() => undefined); };
    },
    close: () => pool.end(),
  };
}
