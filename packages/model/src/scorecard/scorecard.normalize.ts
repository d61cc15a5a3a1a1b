import type { Blueprint } from '../blueprint/blueprint.types.ts';
import { PorticoError, type ErrorDetail } from '../errors.ts';
import { PROPERTY_OPERATORS, type RuleGroup } from '../query/query.types.ts';
import { type Condition, parseQuery } from '../query/query.validation.ts';
import { DEFAULT_LEVELS, type Scorecard, type ScorecardLevel, type ScorecardRule } from './scorecard.types.ts';

/** A scorecard checked against its blueprint, with its queries resolved for evaluation. */
export interface NormalizedScorecard {
  scorecard: Scorecard;
  filter: Condition | null;
  /** Each rule's condition, in the order of `scorecard.rules`. */
  conditions: Condition[];
  /** Whether a rule or the filter reads relations: then a related entity's change can change the result. */
  readsRelations: boolean;
  /** How many relation hops away a change can still change a result (0 when no rule reads relations). */
  relationHops: number;
}

type Json = Record<string, unknown>;

/**
 * Port operators the query language has no counterpart for. A scorecard using one is refused
 * with the rule and condition named, instead of being imported with a rule that means something else.
 */
const UNTRANSLATABLE: Record<string, string> = {
  doesNotContains: 'has no counterpart (no negated "contains"); split the rule or use "notIn"',
  doesNotBeginsWith: 'has no counterpart (no negated "beginsWith")',
  doesNotEndsWith: 'has no counterpart (no negated "endsWith")',
  notBetween: 'has no counterpart; use two rules with "<" and ">" in an "or" group',
};

/**
 * Checks a scorecard (Portico's shape or Port's JSON) against its blueprint and resolves it.
 * Queries may spell groups with `conditions` (Port) or `rules` (Portico); levels default to
 * Basic → Bronze → Silver → Gold; each rule must sit on a level above the first.
 * @throws PorticoError VALIDATION_FAILED naming every problem by JSON pointer.
 */
export function normalizeScorecard(input: Json, blueprint: Blueprint): NormalizedScorecard {
  const issues: ErrorDetail[] = [];
  const levels: ScorecardLevel[] = Array.isArray(input.levels)
    ? (input.levels as Json[]).map((level, index) => ({ title: String(level.title), color: typeof level.color === 'string' ? level.color : DEFAULT_LEVELS[index]?.color ?? 'gray' }))
    : DEFAULT_LEVELS.map((l) => ({ ...l }));
  const titles = levels.map((l) => l.title);
  titles.forEach((title, index) => {
    if (titles.indexOf(title) !== index) issues.push({ path: `/levels/${index}/title`, message: `repeats the level "${title}"` });
  });
  if (input.blueprint !== undefined && input.blueprint !== blueprint.identifier) {
    issues.push({ path: '/blueprint', message: `must be "${blueprint.identifier}" (the blueprint in the URL) or absent` });
  }

  const scope = { blueprints: [blueprint] };
  const resolve = (raw: unknown, pointer: string): { group: RuleGroup; condition: Condition } | null => {
    const group = toRuleGroup(raw, pointer, issues);
    if (!group) return null;
    try {
      return { group, condition: parseQuery(group, scope, pointer) };
    } catch (error) {
      if (!(error instanceof PorticoError)) throw error;
      issues.push(...(error.details.length ? error.details : [{ path: pointer, message: error.message }]).map((d) => ({ ...d, path: toPortPath(raw, pointer, d.path) })));
      return null;
    }
  };

  const filter = input.filter ? resolve(input.filter, '/filter') : null;
  const rules: ScorecardRule[] = [];
  const conditions: Condition[] = [];
  const seen = new Set<string>();
  (input.rules as Json[]).forEach((rule, index) => {
    const pointer = `/rules/${index}`;
    const identifier = String(rule.identifier);
    if (seen.has(identifier)) issues.push({ path: `${pointer}/identifier`, message: `repeats the rule "${identifier}"` });
    seen.add(identifier);
    const level = String(rule.level);
    const levelIndex = titles.indexOf(level);
    if (levelIndex < 0) issues.push({ path: `${pointer}/level`, message: `names no level of this scorecard (${titles.join(', ')})` });
    else if (levelIndex === 0) issues.push({ path: `${pointer}/level`, message: `"${level}" is the first level, where every entity starts; put the rule on a higher one` });
    const resolved = resolve(rule.query, `${pointer}/query`);
    if (resolved) {
      rules.push({ identifier, title: typeof rule.title === 'string' ? rule.title : identifier, description: typeof rule.description === 'string' ? rule.description : null, level, query: resolved.group });
      conditions.push(resolved.condition);
    }
  });
  if (issues.length > 0) throw new PorticoError('VALIDATION_FAILED', `Invalid scorecard: ${issues[0]?.path} ${issues[0]?.message}`, issues);

  const scorecard: Scorecard = {
    identifier: String(input.identifier),
    blueprint: blueprint.identifier,
    title: typeof input.title === 'string' ? input.title : String(input.identifier),
    description: typeof input.description === 'string' ? input.description : null,
    filter: filter?.group ?? null,
    levels,
    rules,
  };
  const all = [...conditions, ...(filter ? [filter.condition] : [])];
  const relationHops = Math.max(0, ...all.map(hopsRead));
  return { scorecard, filter: filter?.condition ?? null, conditions, readsRelations: relationHops > 0, relationHops };
}

