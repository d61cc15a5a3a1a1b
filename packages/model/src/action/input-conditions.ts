/**
 * Fields of an action's form that show, hide or wait for other fields. Pure and free of
 * dependencies: the browser's form and the server's validation run this same code, so what the
 * form hid is what the server ignores.
 *
 * - `visible`: `false` (a hidden constant: always its `default`), or a condition over other inputs,
 *   e.g. `{ combinator: 'and', rules: [{ input: 'language', operator: '=', value: 'python' }] }`.
 * - `dependsOn`: input names that must have a value before this field can be filled (Port's
 *   `dependsOn`); an entity picker's `dataset` may use their values: `{ value: { input: 'cluster' } }`.
 */

export const INPUT_CONDITION_OPERATORS = ['=', '!=', '<', '<=', '>', '>=', 'in', 'notIn', 'contains', 'isEmpty', 'isNotEmpty'] as const;
export type InputConditionOperator = (typeof INPUT_CONDITION_OPERATORS)[number];

export interface InputRule { input: string; operator: InputConditionOperator; value?: unknown }
export interface InputRuleGroup { combinator: 'and' | 'or'; rules: (InputRule | InputRuleGroup)[] }
export type InputVisibility = boolean | InputRuleGroup;

type Json = Record<string, unknown>;
type Fields = Record<string, Record<string, unknown>>;
/** The part of an action's form these functions read (ActionInputs, without importing the model's types). */
interface FormShape { properties: Fields; conditionals?: Json; steps?: { conditionals?: Json }[] }
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
export const isInputRuleGroup = (v: unknown): v is InputRuleGroup => isObject(v) && (v.combinator === 'and' || v.combinator === 'or') && Array.isArray(v.rules);

/** Empty: not given, null, '', [], {} — or false, so "show when this box is ticked" reads naturally. */
export function isEmptyInput(value: unknown): boolean {
  return value === undefined || value === null || value === '' || value === false
    || (Array.isArray(value) && value.length === 0) || (isObject(value) && Object.keys(value).length === 0);
}

const same = (a: unknown, b: unknown) => (typeof a === 'string' && typeof b === 'string' ? a === b : JSON.stringify(a) === JSON.stringify(b));

function compare(a: unknown, b: unknown): number | null {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return null;
}

function evaluateRule(rule: InputRule, inputs: Json): boolean {
  const value = inputs[rule.input];
  const order = compare(value, rule.value);
  switch (rule.operator) {
    case '=': return Array.isArray(value) ? value.some((v) => same(v, rule.value)) : same(value, rule.value);
    case '!=': return !(Array.isArray(value) ? value.some((v) => same(v, rule.value)) : same(value, rule.value));
    case '<': return order !== null && order < 0;
    case '<=': return order !== null && order <= 0;
    case '>': return order !== null && order > 0;
    case '>=': return order !== null && order >= 0;
    case 'in': return Array.isArray(rule.value) && rule.value.some((v) => same(v, value));
    case 'notIn': return !(Array.isArray(rule.value) && rule.value.some((v) => same(v, value)));
    case 'contains': return Array.isArray(value) ? value.some((v) => same(v, rule.value)) : typeof value === 'string' && value.includes(String(rule.value));
    case 'isEmpty': return isEmptyInput(value);
    case 'isNotEmpty': return !isEmptyInput(value);
    default: return false;
  }
}

/** Whether a condition holds for the inputs given so far. */
export function evaluateInputCondition(condition: InputVisibility, inputs: Json): boolean {
  if (typeof condition === 'boolean') return condition;
  const results = condition.rules.map((rule) => {
    if (!isObject(rule)) return false;
    return 'combinator' in rule ? evaluateInputCondition(rule as InputRuleGroup, inputs) : evaluateRule(rule as InputRule, inputs);
  });
  return condition.combinator === 'and' ? results.every(Boolean) : results.some(Boolean);
}

/** The inputs a condition reads. */
export function conditionInputs(condition: InputVisibility): string[] {
  if (!isObject(condition) || !Array.isArray(condition.rules)) return [];
  // Read before the condition is checked, so it tolerates what a client may have sent.
  return (condition.rules as unknown[]).flatMap((rule) => (!isObject(rule) ? [] : 'combinator' in rule ? conditionInputs(rule as unknown as InputRuleGroup) : typeof rule.input === 'string' ? [rule.input] : []));
}

