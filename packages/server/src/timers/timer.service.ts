import type { Database, Sql } from '../db/database.ts';
import type { BlueprintRegistry } from '../catalog/index.ts';
import { toIso } from '../db/rows.ts';

/**
 * TTLs (`format: timer` properties): kept in `entity_timers` inside every entity write, and
 * turned into durable `TIMER_EXPIRED` events when they pass.
 */
export class TimerService {
  constructor(private readonly deps: { db: Database; registry: BlueprintRegistry }) {}

  /** The write hook: the written entities' timers, as their properties now say. */
  async entitiesWritten(tx: Sql, written: { id: string; blueprint: string }[]): Promise<void> {
    const blueprints = await this.deps.registry.all(tx);
    const timed = new Map<string, string[]>();
    for (const [id, bp] of blueprints) {
      const names = Object.entries(bp.schema.properties).filter(([, p]) => p.format === 'timer').map(([n]) => n);
      if (names.length > 0) timed.set(id, names);
    }
    const ids = written.filter((w) => timed.has(w.blueprint)).map((w) => w.id);
    if (ids.length === 0) return;
    // Re-armed when the value changes (a TTL extended), removed when the value goes.
    await tx.query(
      `with wanted as (
         select e.id as entity_id, e.blueprint, e.identifier, p.name as property, (e.properties ->> p.name)::timestamptz as expires_at
           from entities e join jsonb_to_recordset($2::jsonb) as p(blueprint text, name text) on p.blueprint = e.blueprint
          where e.id = any($1::bigint[]) and jsonb_typeof(e.properties -> p.name) = 'string'),
       removed as (delete from entity_timers t where t.entity_id = any($1::bigint[])
                   and not exists (select 1 from wanted w where w.entity_id = t.entity_id and w.property = t.property))
       insert into entity_timers (entity_id, blueprint, identifier, property, expires_at)
       select entity_id, blueprint, identifier, property, expires_at from wanted
       on conflict (entity_id, property) do update set expires_at = excluded.expires_at, identifier = excluded.identifier,
         expired_at = case when entity_timers.expires_at = excluded.expires_at then entity_timers.expired_at else null end`,
      [ids, JSON.stringify([...timed].flatMap(([blueprint, names]) => names.map((name) => ({ blueprint, name }))))],
    );
  }

  /** Records an event for each timer that has passed (once each). @returns how many expired. */
  async expireDue(now = new Date()): Promise<number> {
    return this.deps.db.transaction(async (tx) => {
      const rows = await tx.query<{ n: number }>(
        `with due as (update entity_timers set expired_at = $1::timestamptz where expired_at is null and expires_at <= $1::timestamptz
                      returning blueprint, identifier, property, expires_at),
              events as (insert into entity_events (type, blueprint, identifier, detail)
                         select 'TIMER_EXPIRED', blueprint, identifier, jsonb_build_object('property', property, 'expiresAt', expires_at) from due returning 1)
         select count(*)::int as n from events`, [now.toISOString()]);
      return rows[0]?.n ?? 0;
    });
  }

  async events(filter: { type?: string; limit: number }) {
    const rows = await this.deps.db.query<{ id: string; at: Date; type: string; blueprint: string; identifier: string; detail: Record<string, unknown> }>(
      `select id::text as id, at, type, blueprint, identifier, detail from entity_events ${filter.type ? 'where type = $2' : ''} order by id desc limit $1`,
      filter.type ? [filter.limit, filter.type] : [filter.limit]);
    return rows.map((r) => ({ ...r, at: toIso(r.at) }));
  }
}