/** Port's `{ combinator, conditions }` (nested too) as the query language's `{ combinator, rules }`. */
function toRuleGroup(raw: unknown, pointer: string, issues: ErrorDetail[]): RuleGroup | null {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    issues.push({ path: pointer, message: 'must be a query group ({ combinator, rules } or Port\'s { combinator, conditions })' });
    return null;
  }
  const group = raw as Json;
  const items = Array.isArray(group.rules) ? group.rules : Array.isArray(group.conditions) ? group.conditions : null;
  const key = Array.isArray(group.rules) ? 'rules' : 'conditions';
  if (!items) {
    issues.push({ path: pointer, message: 'needs "rules" (or Port\'s "conditions")' });
    return null;
  }
  let ok = true;
  const rules = items.map((item: unknown, index: number) => {
    const at = `${pointer}/${key}/${index}`;
    if (item && typeof item === 'object' && 'combinator' in item) {
      const nested = toRuleGroup(item, at, issues);
      if (!nested) ok = false;
      return nested;
    }
    const operator = (item as Json | null)?.operator;
    if (typeof operator === 'string' && UNTRANSLATABLE[operator]) {
      issues.push({ path: `${at}/operator`, message: `Port's "${operator}" ${UNTRANSLATABLE[operator]}` });
      ok = false;
    } else if (typeof operator === 'string' && operator !== 'relatedTo' && !(PROPERTY_OPERATORS as readonly string[]).includes(operator)) {
      issues.push({ path: `${at}/operator`, message: `"${operator}" is not an operator (${PROPERTY_OPERATORS.join(', ')}, relatedTo)` });
      ok = false;
    }
    return item;
  });
  return ok ? { combinator: group.combinator as 'and' | 'or', rules: rules as RuleGroup['rules'] } : null;
}

/** Query errors name `/rules/…`; a Port document spells those `/conditions/…`. */
function toPortPath(raw: unknown, pointer: string, path: string): string {
  if (!raw || typeof raw !== 'object' || !Array.isArray((raw as Json).conditions) || !path.startsWith(pointer)) return path;
  return pointer + path.slice(pointer.length).replace(/\/rules\/(\d+)/g, '/conditions/$1');
}

/** How far through relations a condition reads: a relation value is one hop, `relatedTo` its maxHops. */
function hopsRead(condition: Condition): number {
  if (condition.kind === 'group') return Math.max(0, ...condition.conditions.map(hopsRead));
  if (condition.kind === 'relatedTo') return condition.maxHops;
  // A relation condition (`owner = payments`, `system isNotEmpty`) reads the entity's own edges,
  // which change only when the entity itself is written: a neighbour's change cannot move it.
  return 0;
}
