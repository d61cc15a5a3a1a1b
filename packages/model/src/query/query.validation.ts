import { ajvErrorsToDetails, createAjv } from '../ajv.ts';
import { type ErrorDetail, assertNoIssues } from '../errors.ts';
import type { Blueprint, BlueprintProperty } from '../blueprint/blueprint.types.ts';
import { propertyOf } from '../derived/derived-properties.ts';
import { DATE_PRESETS, type DatePreset } from './date-presets.ts';
import { entitySearchRequestSchema, ruleGroupSchema } from './query.schema.ts';
import {
  META_PROPERTIES, type MetaProperty, type PropertyOperator, type PropertyRule, type QueryRule,
  type RelatedToRule, type RuleGroup, isRelatedToRule, isRuleGroup,
} from './query.types.ts';

const ajv = createAjv();
ajv.addSchema(ruleGroupSchema);
const validateRuleGroupShape = ajv.compile({ $ref: 'RuleGroup' });
const validateSearchShape = ajv.compile(entitySearchRequestSchema);

export type DateRange = { from: string; to: string } | { preset: DatePreset };

/** A query whose names are resolved and whose values are checked: ready to compile to SQL. */
export type Condition =
  | { kind: 'group'; combinator: 'and' | 'or'; conditions: Condition[] }
  | { kind: 'meta'; field: MetaProperty; operator: PropertyOperator; value: unknown }
  | { kind: 'property'; path: string[]; operator: PropertyOperator; value: unknown }
  | { kind: 'relation'; relation: string; operator: PropertyOperator; value: unknown }
  | { kind: 'relatedTo'; blueprint: string; identifiers: string[]; direction: 'upstream' | 'downstream'; maxHops: number; relation: string | null }
  /** An entity's standing on a scorecard: its level (`scorecards.<id>.level`) or one rule's outcome (`scorecards.<id>.rules.<rule>`). */
  | { kind: 'scorecard'; scorecard: string; rule: string | null; operator: PropertyOperator; value: unknown };

/** What a query is checked against: the blueprints it may match (all, when unknown). */
export interface QueryScope {
  blueprints: Blueprint[];
}

const MAX_DEPTH = 8;
const LIST_OPERATORS: readonly PropertyOperator[] = ['in', 'notIn', 'containsAny'];
const ORDER_OPERATORS: readonly PropertyOperator[] = ['<', '<=', '>', '>='];
const DATE_FORMATS = ['date-time', 'timer', 'date'];

/**
 * Checks the shape of a search request (`POST /api/v1/entities/search`).
 * @throws PorticoError VALIDATION_FAILED with JSON-pointer details.
 */
export function assertSearchRequestShape(input: unknown): void {
  if (!validateSearchShape(input)) assertNoIssues(ajvErrorsToDetails(validateSearchShape.errors), 'Invalid search request');
}

/**
 * Resolves a rule group against the blueprints in scope: names become properties, relations or
 * meta-properties; values are checked against operators and property types.
 * @param pointer where the group sits in the request body, for error paths.
 * @throws PorticoError VALIDATION_FAILED naming each bad rule by JSON pointer.
 * @example parseQuery({ combinator: 'and', rules: [{ property: 'tier', operator: '=', value: 1 }] }, scope, '/query')
 */
export function parseQuery(input: unknown, scope: QueryScope | null, pointer = '/query'): Condition {
  if (!validateRuleGroupShape(input)) assertNoIssues(ajvErrorsToDetails(validateRuleGroupShape.errors, pointer), 'Invalid query');
  const issues: ErrorDetail[] = [];
  const condition = resolveGroup(input as RuleGroup, scope, pointer, issues, 1);
  assertNoIssues(issues, 'Invalid query');
  return condition;
}

function resolveGroup(group: RuleGroup, scope: QueryScope | null, pointer: string, issues: ErrorDetail[], depth: number): Condition {
  if (depth > MAX_DEPTH) {
    issues.push({ path: pointer, message: `nests deeper than ${MAX_DEPTH} groups` });
    return { kind: 'group', combinator: group.combinator, conditions: [] };
  }
  const conditions = group.rules.map((rule, index) => resolveRule(rule, scope, `${pointer}/rules/${index}`, issues, depth));
  return { kind: 'group', combinator: group.combinator, conditions };
}

function resolveRule(rule: QueryRule, scope: QueryScope | null, pointer: string, issues: ErrorDetail[], depth: number): Condition {
  if (isRuleGroup(rule)) return resolveGroup(rule, scope, pointer, issues, depth + 1);
  if (isRelatedToRule(rule)) return resolveRelatedTo(rule, pointer, issues);
  return resolvePropertyRule(rule, scope, pointer, issues);
}

