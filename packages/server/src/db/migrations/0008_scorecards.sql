-- Scorecards: definitions per blueprint, one result row per (scorecard, entity) kept current on
-- every write, and a durable event per level change (the automations engine will consume them).
create table scorecards (
  id bigint generated always as identity primary key,
  blueprint text not null references blueprints (identifier) on delete cascade,
  identifier text not null,
  definition jsonb not null,
  created_at timestamptz(3) not null default now(),
  updated_at timestamptz(3) not null default now(),
  created_by text,
  updated_by text,
  unique (blueprint, identifier)
);

create table scorecard_results (
  scorecard_id bigint not null references scorecards (id) on delete cascade,
  entity_id bigint not null references entities (id) on delete cascade,
  -- Index into the scorecard's levels (0: the first level) and each rule's outcome by identifier.
  level_index integer not null,
  rules jsonb not null,
  evaluated_at timestamptz(3) not null default now(),
  primary key (scorecard_id, entity_id)
);
create index scorecard_results_entity on scorecard_results (entity_id);
create index scorecard_results_level on scorecard_results (scorecard_id, level_index);

-- Titles are copied, not referenced: the history stays readable after renames and deletions.
create table scorecard_events (
  id bigint generated always as identity primary key,
  at timestamptz(3) not null default now(),
  blueprint text not null,
  scorecard text not null,
  entity text not null,
  team text[] not null default '{}',
  from_level text,
  to_level text,
  from_index integer,
  to_index integer,
  processed_at timestamptz(3)
);
create index scorecard_events_scorecard on scorecard_events (blueprint, scorecard, at);
create index scorecard_events_unprocessed on scorecard_events (id) where processed_at is null;
