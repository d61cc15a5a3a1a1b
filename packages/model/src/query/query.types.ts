/** Comparison operators of the catalog's query language (Port's set). */
export const PROPERTY_OPERATORS = [
  '=', '!=', '<', '<=', '>', '>=', 'in', 'notIn', 'contains', 'containsAny',
  'beginsWith', 'endsWith', 'isEmpty', 'isNotEmpty', 'between',
] as const;
export type PropertyOperator = (typeof PROPERTY_OPERATORS)[number];

/** Meta-properties every entity has, addressed with a leading `$`. */
export const META_PROPERTIES = ['$identifier', '$title', '$blueprint', '$team', '$icon', '$createdAt', '$updatedAt', '$createdBy', '$updatedBy'] as const;
export type MetaProperty = (typeof META_PROPERTIES)[number];

export interface PropertyRule {
  /** A property name, a meta-property (`$title`), a relation name, or a path into an object property. */
  property: string | string[];
  operator: PropertyOperator;
  value?: unknown;
}

/**
 * Entities related to the given ones. `upstream`: entities the given ones point at through their
 * relations (their owner, system, dependencies); `downstream`: entities that point at them.
 */
export interface RelatedToRule {
  operator: 'relatedTo';
  blueprint: string;
  identifier?: string;
  identifiers?: string[];
  /** Port's spelling of `identifier(s)`. */
  value?: string | string[];
  direction?: 'upstream' | 'downstream';
  maxHops?: number;
  /** Only follow this relation. */
  relation?: string;
}

export interface RuleGroup {
  combinator: 'and' | 'or';
  rules: QueryRule[];
}

export type QueryRule = PropertyRule | RelatedToRule | RuleGroup;

export interface SortKey {
  property: string;
  order?: 'asc' | 'desc';
}

export interface EntitySearchRequest {
  query?: RuleGroup;
  sort?: SortKey[];
  limit?: number;
  cursor?: string;
  include?: string[];
  exclude?: string[];
  /** Also count every match (`total`); costs a count query, cached until the next write. */
  count?: boolean;
}

export function isRuleGroup(rule: QueryRule): rule is RuleGroup {
  return 'combinator' in rule;
}

export function isRelatedToRule(rule: QueryRule): rule is RelatedToRule {
  return !('combinator' in rule) && rule.operator === 'relatedTo';
}
