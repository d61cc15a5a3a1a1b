-- Explorer views saved by users: a name, the explorer's state (filters, rules, sort, columns),
-- private to their owner or shared with everyone who can read the blueprint.
create table saved_views (
  id bigint generated always as identity primary key,
  blueprint text not null references blueprints (identifier) on delete cascade,
  name text not null,
  owner text not null,
  shared boolean not null default false,
  state jsonb not null,
  created_at timestamptz(3) not null default now(),
  updated_at timestamptz(3) not null default now(),
  unique (blueprint, owner, name)
);
create index saved_views_blueprint on saved_views (blueprint, shared);
