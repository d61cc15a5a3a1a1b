-- Self-service actions and their runs. A run keeps a snapshot of its action (a later edit does not
-- change what ran), its inputs with secret values removed (they are in `secrets`, encrypted with
-- the portal's key), the hash of the token its receiver reports with, approvals and its log.
create table actions (
  id bigint generated always as identity primary key,
  identifier text not null unique,
  definition jsonb not null,
  -- HMAC key for signing webhook calls, encrypted; shown once when created or rotated.
  webhook_secret text not null,
  created_at timestamptz(3) not null default now(),
  updated_at timestamptz(3) not null default now(),
  created_by text,
  updated_by text
);

create table action_runs (
  id uuid primary key default gen_random_uuid(),
  action text not null,
  definition jsonb not null,
  blueprint text,
  entity text,
  inputs jsonb not null default '{}',
  secrets text,
  status text not null,
  status_label text,
  links jsonb not null default '[]',
  summary text,
  error text,
  requested_by text not null,
  token_hash text not null,
  job_id bigint,
  approvals jsonb not null default '[]',
  entities jsonb not null default '[]',
  created_at timestamptz(3) not null default now(),
  updated_at timestamptz(3) not null default now(),
  started_at timestamptz(3),
  ended_at timestamptz(3),
  timeout_at timestamptz(3)
);
create index action_runs_action on action_runs (action, created_at desc);
create index action_runs_entity on action_runs (blueprint, lower(entity), created_at desc);
create index action_runs_requester on action_runs (requested_by, created_at desc);
create index action_runs_open on action_runs (status) where status in ('WAITING_FOR_APPROVAL', 'QUEUED', 'RUNNING');

create table action_run_logs (
  id bigint generated always as identity primary key,
  run_id uuid not null references action_runs (id) on delete cascade,
  at timestamptz(3) not null default now(),
  level text not null default 'INFO',
  message text not null
);
create index action_run_logs_run on action_run_logs (run_id, id);