function resolveRelatedTo(rule: RelatedToRule, pointer: string, issues: ErrorDetail[]): Condition {
  const identifiers = [
    ...(rule.identifier ? [rule.identifier] : []),
    ...(rule.identifiers ?? []),
    ...(rule.value === undefined ? [] : Array.isArray(rule.value) ? rule.value : [rule.value]),
  ];
  if (identifiers.length === 0) issues.push({ path: pointer, message: 'relatedTo needs "identifier", "identifiers" or "value"' });
  return {
    kind: 'relatedTo',
    blueprint: rule.blueprint,
    identifiers,
    direction: rule.direction ?? 'upstream',
    maxHops: rule.maxHops ?? 1,
    relation: rule.relation ?? null,
  };
}

const LEVEL_OPERATORS: readonly PropertyOperator[] = ['=', '!=', 'in', 'notIn', '<', '<=', '>', '>=', 'isEmpty', 'isNotEmpty'];

/**
 * `scorecards.<scorecard>.level` compares level titles (order operators follow the ladder);
 * `scorecards.<scorecard>.rules.<rule>` is "SUCCESS" or "FAILURE" (or true/false).
 */
function resolveScorecard(path: string[], operator: PropertyOperator, value: unknown, pointer: string, issues: ErrorDetail[]): Condition {
  const [, scorecard = '', field, rule] = path;
  const isLevel = path.length === 3 && field === 'level';
  const isRule = path.length === 4 && field === 'rules' && Boolean(rule);
  if (!scorecard || (!isLevel && !isRule)) {
    issues.push({ path: `${pointer}/property`, message: 'must be scorecards.<scorecard>.level or scorecards.<scorecard>.rules.<rule>' });
  } else if (isLevel && !LEVEL_OPERATORS.includes(operator)) {
    issues.push({ path: `${pointer}/operator`, message: `"${operator}" does not apply to a scorecard level; use ${LEVEL_OPERATORS.join(', ')}` });
  } else if (isRule && operator !== '=' && operator !== '!=') {
    issues.push({ path: `${pointer}/operator`, message: 'a rule\'s outcome takes = or !=' });
  } else if (isRule && !['SUCCESS', 'FAILURE', true, false].includes(value as string | boolean)) {
    issues.push({ path: `${pointer}/value`, message: 'must be "SUCCESS" or "FAILURE"' });
  } else if (isLevel && ORDER_OPERATORS.includes(operator) && typeof value !== 'string') {
    issues.push({ path: `${pointer}/value`, message: 'must be a level title' });
  }
  return { kind: 'scorecard', scorecard, rule: isRule ? rule ?? null : null, operator, value };
}

function resolvePropertyRule(rule: PropertyRule, scope: QueryScope | null, pointer: string, issues: ErrorDetail[]): Condition {
  const { operator, value } = rule;
  const valueIssue = checkValueForOperator(operator, value);
  if (valueIssue) issues.push({ path: `${pointer}/value`, message: valueIssue });

  const path = Array.isArray(rule.property) ? rule.property : splitPropertyName(rule.property);
  const head = path[0] ?? '';
  if (head.startsWith('$')) {
    if (!(META_PROPERTIES as readonly string[]).includes(head) || path.length > 1) {
      issues.push({ path: `${pointer}/property`, message: `"${head}" is not a meta-property; use one of ${META_PROPERTIES.join(', ')}` });
    } else {
      const field = head as MetaProperty;
      if (ORDER_OPERATORS.includes(operator) && !['$createdAt', '$updatedAt', '$identifier', '$title'].includes(field)) {
        issues.push({ path: `${pointer}/operator`, message: `"${operator}" does not apply to ${field}` });
      }
      const isDate = field === '$createdAt' || field === '$updatedAt';
      if (isDate && ['=', '!=', '<', '<=', '>', '>='].includes(operator) && (typeof value !== 'string' || Number.isNaN(Date.parse(value)))) {
        issues.push({ path: `${pointer}/value`, message: `must be a date-time string for ${field}` });
      }
      if (isDate && (operator === 'in' || operator === 'notIn' || operator === 'contains' || operator === 'beginsWith' || operator === 'endsWith' || operator === 'containsAny')) {
        issues.push({ path: `${pointer}/operator`, message: `"${operator}" does not apply to ${field}; use a comparison or "between"` });
      }
      if (operator === 'between' && !isDate) {
        issues.push({ path: `${pointer}/operator`, message: `"between" applies to dates, not ${field}` });
      }
    }
    return { kind: 'meta', field: head as MetaProperty, operator, value };
  }

  if (head === 'scorecards') return resolveScorecard(path, operator, value, pointer, issues);
  if (head === 'relations' && path.length === 2) return resolveRelation(path[1] ?? '', operator, value, scope, pointer, issues);
  const propertyPath = head === 'properties' && path.length > 1 ? path.slice(1) : path;
  const name = propertyPath[0] ?? '';
  if (scope && scope.blueprints.length > 0 && propertyPath.length === 1 && !Array.isArray(rule.property)) {
    const isRelation = scope.blueprints.some((b) => name in b.relations) && !scope.blueprints.some((b) => propertyOf(b, name) !== undefined);
    if (isRelation) return resolveRelation(name, operator, value, scope, pointer, issues);
  }
  if (scope && scope.blueprints.length > 0) {
    const declared = scope.blueprints.map((b) => propertyOf(b, name)).filter((p): p is BlueprintProperty => p !== undefined);
    const open = scope.blueprints.some((b) => b.schema.additionalProperties === true);
    if (declared.length === 0 && !open) {
      const names = scope.blueprints.map((b) => b.identifier).join(', ');
      issues.push({ path: `${pointer}/property`, message: `"${name}" is not a property or relation of ${names}` });
    } else if (propertyPath.length === 1) {
      for (const property of declared) {
        const mismatch = checkOperatorForProperty(operator, property);
        if (mismatch) {
          issues.push({ path: `${pointer}/operator`, message: mismatch.replace('{name}', name) });
          break;
        }
      }
    }
  }
  return { kind: 'property', path: propertyPath, operator, value };
}

