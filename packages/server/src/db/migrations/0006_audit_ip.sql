-- Where a request came from, for sign-ins and denied requests; and fast pruning by age.
alter table audit_log add column ip text;
create index audit_log_at_only on audit_log (at);
-- The API token behind a change, when one made it.
alter table audit_log add column token_id text;
