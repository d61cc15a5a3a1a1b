-- The durable job queue, in the catalog's own database (PGlite embedded, PostgreSQL shared): the
-- queue libraries for PostgreSQL (pg-boss, graphile-worker) need a node-postgres pool, which the
-- embedded engine does not have, so workers claim rows with FOR UPDATE SKIP LOCKED. A claimed job
-- carries a lease; a worker that dies (SIGKILL) stops renewing it, and the job is taken again.
create table jobs (
  id bigint generated always as identity primary key,
  queue text not null,
  payload jsonb not null default '{}',
  state text not null default 'queued' check (state in ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  run_at timestamptz(3) not null default now(),
  attempts integer not null default 0,
  max_attempts integer not null default 5,
  locked_by text,
  locked_until timestamptz(3),
  last_error text,
  -- The same key enqueued twice is one job (a retried request never doubles its work).
  idempotency_key text unique,
  created_at timestamptz(3) not null default now(),
  updated_at timestamptz(3) not null default now(),
  finished_at timestamptz(3)
);
create index jobs_ready on jobs (queue, run_at, id) where state = 'queued';
create index jobs_leased on jobs (locked_until) where state = 'running';
