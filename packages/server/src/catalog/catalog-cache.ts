import type { Database, Sql } from '../db/database.ts';

/** The PostgreSQL channel on which every catalog write announces itself (delivered at commit). */
export const CATALOG_CHANNEL = 'portico_catalog';

/**
 * Remembers aggregate reads (counts, facets) until the catalog next changes. Each committed
 * write bumps the generation: in this process before the write's response is sent, in other
 * processes sharing the database through PostgreSQL NOTIFY, which is delivered only at commit.
 * A value computed while a write committed is not kept, so nothing stale outlives a write.
 */
export class CatalogCache {
  private generation = 0;
  private readonly entries = new Map<string, Promise<unknown>>();

  constructor(private readonly maxEntries = 2000) {}

  /** Forgets everything: call after a write commits. */
  changed(): void {
    this.generation++;
    this.entries.clear();
  }

  async remember<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const cached = this.entries.get(key);
    if (cached) return cached as Promise<T>;
    const generation = this.generation;
    const pending = compute();
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, pending);
    try {
      const value = await pending;
      if (generation !== this.generation) this.entries.delete(key);
      return value;
    } catch (error) {
      this.entries.delete(key);
      throw error;
    }
  }

  /** Announces a write to other processes; runs inside the write's transaction. */
  static async announce(tx: Sql): Promise<void> {
    await tx.query(`select pg_notify('${CATALOG_CHANNEL}', '')`);
  }

  /** Forgets everything (and tells `also`) whenever another process writes. */
  async follow(db: Database, also: () => void): Promise<() => Promise<void>> {
    if (!db.listen) return async () => undefined;
    return db.listen(CATALOG_CHANNEL, () => {
      this.changed();
      also();
    });
  }
}
