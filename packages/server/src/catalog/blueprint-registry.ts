import type { Blueprint } from '@portico/model';
import type { Sql } from '../db/database.ts';
import { listBlueprints } from './blueprint.repo.ts';

/**
 * An in-process copy of the blueprints table, read on nearly every request. Writes through this
 * process invalidate it at once; a short time-to-live bounds staleness when several processes
 * share one database.
 */
export class BlueprintRegistry {
  private cache: { at: number; byId: Map<string, Blueprint> } | null = null;

  constructor(private readonly sql: Sql, private readonly ttlMs = 2000) {}

  /** Inside a transaction pass it as `sql`: the embedded database has one connection. */
  async all(sql: Sql = this.sql): Promise<Map<string, Blueprint>> {
    if (!this.cache || Date.now() - this.cache.at > this.ttlMs) {
      const list = await listBlueprints(sql);
      this.cache = { at: Date.now(), byId: new Map(list.map((b) => [b.identifier, b])) };
    }
    return this.cache.byId;
  }

  async get(identifier: string): Promise<Blueprint | undefined> {
    return (await this.all()).get(identifier);
  }

  invalidate(): void {
    this.cache = null;
  }
}