export const dependsOnOf = (schema: Json): string[] => (Array.isArray(schema.dependsOn) ? schema.dependsOn.map(String) : []);

export interface InputStates {
  /** Fields not shown: their condition is false (or they are hidden constants). */
  hidden: Set<string>;
  /** Fields shown but waiting for the inputs named in their `dependsOn` (or read by their `dataset`). */
  waiting: Map<string, string[]>;
  /** The inputs with hidden fields' values removed and hidden constants set to their default. */
  inputs: Json;
}

/**
 * Works out which fields show for the inputs given. A hidden field counts as empty for the
 * conditions of others, so hiding cascades; it settles within as many rounds as there are fields
 * (conditions cannot form a cycle: that is refused when the action is saved).
 */
export function inputStates(fields: Fields, given: Json, me: FormCaller = { user: null, teams: [] }): InputStates {
  let inputs: Json = { ...given };
  let hidden = new Set<string>();
  for (let round = 0; round <= Object.keys(fields).length; round++) {
    const next = new Set<string>();
    for (const [name, schema] of Object.entries(fields)) {
      const visible = schema.visible;
      if (visible === false || (isInputRuleGroup(visible) && !evaluateInputCondition(visible, inputs))) next.add(name);
    }
    const settled = next.size === hidden.size && [...next].every((n) => hidden.has(n));
    hidden = next;
    inputs = Object.fromEntries(Object.entries(given).filter(([name]) => !hidden.has(name)));
    if (settled) break;
  }
  for (const [name, schema] of Object.entries(fields)) {
    if (schema.visible !== false || schema.default === undefined) continue;
    const caller = callerDefault(schema);
    const value = caller ? callerValue(caller, me) : structuredClone(schema.default);
    if (value !== null && value !== undefined) inputs[name] = value;
  }
  const waiting = new Map<string, string[]>();
  for (const [name, schema] of Object.entries(fields)) {
    if (hidden.has(name)) continue;
    // A picker filtered by another field's value waits for that field, as if it named it in dependsOn.
    const needs = [...new Set([...dependsOnOf(schema), ...datasetInputs(schema.dataset)])];
    const missing = needs.filter((d) => isEmptyInput(inputs[d]));
    if (missing.length > 0) waiting.set(name, missing);
  }
  return { hidden, waiting, inputs };
}

/** Who fills in the form, for dataset values `{ me: 'user' | 'teams' | 'email' }` ("a cluster of my team"). */
export interface FormCaller { user: string | null; teams: readonly string[]; email?: string | null }
export const CALLER_FIELDS = ['user', 'teams', 'team', 'email'] as const;

/** The caller's value a `{ me }` reference names: their user, their teams, their first team, their email. */
export function callerValue(field: string, me: FormCaller): unknown {
  switch (field) {
    case 'teams': return [...me.teams];
    case 'team': return me.teams[0] ?? null;
    case 'user': return me.user;
    case 'email': return me.email ?? null;
    default: return null;
  }
}

/** A default that reads the caller (`{ me: 'email' }`: "prefilled with my email"), or null for a plain default. */
export function callerDefault(schema: Json): string | null {
  const value = schema.default;
  return isObject(value) && Object.keys(value).length === 1 && typeof value.me === 'string' ? value.me : null;
}

/** The fields' defaults that read the caller, filled in where the inputs leave them out. */
export function applyCallerDefaults(fields: Fields, inputs: Json, me: FormCaller): Json {
  const out = { ...inputs };
  for (const [name, schema] of Object.entries(fields)) {
    const field = callerDefault(schema);
    if (!field || out[name] !== undefined) continue;
    const value = callerValue(field, me);
    if (value !== null && value !== undefined && !(Array.isArray(value) && value.length === 0)) out[name] = value;
  }
  return out;
}

/**
 * An entity picker's dataset with its references filled in: `{ input: name }` by that input's
 * value, `{ me: 'teams' }` (or `user`, `email`) by the caller's.
 */
