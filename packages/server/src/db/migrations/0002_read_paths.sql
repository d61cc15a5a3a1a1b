-- Read paths measured by the benchmark.
-- A blueprint's entities in id order (Backstage's by-query and list pages; counts by index-only scan).
create index entities_blueprint_id on entities (blueprint, id);

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
-- Words are added on every write and never removed: a stale word only finds nothing.
create table search_words (word text primary key);
create index search_words_trgm on search_words using gin (word gin_trgm_ops);
insert into search_words (word)
  select distinct u.lexeme from entities e, unnest(e.search_vector) u
  where length(u.lexeme) between 3 and 40 and u.lexeme !~ '^[0-9]+$'
  on conflict do nothing;
drop index entities_search_name;
-- Names that start with the typed words always reach the search's ranking.
create index entities_search_name_prefix on entities (search_name text_pattern_ops);