function resolveRelation(relation: string, operator: PropertyOperator, value: unknown, scope: QueryScope | null, pointer: string, issues: ErrorDetail[]): Condition {
  if (scope && scope.blueprints.length > 0 && !scope.blueprints.some((b) => relation in b.relations)) {
    issues.push({ path: `${pointer}/property`, message: `"${relation}" is not a relation of ${scope.blueprints.map((b) => b.identifier).join(', ')}` });
  }
  if (!['=', '!=', 'in', 'notIn', 'isEmpty', 'isNotEmpty', 'containsAny'].includes(operator)) {
    issues.push({ path: `${pointer}/operator`, message: `"${operator}" does not apply to relation "${relation}"; use =, !=, in, notIn, isEmpty or isNotEmpty` });
  }
  return { kind: 'relation', relation, operator, value };
}

/** `a.b` addresses a nested field only with an explicit `properties.` prefix; plain names are whole. */
function splitPropertyName(name: string): string[] {
  if (name.startsWith('properties.') || name.startsWith('relations.') || name.startsWith('scorecards.')) {
    const dot = name.indexOf('.');
    return [name.slice(0, dot), ...name.slice(dot + 1).split('.')];
  }
  return [name];
}

function checkValueForOperator(operator: PropertyOperator, value: unknown): string | null {
  if (operator === 'isEmpty' || operator === 'isNotEmpty') return null;
  if (value === undefined) return `is required for operator "${operator}"`;
  if (LIST_OPERATORS.includes(operator)) {
    if (!Array.isArray(value)) return `must be an array for operator "${operator}"`;
    if (value.length > 1000) return 'must have at most 1000 items';
    return null;
  }
  if (operator === 'between') {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'must be { "from", "to" } or { "preset" }';
    const range = value as Record<string, unknown>;
    if ('preset' in range) return (DATE_PRESETS as readonly unknown[]).includes(range.preset) ? null : `preset must be one of ${DATE_PRESETS.join(', ')}`;
    if (typeof range.from !== 'string' || Number.isNaN(Date.parse(range.from))) return '"from" must be a date-time';
    if (typeof range.to !== 'string' || Number.isNaN(Date.parse(range.to))) return '"to" must be a date-time';
    return null;
  }
  if (ORDER_OPERATORS.includes(operator)) {
    return typeof value === 'number' || typeof value === 'string' ? null : `must be a number or a date string for operator "${operator}"`;
  }
  if (operator === 'contains' || operator === 'beginsWith' || operator === 'endsWith') {
    if (operator !== 'contains' && typeof value !== 'string') return `must be a string for operator "${operator}"`;
    return typeof value === 'object' && value !== null ? `must be a string, number or boolean for operator "${operator}"` : null;
  }
  return null;
}

function checkOperatorForProperty(operator: PropertyOperator, property: BlueprintProperty): string | null {
  const isDate = property.type === 'string' && DATE_FORMATS.includes(property.format ?? '');
  if (ORDER_OPERATORS.includes(operator) && property.type !== 'number' && !isDate) {
    return `"${operator}" compares numbers and dates, but "{name}" is a ${property.type}${property.format ? ` (${property.format})` : ''}`;
  }
  if (operator === 'between' && !isDate) return `"between" applies to dates, but "{name}" is a ${property.type}`;
  if ((operator === 'beginsWith' || operator === 'endsWith') && property.type !== 'string') {
    return `"${operator}" applies to strings, but "{name}" is a ${property.type}`;
  }
  if (operator === 'containsAny' && property.type !== 'array') return `"containsAny" applies to arrays, but "{name}" is a ${property.type}`;
  if (operator === 'contains' && property.type !== 'array' && property.type !== 'string') {
    return `"contains" applies to strings and arrays, but "{name}" is a ${property.type}`;
  }
  return null;
}
