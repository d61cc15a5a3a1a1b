-- API tokens get a lifecycle: personal (acting for the person who made them) or service (for CI),
-- scopes, an expiry, revocation, and a short prefix to recognise them by in lists.
alter table api_tokens add column kind text not null default 'service';
alter table api_tokens add column owner text;
alter table api_tokens add column scopes text[] not null default '{read}';
alter table api_tokens add column prefix text not null default '';
alter table api_tokens add column expires_at timestamptz(3);
alter table api_tokens add column revoked_at timestamptz(3);
alter table api_tokens add column created_by text;
update api_tokens set scopes = case role when 'admin' then '{read,write,admin}'::text[] when 'writer' then '{read,write}'::text[] else '{read}'::text[] end;
alter table api_tokens drop constraint if exists api_tokens_kind_check;
alter table api_tokens add constraint api_tokens_kind_check check (kind in ('personal', 'service'));
