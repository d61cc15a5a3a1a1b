import type { Rule, RuleGroup, Scorecard } from '../../api/types.ts';

/** A new scorecard's starting point: Port's default ladder and one rule to fill in. */
export function emptyScorecard(blueprint: string): Scorecard {
  return {
    identifier: '', blueprint, title: '', description: null, filter: null,
    levels: [{ title: 'Basic', color: 'gray' }, { title: 'Bronze', color: 'orange' }, { title: 'Silver', color: 'blue' }, { title: 'Gold', color: 'yellow' }],
    rules: [{ identifier: 'hasTitle', title: 'Has a title', description: null, level: 'Bronze', query: { combinator: 'and', rules: [{ property: '$title', operator: 'isNotEmpty' }] } }],
  };
}

/** Whether a query is flat (rules only, no nested groups): the rule builder edits those; others are edited as JSON. */
export function isFlat(group: RuleGroup): group is { combinator: 'and' | 'or'; rules: Rule[] } {
  return group.rules.every((rule) => !('combinator' in rule));
}

/** What the server is sent: the draft without read-only fields, and without rule rows still being typed. */
export function toRequest(draft: Scorecard): Omit<Scorecard, 'blueprint' | 'updatedAt' | 'updatedBy'> {
  const { blueprint: _b, updatedAt: _u, updatedBy: _ub, ...rest } = draft;
  return {
    ...rest,
    title: rest.title || rest.identifier,
    description: rest.description || null,
    rules: rest.rules.map((rule) => ({ ...rule, title: rule.title || rule.identifier })),
  };
}

/** A draft complete enough to preview: every rule names an identifier and a level. */
export function previewable(draft: Scorecard): boolean {
  return draft.levels.length >= 2 && draft.levels.every((level) => level.title) && draft.rules.every((rule) => rule.identifier && rule.level);
}

type Json = Record<string, unknown>;

/** Port's `{ combinator, conditions }` groups (nested too) as `{ combinator, rules }`. */
function toRuleGroup(group: unknown): RuleGroup {
  const g = (group ?? {}) as Json;
  const items = (Array.isArray(g.rules) ? g.rules : Array.isArray(g.conditions) ? g.conditions : []) as unknown[];
  return {
    combinator: g.combinator === 'or' ? 'or' : 'and',
    rules: items.map((item) => (item && typeof item === 'object' && 'combinator' in item ? toRuleGroup(item) : item as Rule)),
  };
}

/**
 * A scorecard typed or pasted as JSON (Portico's or Port's shape) as a draft the form can show.
 * @throws Error when it is not an object with rules.
 */
export function fromJson(value: unknown): Partial<Scorecard> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('must be a JSON object');
  const raw = value as Json;
  if (!Array.isArray(raw.rules)) throw new Error('needs a "rules" array');
  return {
    ...(raw as Partial<Scorecard>),
    filter: raw.filter ? toRuleGroup(raw.filter) : null,
    rules: (raw.rules as Json[]).map((rule) => ({
      identifier: String(rule.identifier ?? ''), title: String(rule.title ?? ''), description: typeof rule.description === 'string' ? rule.description : null,
      level: String(rule.level ?? ''), query: toRuleGroup(rule.query),
    })),
  };
}
