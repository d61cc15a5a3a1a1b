import type { ScorecardLevel, ScorecardRule } from './scorecard.types.ts';

/**
 * The level an entity reaches: the highest level such that it passes every rule of that level and
 * of every level below it. Levels without rules are passed on the way.
 * @returns the index into `levels` (0: the first level, where everyone starts).
 */
export function reachedLevel(levels: readonly ScorecardLevel[], rules: readonly ScorecardRule[], passed: Readonly<Record<string, boolean>>): number {
  let reached = 0;
  for (let index = 1; index < levels.length; index++) {
    const title = levels[index]?.title;
    const failing = rules.some((rule) => rule.level === title && passed[rule.identifier] !== true);
    if (failing) break;
    reached = index;
  }
  return reached;
}

/** For each level above the first, the rules an entity must pass to stand on it (its own and every lower level's). */
export function rulesUpToLevel(levels: readonly ScorecardLevel[], rules: readonly ScorecardRule[]): ScorecardRule[][] {
  const result: ScorecardRule[][] = [];
  for (let index = 1; index < levels.length; index++) {
    const titles = new Set(levels.slice(1, index + 1).map((l) => l.title));
    result.push(rules.filter((rule) => titles.has(rule.level)));
  }
  return result;
}
