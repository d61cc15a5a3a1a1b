-- Initiatives: campaigns to bring a scorecard's entities to a level (or through a set of rules)
-- by a deadline. Progress is computed from scorecard_results on read; one snapshot per day keeps
-- the history that the progress chart draws.
create table initiatives (
  id bigint generated always as identity primary key,
  identifier text not null unique,
  blueprint text not null references blueprints (identifier) on delete cascade,
  definition jsonb not null,
  created_at timestamptz(3) not null default now(),
  updated_at timestamptz(3) not null default now(),
  created_by text,
  updated_by text
);

create table initiative_progress (
  initiative_id bigint not null references initiatives (id) on delete cascade,
  day date not null,
  compliant integer not null,
  total integer not null,
  primary key (initiative_id, day)
);
