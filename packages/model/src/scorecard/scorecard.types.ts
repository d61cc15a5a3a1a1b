import type { RuleGroup } from '../query/query.types.ts';

/** A step on a scorecard's ladder. The first level is where every entity starts; rules sit on the higher ones. */
export interface ScorecardLevel {
  title: string;
  color: string;
}

/** A check an entity passes or fails, in the catalog's query language, on one level of the ladder. */
export interface ScorecardRule {
  identifier: string;
  title: string;
  description: string | null;
  level: string;
  query: RuleGroup;
}

/** "What good looks like" for a blueprint's entities: ordered levels, rules, and which entities it applies to. */
export interface Scorecard {
  identifier: string;
  blueprint: string;
  title: string;
  description: string | null;
  /** Only entities matching it are scored; null: all of the blueprint. */
  filter: RuleGroup | null;
  levels: ScorecardLevel[];
  rules: ScorecardRule[];
}

/** Port's default ladder, used when a scorecard names no levels. */
export const DEFAULT_LEVELS: readonly ScorecardLevel[] = [
  { title: 'Basic', color: 'gray' },
  { title: 'Bronze', color: 'orange' },
  { title: 'Silver', color: 'blue' },
  { title: 'Gold', color: 'yellow' },
];

/** One entity's standing on a scorecard, as the v1 entity API shows it (Port's shape). */
export interface ScorecardResult {
  level: string;
  rules: { identifier: string; status: 'SUCCESS' | 'FAILURE'; level: string }[];
}
