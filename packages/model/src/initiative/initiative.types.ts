import type { RuleGroup } from '../query/query.types.ts';

/**
 * A campaign to bring entities up to a standard: a target on one scorecard (a level, or a set of
 * its rules), a scope (the scorecard's blueprint, optionally narrowed by a filter), a deadline and
 * an owner (a team or a person).
 */
export interface Initiative {
  identifier: string;
  title: string;
  description: string | null;
  blueprint: string;
  scorecard: string;
  target: { level: string } | { rules: string[] };
  filter: RuleGroup | null;
  deadline: string;
  owner: string | null;
}

/** How far an initiative has come: entities in scope that meet the target. */
export interface InitiativeProgress {
  compliant: number;
  total: number;
  /** 0–100, one decimal; 100 when nothing is in scope. */
  percent: number;
}
