-- Mirror, calculation and aggregation properties of a blueprint, in Port's shape:
-- { mirrorProperties, calculationProperties, aggregationProperties }. Their values live in
-- entities.properties beside the stored ones, so every read path (filters, sort, facets, search,
-- exports, scorecards) treats them alike; writes strip and recompute them.
alter table blueprints add column derived jsonb not null default '{}';
