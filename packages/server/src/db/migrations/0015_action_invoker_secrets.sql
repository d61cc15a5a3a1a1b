-- Credentials of an action's invoker (a webhook's extra headers, such as a CI trigger's token),
-- encrypted with the portal's key; the definition keeps only the header names, valued "[secret]".
alter table actions add column invoker_secrets text;
