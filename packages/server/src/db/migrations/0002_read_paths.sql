-- Read paths measured by the benchmark.
-- Counting a blueprint's entities by index-only scan.
create index entities_blueprint_id on entities (blueprint, id);
-- Identifier lookups across blueprints need equality only. A hash index cannot return rows in
-- order, so the planner pages a blueprint's entities by name through (blueprint, identifier_key)
-- instead of walking this index and filtering out every other blueprint's names.
drop index entities_identifier_key;
create index entities_identifier_key on entities using hash (identifier_key);

-- Each edge also names its source by (blueprint, key), so an entity's incoming relations are one
-- index-only scan instead of a join back to entities per edge.
alter table entity_relations add column source_blueprint text;
alter table entity_relations add column source_key text;
update entity_relations r set source_blueprint = e.blueprint, source_key = e.identifier_key from entities e where e.id = r.source_id;
alter table entity_relations alter column source_blueprint set not null;
alter table entity_relations alter column source_key set not null;
drop index entity_relations_target;
create index entity_relations_target on entity_relations (target_blueprint, target_key) include (relation, source_blueprint, source_key, source_id);

-- The words the catalog's search text holds, for typo tolerance: a mistyped word is matched to
-- its nearest words here (trigram similarity over a small table), then searched as usual.
-- Only words of letters are kept (numbers, e-mail addresses and versions are not misspelled
-- words). Words are added on every write and never removed: a stale word only finds nothing.
create table search_words (word text primary key);
create index search_words_trgm on search_words using gin (word gin_trgm_ops);
insert into search_words (word)
  select distinct u.lexeme from entities e, unnest(e.search_vector) u
  where length(u.lexeme) between 3 and 40 and u.lexeme ~ '^[[:alpha:]]+$'
  on conflict do nothing;
drop index entities_search_name;
-- Names that start with the typed words always reach the search's ranking.
create index entities_search_name_prefix on entities (search_name text_pattern_ops);
