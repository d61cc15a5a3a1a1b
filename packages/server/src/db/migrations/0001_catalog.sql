-- The catalog: blueprints are rows, entities are JSONB rows validated by their blueprint's schema.
create extension if not exists pg_trgm;

create table blueprints (
  identifier text primary key,
  title text not null,
  description text,
  icon text,
  schema jsonb not null,
  relations jsonb not null default '{}',
  version integer not null default 1,
  created_at timestamptz(3) not null default now(),
  updated_at timestamptz(3) not null default now(),
  created_by text,
  updated_by text
);

create table entities (
  id bigint generated always as identity primary key,
  uid uuid not null default gen_random_uuid(),
  blueprint text not null references blueprints (identifier),
  identifier text not null,
  identifier_key text generated always as (lower(identifier)) stored,
  title text not null,
  icon text,
  team text[] not null default '{}',
  properties jsonb not null default '{}',
  relations jsonb not null default '{}',
  -- Text the search box matches: title, identifier, description, tags and string properties.
  search_text text not null default '',
  search_name text not null default '',
  search_vector tsvector generated always as (to_tsvector('simple', search_text)) stored,
  created_at timestamptz(3) not null default now(),
  updated_at timestamptz(3) not null default now(),
  created_by text,
  updated_by text
);

create unique index entities_blueprint_identifier on entities (blueprint, identifier_key);
create unique index entities_uid on entities (uid);
create index entities_identifier_key on entities (identifier_key);
create index entities_properties on entities using gin (properties jsonb_path_ops);
create index entities_team on entities using gin (team);
create index entities_search_vector on entities using gin (search_vector);
create index entities_search_name on entities using gin (search_name gin_trgm_ops);
create index entities_blueprint_title on entities (blueprint, title, id);
create index entities_blueprint_updated on entities (blueprint, updated_at, id);

-- One row per relation edge, derived from entities.relations on every write; the inverse
-- direction is a lookup on the target columns, so nothing is stored twice.
create table entity_relations (
  source_id bigint not null references entities (id) on delete cascade,
  relation text not null,
  target_blueprint text not null,
  target_key text not null,
  primary key (source_id, relation, target_blueprint, target_key)
);
create index entity_relations_target on entity_relations (target_blueprint, target_key);

create table audit_log (
  id bigint generated always as identity primary key,
  at timestamptz(3) not null default now(),
  actor text not null,
  action text not null,
  resource_type text not null,
  blueprint text,
  identifier text,
  before jsonb,
  after jsonb,
  diff jsonb
);
create index audit_log_at on audit_log (at desc, id desc);
create index audit_log_resource on audit_log (resource_type, blueprint, identifier, at desc);

create table api_tokens (
  id bigint generated always as identity primary key,
  name text not null,
  token_hash text not null unique,
  role text not null,
  created_at timestamptz(3) not null default now(),
  last_used_at timestamptz(3)
);
