-- Who may do what, as data: a role per person (users without a row get the configured default)
-- and a permission document per blueprint (blueprints without a row get the defaults).
create table role_assignments (
  user_key text primary key,
  role text not null check (role in ('admin', 'moderator', 'member', 'viewer')),
  moderates text[] not null default '{}',
  updated_at timestamptz(3) not null default now(),
  updated_by text not null
);

create table blueprint_permissions (
  blueprint text primary key references blueprints (identifier) on delete cascade,
  permissions jsonb not null,
  updated_at timestamptz(3) not null default now(),
  updated_by text not null
);

-- A session's role is now read from role_assignments on every request; the column stays for
-- the record of what the person had at sign-in. Older sessions named roles of an earlier release.
update sessions set role = case role when 'writer' then 'member' when 'reader' then 'viewer' else role end;