export function resolveDataset<T>(dataset: T, inputs: Json, me: FormCaller = { user: null, teams: [] }): T {
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (!isObject(node)) return node;
    if ('operator' in node && isObject(node.value) && Object.keys(node.value).length === 1) {
      if (typeof node.value.input === 'string') return { ...node, value: inputs[node.value.input] ?? null };
      if (typeof node.value.me === 'string') return { ...node, value: callerValue(node.value.me, me) };
    }
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v)]));
  };
  return walk(dataset) as T;
}

/** The inputs a dataset reads through `{ input: name }` values. */
export function datasetInputs(dataset: unknown): string[] {
  if (Array.isArray(dataset)) return dataset.flatMap(datasetInputs);
  if (!isObject(dataset)) return [];
  if ('operator' in dataset && isObject(dataset.value) && typeof dataset.value.input === 'string') return [dataset.value.input];
  return Object.values(dataset).flatMap(datasetInputs);
}

/** The JSON Schema keywords that make fields conditional at the level of a form (page). */
export const CONDITIONAL_KEYWORDS = ['dependencies', 'if', 'then', 'else', 'allOf', 'anyOf', 'oneOf'] as const;

/** The conditional keywords written among an object's own keys (a Backstage page, a form). */
export function pickConditionals(source: Json): Json | undefined {
  const picked = Object.fromEntries(CONDITIONAL_KEYWORDS.filter((k) => source[k] !== undefined).map((k) => [k, source[k]]));
  return Object.keys(picked).length > 0 ? picked : undefined;
}

/** The form's JSON Schema conditionals, the form's own and every page's. */
export function allConditionals(inputs: FormShape): Json[] {
  return [inputs.conditionals, ...(inputs.steps ?? []).map((s) => s.conditionals)].filter((c): c is Json => isObject(c));
}

/** All of them as one fragment (the whole form on one page): the only one, or `allOf` them. */
export function mergedConditionals(inputs: FormShape): Json | undefined {
  const parts = allConditionals(inputs);
  return parts.length <= 1 ? parts[0] : { allOf: parts };
}

/** The conditionals with every field schema in them passed through `map` (the controlling fields too). */
export function mapConditionalFields<T>(fragment: T, map: (name: string, schema: Json, pointer: string) => Json, pointer = ''): T {
  const walk = (node: unknown, at: string): unknown => {
    if (Array.isArray(node)) return node.map((item, i) => walk(item, `${at}/${i}`));
    if (!isObject(node)) return node;
    const out: Json = { ...node };
    if (isObject(node.properties)) {
      out.properties = Object.fromEntries(Object.entries(node.properties).map(([name, schema]) => [name, isObject(schema) ? map(name, schema, `${at}/properties/${name}`) : schema]));
    }
    for (const key of CONDITIONAL_KEYWORDS) {
      if (key === 'dependencies' || node[key] === undefined) continue;
      out[key] = walk(node[key], `${at}/${key}`);
    }
    if (isObject(node.dependencies)) {
      out.dependencies = Object.fromEntries(Object.entries(node.dependencies).map(([name, dep]) => [name, Array.isArray(dep) ? dep : walk(dep, `${at}/dependencies/${name}`)]));
    }
    return out;
  };
  return walk(fragment, pointer) as T;
}

/** Names of the fields that JSON Schema conditionals add (Backstage's `dependencies`, `if`/`then`/`else`, `oneOf`…), with their schemas. */
export function conditionalFields(fragment: unknown, known: Fields = {}): Fields {
  const found: Fields = {};
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!isObject(node)) return;
    if (isObject(node.properties)) {
      for (const [name, schema] of Object.entries(node.properties)) {
        if (isObject(schema) && !(name in known) && !(name in found)) found[name] = schema;
      }
    }
    for (const key of CONDITIONAL_KEYWORDS) if (key !== 'dependencies') walk(node[key]);
    // `dependencies: { name: [other names] | schema }`: only the schemas add fields.
    if (isObject(node.dependencies)) Object.values(node.dependencies).forEach(walk);
  };
  walk(fragment);
  return found;
}

/** Every field of an action's form: its properties and those its JSON Schema conditionals add. */
export function inputFields(inputs: FormShape): Fields {
  const fields: Fields = { ...inputs.properties, ...conditionalFields(inputs.conditionals, inputs.properties) };
  for (const step of inputs.steps ?? []) Object.assign(fields, conditionalFields(step.conditionals, fields));
  return fields;
}
