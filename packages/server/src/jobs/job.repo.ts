import type { Sql } from '../db/database.ts';
import { json, toIso } from '../db/rows.ts';
import type { EnqueueOptions, Job, JobState } from './job.types.ts';

interface Row {
  id: string; queue: string; payload: Record<string, unknown>; state: JobState; run_at: Date; attempts: number; max_attempts: number;
  last_error: string | null; idempotency_key: string | null;
}

const COLUMNS = 'id::text as id, queue, payload, state, run_at, attempts, max_attempts, last_error, idempotency_key';
const toJob = (row: Row): Job => ({
  id: row.id, queue: row.queue, payload: row.payload, state: row.state, runAt: toIso(row.run_at), attempts: row.attempts,
  maxAttempts: row.max_attempts, lastError: row.last_error, idempotencyKey: row.idempotency_key,
});

export const JOBS_CHANNEL = 'portico_jobs';

/** Adds a job (or finds the one with the same idempotency key), announcing it to workers in every process. */
export async function enqueue(sql: Sql, queue: string, payload: Record<string, unknown>, options: EnqueueOptions = {}): Promise<Job> {
  const rows = await sql.query<Row>(
    `insert into jobs (queue, payload, run_at, max_attempts, idempotency_key)
     values ($1, $2::jsonb, coalesce($3::timestamptz, now()), $4, $5)
     on conflict (idempotency_key) do update set updated_at = jobs.updated_at
     returning ${COLUMNS}`,
    [queue, json(payload), options.runAt?.toISOString() ?? null, options.maxAttempts ?? 5, options.idempotencyKey ?? null],
  );
  await sql.query(`select pg_notify('${JOBS_CHANNEL}', $1)`, [queue]);
  return toJob(rows[0] as Row);
}

/** Claims up to `limit` due jobs of these queues for a worker, with a lease of `leaseMs`. */
export async function claim(sql: Sql, queues: string[], worker: string, limit: number, leaseMs: number): Promise<Job[]> {
  const rows = await sql.query<Row>(
    `update jobs set state = 'running', attempts = attempts + 1, locked_by = $2, locked_until = now() + make_interval(secs => $4::float8 / 1000), updated_at = now()
     where id in (select id from jobs where state = 'queued' and queue = any($1::text[]) and run_at <= now()
                  order by run_at, id limit $3 for update skip locked)
     returning ${COLUMNS}`,
    [queues, worker, limit, leaseMs],
  );
  return rows.map(toJob).sort((a, b) => Number(a.id) - Number(b.id));
}

/** Extends a lease; false when the job is no longer this worker's (cancelled, or taken after expiry). */
export async function renew(sql: Sql, id: string, worker: string, leaseMs: number): Promise<boolean> {
  const rows = await sql.query(
    `update jobs set locked_until = now() + make_interval(secs => $3::float8 / 1000) where id = $1::bigint and locked_by = $2 and state = 'running' returning id`,
    [id, worker, leaseMs]);
  return rows.length > 0;
}

export async function succeed(sql: Sql, id: string, worker: string): Promise<void> {
  await sql.query(`update jobs set state = 'succeeded', finished_at = now(), updated_at = now(), locked_by = null, locked_until = null where id = $1::bigint and locked_by = $2 and state = 'running'`, [id, worker]);
}

/** A failed attempt: again after `retryInMs` while attempts remain (and the error is worth retrying), else failed for good. */
export async function fail(sql: Sql, id: string, worker: string, error: string, retryInMs: number | null): Promise<JobState> {
  const rows = await sql.query<{ state: JobState }>(
    `update jobs set last_error = $3, updated_at = now(), locked_by = null, locked_until = null,
       state = case when $4::float8 is not null and attempts < max_attempts then 'queued' else 'failed' end,
       run_at = case when $4::float8 is not null and attempts < max_attempts then now() + make_interval(secs => $4::float8 / 1000) else run_at end,
       finished_at = case when $4::float8 is not null and attempts < max_attempts then null else now() end
     where id = $1::bigint and locked_by = $2 and state = 'running' returning state`,
    [id, worker, error.slice(0, 4000), retryInMs]);
  return rows[0]?.state ?? 'failed';
}

/**
 * Jobs whose worker stopped renewing its lease (the process died): queued again while attempts
 * remain, else failed with the reason.
 * @returns the jobs given up on (their owners record why).
 */
export async function recoverExpired(sql: Sql): Promise<Job[]> {
  await sql.query(
    `update jobs set state = 'queued', locked_by = null, locked_until = null, updated_at = now(),
       last_error = 'the worker stopped before finishing (lease expired); tried again'
     where state = 'running' and locked_until < now() and attempts < max_attempts`);
  const given = await sql.query<Row>(
    `update jobs set state = 'failed', locked_by = null, locked_until = null, updated_at = now(), finished_at = now(),
       last_error = 'the worker stopped before finishing (lease expired), and no attempts remain'
     where state = 'running' and locked_until < now() and attempts >= max_attempts returning ${COLUMNS}`);
  return given.map(toJob);
}

export async function cancel(sql: Sql, id: string): Promise<boolean> {
  const rows = await sql.query(`update jobs set state = 'cancelled', finished_at = now(), updated_at = now(), locked_by = null, locked_until = null where id = $1::bigint and state in ('queued', 'running') returning id`, [id]);
  return rows.length > 0;
}

export async function findJob(sql: Sql, id: string): Promise<Job | null> {
  const rows = await sql.query<Row>(`select ${COLUMNS} from jobs where id = $1::bigint`, [id]);
  return rows[0] ? toJob(rows[0]) : null;
}
