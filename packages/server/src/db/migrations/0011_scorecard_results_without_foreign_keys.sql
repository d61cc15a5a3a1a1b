-- Scoring writes one result row per (scorecard, entity): at 100k entities the two foreign-key
-- checks cost a third of a full evaluation. The rows are removed explicitly instead, in the same
-- transaction as what they belong to: an entity's delete, a scorecard's delete, a blueprint's delete.
alter table scorecard_results drop constraint scorecard_results_scorecard_id_fkey;
alter table scorecard_results drop constraint scorecard_results_entity_id_fkey;
delete from scorecard_results r where not exists (select 1 from entities e where e.id = r.entity_id)
  or not exists (select 1 from scorecards s where s.id = r.scorecard_id);
