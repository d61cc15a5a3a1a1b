-- TTLs: every `timer`-format property value of an entity is a row here, kept in step with the
-- entity on each write; when one passes, a durable event is recorded for the automations engine
-- (which will delete the ephemeral environment, revoke the temporary access…).
create table entity_timers (
  entity_id bigint not null references entities (id) on delete cascade,
  blueprint text not null,
  identifier text not null,
  property text not null,
  expires_at timestamptz(3) not null,
  expired_at timestamptz(3),
  primary key (entity_id, property)
);
create index entity_timers_due on entity_timers (expires_at) where expired_at is null;

create table entity_events (
  id bigint generated always as identity primary key,
  at timestamptz(3) not null default now(),
  type text not null,
  blueprint text not null,
  identifier text not null,
  detail jsonb not null default '{}',
  processed_at timestamptz(3)
);
create index entity_events_unprocessed on entity_events (id) where processed_at is null;
