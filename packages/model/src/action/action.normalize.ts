import { ROLES } from '../access/access.types.ts';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { createAjv, ajvErrorsToDetails } from '../ajv.ts';
import { NAME_PATTERN } from '../blueprint/blueprint.schema.ts';
import { type ErrorDetail, PorticoError, assertNoIssues, pointerSegment, toPointer } from '../errors.ts';
import type { RuleGroup } from '../query/query.types.ts';
import { actionFromTemplate } from './backstage-template.ts';
import { ACTION_OPERATIONS, type Action, type ActionApproval, type ActionInputs, type ActionInvoker, type ActionOperation } from './action.types.ts';
import {
  CALLER_FIELDS, type FormCaller, INPUT_CONDITION_OPERATORS, type InputRuleGroup, type InputVisibility, allConditionals, applyCallerDefaults, callerDefault,
  conditionInputs, datasetInputs, dependsOnOf, inputFields, inputStates, isInputRuleGroup, mapConditionalFields, pickConditionals,
} from './input-conditions.ts';
import { translateJqCondition, translateJqValueReference } from './jq-condition.ts';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Input formats of Portico (and Port) beyond JSON Schema's own. */
export const INPUT_FORMATS = ['entity', 'user', 'team', 'secret', 'yaml', 'multi-line', 'markdown', 'date-time', 'date', 'email', 'url', 'ipv4', 'ipv6', 'timer', 'json'];

const inputsAjv = createAjv();
for (const format of ['entity', 'secret', 'multi-line', 'json']) inputsAjv.addFormat(format, true);

/** What was set aside while reading an action: Port features Portico does not carry over, named by pointer. */
export interface NormalizedAction {
  action: Action;
  warnings: ErrorDetail[];
}

/**
 * Reads an action in Portico's shape or in Port's (`trigger`, `invocationMethod`,
 * `requiredApproval`), checks it on its own, and says what could not be carried over.
 * @throws PorticoError VALIDATION_FAILED naming each problem by JSON pointer.
 */
export function normalizeAction(input: unknown): NormalizedAction {
  if (!isObject(input)) throw new PorticoError('VALIDATION_FAILED', 'An action must be a JSON object', [{ path: '', message: 'must be an object' }]);
  // A Backstage software template (kind Template) is a CREATE action run by the scaffolder.
  if (input.kind === 'Template' && String(input.apiVersion ?? '').startsWith('scaffolder.backstage.io/')) {
    const location = typeof input.location === 'string' ? input.location : '';
    const { location: _l, ...template } = input;
    const mapped = actionFromTemplate(template, location);
    const normalized = normalizeAction({ ...mapped.action, invoker: { type: 'SCAFFOLDER', template: { ...template, location } } });
    if (!location) mapped.warnings.push({ path: '/location', message: 'is missing: steps that fetch "./…" paths will fail; give the folder or git URL the template was read from' });
    return { action: normalized.action, warnings: [...mapped.warnings, ...normalized.warnings] };
  }
  const issues: ErrorDetail[] = [];
  const warnings: ErrorDetail[] = [];
  const port = isObject(input.trigger) || isObject(input.invocationMethod);
  const trigger = port && isObject(input.trigger) ? input.trigger : input;
  const at = (...segments: string[]) => (port && ['operation', 'blueprintIdentifier', 'userInputs', 'condition'].includes(segments[0] ?? '') ? toPointer('trigger', ...segments) : toPointer(...segments));

  const identifier = typeof input.identifier === 'string' ? input.identifier : '';
  if (!new RegExp(NAME_PATTERN).test(identifier)) issues.push({ path: '/identifier', message: 'must be 1–100 letters, digits, _ . - (not starting with . or -)' });
  const title = typeof input.title === 'string' && input.title.trim() ? input.title.trim() : identifier;
  const operation = String(trigger.operation ?? 'CREATE').toUpperCase().replace('DAY_2', 'DAY-2') as ActionOperation;
  if (!(ACTION_OPERATIONS as readonly string[]).includes(operation)) issues.push({ path: at('operation'), message: `must be one of ${ACTION_OPERATIONS.join(', ')}` });
  const blueprintValue = port ? trigger.blueprintIdentifier : input.blueprint;
  const blueprint = typeof blueprintValue === 'string' && blueprintValue ? blueprintValue : null;
  // Port's integrations install some DAY-2 actions without a blueprint; they are offered in the hub only.
  if (!blueprint && operation !== 'CREATE') {
    if (port) warnings.push({ path: at('blueprintIdentifier'), message: `is missing: this ${operation} action is offered in the self-service hub, not on entity pages` });
    else issues.push({ path: '/blueprint', message: `is required for ${operation} actions (the entities they act on)` });
  }

  const userInputs = readInputs(trigger.userInputs, at('userInputs'), issues, warnings);
  const condition = readCondition(trigger.condition, at('condition'), issues);
  const invoker = readInvoker(port ? input.invocationMethod : input.invoker, port ? '/invocationMethod' : '/invoker', issues, warnings);
  const approval = readApproval(port ? input.requiredApproval : input.approval, port ? '/requiredApproval' : '/approval', issues);
  const execute = readExecute(input.execute, issues, '/execute');
  const visibleTo = input.visibleTo === undefined || input.visibleTo === null ? null : readExecute(input.visibleTo, issues, '/visibleTo');
  const timeoutMinutes = typeof input.timeoutMinutes === 'number' ? input.timeoutMinutes : 60;
  if (!(timeoutMinutes > 0 && timeoutMinutes <= 7 * 24 * 60)) issues.push({ path: '/timeoutMinutes', message: 'must be between 1 minute and 7 days' });
  if (port && input.approvalNotification !== undefined) warnings.push({ path: '/approvalNotification', message: 'approvers are notified in the portal and by the approval webhook; Port\'s notification settings are not carried over' });
  assertNoIssues(issues, 'Invalid action');
  return {
    action: {
      identifier, title,
      icon: typeof input.icon === 'string' ? input.icon : null,
      description: typeof input.description === 'string' ? input.description : null,
      blueprint, operation, userInputs, condition, invoker: invoker as ActionInvoker, approval, execute, visibleTo, timeoutMinutes,
    },
    warnings,
  };
}

function readInputs(raw: unknown, pointer: string, issues: ErrorDetail[], warnings: ErrorDetail[]): ActionInputs {
  if (raw === undefined) return { properties: {}, required: [] };
  if (!isObject(raw)) {
    issues.push({ path: pointer, message: 'must be an object with properties' });
    return { properties: {}, required: [] };
  }
  const properties: Record<string, Json> = {};
  for (const [name, schema] of Object.entries(isObject(raw.properties) ? raw.properties : {})) {
    if (!isObject(schema)) {
      issues.push({ path: `${pointer}/properties/${name}`, message: 'must be a JSON Schema object' });
      continue;
    }
    properties[name] = readField(schema, `${pointer}/properties/${name}`, issues, warnings);
  }
  const required = Array.isArray(raw.required) ? raw.required.filter((r): r is string => typeof r === 'string') : [];
  if (isObject(raw.required)) warnings.push({ path: `${pointer}/required`, message: 'a jq "required" is not evaluated; use a field\'s "visible" condition with required fields instead' });
  // JSON Schema's own conditionals, written at the form's level (or under `conditionals`).
  const conditionals = readConditionals(raw, pointer, issues, warnings);
  required.forEach((name, i) => { if (!(name in properties)) issues.push({ path: `${pointer}/required/${i}`, message: `names "${name}", which is not an input` }); });
  // The order fields were written in, kept explicitly: stored JSON does not keep key order.
  const order = Array.isArray(raw.order) ? raw.order.filter((r): r is string => typeof r === 'string') : Object.keys(properties);
  const steps = Array.isArray(raw.steps) ? (raw.steps as Json[]).map((s, i) => {
    const stepOrder = Array.isArray(s.order) ? (s.order as unknown[]).map(String) : [];
    const stepConditionals = readConditionals(isObject(s.conditionals) ? s.conditionals : {}, `${pointer}/steps/${i}/conditionals`, issues, warnings);
    return { title: String(s.title ?? `Step ${i + 1}`), order: stepOrder, ...(stepConditionals ? { conditionals: stepConditionals } : {}) };
  }) : undefined;
  // A step may place the fields its own or an earlier page's conditionals add.
  steps?.forEach((step, i) => {
    const known = inputFields({ properties, ...(conditionals ? { conditionals } : {}), steps: steps.slice(0, i + 1) });
    step.order.forEach((name, j) => { if (!(name in known)) issues.push({ path: `${pointer}/steps/${i}/order/${j}`, message: `names "${name}", which is not an input` }); });
  });
  const allFields = inputFields({ properties, ...(conditionals ? { conditionals } : {}), ...(steps ? { steps } : {}) });
  if (steps && conditionals) issues.push({ path: `${pointer}/conditionals`, message: 'with steps, put conditionals on the step whose fields they show (steps/<n>/conditionals)' });
  checkFieldReferences(allFields, pointer, issues);
  for (const [at, fragment] of [[`${pointer}/conditionals`, conditionals], ...(steps ?? []).map((s, i) => [`${pointer}/steps/${i}/conditionals`, s.conditionals] as const)] as const) {
    if (!fragment) continue;
    try {
      inputsAjv.compile({ type: 'object', ...fragment });
    } catch (error) {
      issues.push({ path: at, message: `is not valid JSON Schema (${(error as Error).message})` });
    }
  }
  return { properties, required, order, ...(steps ? { steps } : {}), ...(conditionals ? { conditionals } : {}) };
}

/** One field: Port's spellings (encryption, jq visibility and dataset values) read as Portico's. */
function readField(schema: Json, pointer: string, issues: ErrorDetail[], warnings: ErrorDetail[]): Json {
  const { encryption, ...rest } = schema;
  // Port marks secrets with `encryption`; Portico with `format: secret`.
  const field: Json = encryption ? { ...rest, format: 'secret' } : { ...rest };
  if (field.visible !== undefined) {
    const visible = readVisible(field.visible, `${pointer}/visible`, issues, warnings);
    if (visible === undefined) delete field.visible;
    else field.visible = visible;
  }
  if (field.dependsOn !== undefined && !(Array.isArray(field.dependsOn) && field.dependsOn.every((d) => typeof d === 'string'))) {
    issues.push({ path: `${pointer}/dependsOn`, message: 'must be a list of input names' });
  }
  if (isObject(field.dataset)) field.dataset = readDatasetValues(field.dataset, `${pointer}/dataset`, issues, warnings);
  if (isObject(field.default)) readCallerDefault(field, `${pointer}/default`, issues, warnings);
  if (field.format === 'entity' && typeof field.blueprint !== 'string') issues.push({ path: `${pointer}/blueprint`, message: 'an entity picker names the blueprint to pick from' });
  try {
    const { visible: _v, dependsOn: _d, ...plain } = field;
    inputsAjv.compile(plain);
  } catch (error) {
    issues.push({ path: pointer, message: `is not a valid JSON Schema (${(error as Error).message})` });
  }
  return field;
}

/** `visible`: a boolean, Portico's condition, or Port's `{ jqQuery }` (translated when it compares form fields). */
function readVisible(raw: unknown, pointer: string, issues: ErrorDetail[], warnings: ErrorDetail[]): InputVisibility | undefined {
  if (typeof raw === 'boolean') return raw;
  if (isObject(raw) && typeof raw.jqQuery === 'string') {
    const translated = translateJqCondition(raw.jqQuery);
    if ('condition' in translated) return translated.condition;
    warnings.push({ path: `${pointer}/jqQuery`, message: `${translated.error}; the field is always shown` });
    return undefined;
  }
  if (isInputRuleGroup(raw)) {
    const check = (group: InputRuleGroup, at: string) => group.rules.forEach((rule, i) => {
      if (isInputRuleGroup(rule)) return check(rule, `${at}/rules/${i}`);
      const r = rule as unknown as Json;
      if (!isObject(r) || typeof r.input !== 'string') issues.push({ path: `${at}/rules/${i}/input`, message: 'must name an input' });
      else if (!(INPUT_CONDITION_OPERATORS as readonly string[]).includes(String(r.operator))) issues.push({ path: `${at}/rules/${i}/operator`, message: `must be one of ${INPUT_CONDITION_OPERATORS.join(', ')}` });
      else if ((r.operator === 'in' || r.operator === 'notIn') && !Array.isArray(r.value)) issues.push({ path: `${at}/rules/${i}/value`, message: `must be a list for ${String(r.operator)}` });
    });
    check(raw, pointer);
    return raw;
  }
  issues.push({ path: pointer, message: 'must be true, false, a condition { combinator, rules: [{ input, operator, value }] } or Port\'s { jqQuery }' });
  return undefined;
}

/** Port's dataset values `{ jqQuery: ".form.x" }` become `{ input: "x" }` (`.user.teams` → `{ me: "teams" }`); unknown `me` fields are named. */
function readDatasetValues(dataset: Json, pointer: string, issues: ErrorDetail[], warnings: ErrorDetail[]): Json {
  const walk = (node: unknown, at: string): unknown => {
    if (Array.isArray(node)) return node.map((n, i) => walk(n, `${at}/${i}`));
    if (!isObject(node)) return node;
    if (isObject(node.value) && node.value.me !== undefined && !(CALLER_FIELDS as readonly unknown[]).includes(node.value.me)) {
      issues.push({ path: `${at}/value/me`, message: `must be one of ${CALLER_FIELDS.join(', ')}` });
      return node;
    }
    if (isObject(node.value) && typeof node.value.jqQuery === 'string') {
      const reference = translateJqValueReference(node.value.jqQuery);
      if (reference) return { ...node, value: reference };
      warnings.push({ path: `${at}/value/jqQuery`, message: 'only a form field (.form.<input>) or the caller\'s teams or email (.user.teams, .user.email) are read from jq here; the rule compares with nothing and matches no entity' });
      return { ...node, value: null };
    }
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v, `${at}/${k}`)]));
  };
  return walk(dataset, pointer) as Json;
}

/**
 * A default that reads the caller: Portico's `{ me: 'email' }` or Port's `{ jqQuery: '.user.email' }`.
 * Other jq defaults cannot be evaluated: named, and the field starts empty.
 */
function readCallerDefault(field: Json, pointer: string, issues: ErrorDetail[], warnings: ErrorDetail[]): void {
  const value = field.default as Json;
  if (typeof value.jqQuery === 'string') {
    const reference = translateJqValueReference(value.jqQuery);
    if (reference && 'me' in reference) field.default = reference;
    else {
      warnings.push({ path: `${pointer}/jqQuery`, message: 'only the caller\'s teams or email (.user.teams, .user.email) are read from jq for a default; the field starts empty' });
      delete field.default;
    }
  } else if (value.me !== undefined && Object.keys(value).length === 1 && !(CALLER_FIELDS as readonly unknown[]).includes(value.me)) {
    issues.push({ path: `${pointer}/me`, message: `must be one of ${CALLER_FIELDS.join(', ')}` });
  }
}

/** JSON Schema conditionals, from `conditionals` or written among the form's own keys (as Backstage pages do). */
function readConditionals(raw: Json, pointer: string, issues: ErrorDetail[], warnings: ErrorDetail[]): Json | undefined {
  const source = isObject(raw.conditionals) ? raw.conditionals : raw;
  const base = isObject(raw.conditionals) ? `${pointer}/conditionals` : pointer;
  const picked = pickConditionals(source);
  return picked && mapConditionalFields(picked, (_name, schema, at) => readField(schema, `${base}${at}`, issues, warnings));
}

/**
 * Conditions, dependencies and datasets name inputs that exist, and not in a circle (a field
 * shown when another is, which is shown when the first is, would never settle).
 */
function checkFieldReferences(fields: Record<string, Json>, pointer: string, issues: ErrorDetail[]): void {
  const edges = new Map<string, string[]>();
  for (const [name, schema] of Object.entries(fields)) {
    const refs: [string, string[]][] = [
      ['visible', schema.visible === undefined ? [] : conditionInputs(schema.visible as InputVisibility)],
      ['dependsOn', dependsOnOf(schema)],
      ['dataset', datasetInputs(schema.dataset)],
    ];
    for (const [key, names] of refs) {
      for (const ref of names) {
        if (ref === name) issues.push({ path: `${pointer}/properties/${name}/${key}`, message: 'names the field itself' });
        else if (!(ref in fields)) issues.push({ path: `${pointer}/properties/${name}/${key}`, message: `names "${ref}", which is not an input` });
      }
    }
    edges.set(name, refs.flatMap(([, names]) => names).filter((ref) => ref !== name && ref in fields));
  }
  const state = new Map<string, 'open' | 'done'>();
  const visit = (name: string, path: string[]): string[] | null => {
    if (state.get(name) === 'done') return null;
    if (state.get(name) === 'open') return [...path.slice(path.indexOf(name)), name];
    state.set(name, 'open');
    for (const next of edges.get(name) ?? []) {
      const cycle = visit(next, [...path, name]);
      if (cycle) return cycle;
    }
    state.set(name, 'done');
    return null;
  };
  for (const name of edges.keys()) {
    const cycle = visit(name, []);
    if (cycle) {
      issues.push({ path: `${pointer}/properties/${cycle[0]}`, message: `fields wait on each other in a circle: ${cycle.join(' → ')}` });
      return;
    }
  }
}

function readCondition(raw: unknown, pointer: string, issues: ErrorDetail[]): RuleGroup | null {
  if (raw === undefined || raw === null) return null;
  // Port: { type: 'SEARCH', combinator, rules }.
  if (isObject(raw) && (raw.combinator === 'and' || raw.combinator === 'or') && Array.isArray(raw.rules)) return { combinator: raw.combinator, rules: raw.rules as RuleGroup['rules'] };
  issues.push({ path: pointer, message: 'must be a query group { combinator, rules }' });
  return null;
}

function readInvoker(raw: unknown, pointer: string, issues: ErrorDetail[], warnings: ErrorDetail[]): ActionInvoker | null {
  if (!isObject(raw)) {
    issues.push({ path: pointer, message: 'is required: a WEBHOOK (url) or a SCAFFOLDER (template)' });
    return null;
  }
  const type = String(raw.type ?? '').toUpperCase();
  if (type === 'WEBHOOK') {
    const url = typeof raw.url === 'string' ? raw.url : '';
    let valid = false;
    try {
      const parsed = new URL(url);
      valid = parsed.protocol === 'https:' || parsed.protocol === 'http:';
    } catch {
      valid = false;
    }
    if (!valid) issues.push({ path: `${pointer}/url`, message: 'must be an http(s) URL' });
    const method = String(raw.method ?? 'POST').toUpperCase();
    if (!['POST', 'PUT', 'PATCH'].includes(method)) issues.push({ path: `${pointer}/method`, message: 'must be POST, PUT or PATCH' });
    if (raw.agent === true) warnings.push({ path: `${pointer}/agent`, message: 'Port\'s execution agent is not used: Portico calls the URL itself' });
    const headers = readHeaders(raw.headers, `${pointer}/headers`, issues, warnings);
    if (raw.body !== undefined) warnings.push({ path: `${pointer}/body`, message: 'a custom body (jq templates) is not carried over: Portico sends its signed run payload' });
    return { type: 'WEBHOOK', url, synchronized: raw.synchronized === true, method: method as 'POST', ...(Object.keys(headers).length > 0 ? { headers } : {}) };
  }
  if (type === 'SCAFFOLDER') {
    if (!isObject(raw.template)) issues.push({ path: `${pointer}/template`, message: 'must be a Backstage template (scaffolder.backstage.io/v1beta3)' });
    return { type: 'SCAFFOLDER', template: isObject(raw.template) ? raw.template : {} };
  }
  const names: Record<string, string> = { GITHUB: 'GitHub workflow', GITLAB: 'GitLab pipeline', AZURE_DEVOPS: 'Azure pipeline', KAFKA: 'Kafka topic', INTEGRATION_ACTION: 'integration action' };
  issues.push({ path: `${pointer}/type`, message: `${names[type] ? `Port's ${names[type]} invocation cannot be mapped` : `"${type}" is not an invoker`}; use WEBHOOK (a CI pipeline's trigger URL works) or SCAFFOLDER` });
  return null;
}

/** Headers Portico sets itself (or HTTP does): an action cannot override them. */
const RESERVED_HEADERS = /^(content-type|content-length|host|user-agent|idempotency-key|x-portico-.*)$/i;

/** A webhook's extra headers; Port's jq-templated ones (`{{ .secrets.x }}`) cannot be evaluated and are named. */
function readHeaders(raw: unknown, pointer: string, issues: ErrorDetail[], warnings: ErrorDetail[]): Record<string, string> {
  if (raw === undefined || raw === null) return {};
  if (!isObject(raw)) {
    issues.push({ path: pointer, message: 'must be an object of header names and values' });
    return {};
  }
  const headers: Record<string, string> = {};
  const templated: string[] = [];
  for (const [name, value] of Object.entries(raw)) {
    const at = `${pointer}/${pointerSegment(name)}`;
    if (typeof value === 'string' && value.includes('{{')) templated.push(name);
    else if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/.test(name)) issues.push({ path: at, message: 'is not a header name' });
    else if (RESERVED_HEADERS.test(name)) issues.push({ path: at, message: 'is set by Portico itself' });
    else if (typeof value !== 'string' || value.length === 0 || value.length > 8192 || /[\r\n]/.test(value)) issues.push({ path: at, message: 'must be a value of one line (up to 8 KiB)' });
    else headers[name] = value;
  }
  if (templated.length > 0) warnings.push({ path: pointer, message: `${templated.join(', ')}: jq templates are not evaluated, so these headers are not sent; give their values (kept encrypted)` });
  return headers;
}

function readApproval(raw: unknown, pointer: string, issues: ErrorDetail[]): ActionApproval | null {
  if (raw === undefined || raw === null || raw === false) return null;
  // Port: `requiredApproval: true` or `{ type: 'ANY' | 'ALL' }`; approvers there are the blueprint's moderators and admins.
  if (raw === true) return { type: 'ANY', users: [], teams: [], roles: ['admin', 'moderator'] };
  if (!isObject(raw)) {
    issues.push({ path: pointer, message: 'must be true or { type, users, teams, roles }' });
    return null;
  }
  const type = String(raw.type ?? 'ANY').toUpperCase();
  if (type !== 'ANY' && type !== 'ALL') issues.push({ path: `${pointer}/type`, message: 'must be ANY or ALL' });
  const list = (key: string) => (Array.isArray(raw[key]) ? (raw[key] as unknown[]).map(String) : []);
  const roles = list('roles');
  roles.forEach((r, i) => { if (!(ROLES as readonly string[]).includes(r)) issues.push({ path: `${pointer}/roles/${i}`, message: `must be one of ${ROLES.join(', ')}` }); });
  const users = list('users');
  const teams = list('teams');
  const approval = { type: type as 'ANY', users, teams, roles: roles as ActionApproval['roles'] };
  if (users.length + teams.length + roles.length === 0) approval.roles = ['admin', 'moderator'];
  return approval;
}

function readExecute(raw: unknown, issues: ErrorDetail[], pointer: string): Action['execute'] {
  if (raw === undefined) return { roles: ['admin', 'moderator', 'member'], users: [], teams: [], ownedByTeam: false };
  if (!isObject(raw)) {
    issues.push({ path: pointer, message: 'must be { roles, users, teams, ownedByTeam }' });
    return { roles: [], users: [], teams: [], ownedByTeam: false };
  }
  const list = (key: string) => (Array.isArray(raw[key]) ? (raw[key] as unknown[]).map(String) : []);
  return { roles: list('roles') as Action['execute']['roles'], users: list('users'), teams: list('teams'), ownedByTeam: raw.ownedByTeam === true };
}

// Ajv keeps every schema it compiled; run forms repeat, so they are compiled once and the cache is bounded.
const compiled = new Map<string, { schema: Json; validate: ValidateFunction }>();
function compiledInputs(schema: Json): ValidateFunction {
  const key = JSON.stringify(schema);
  const hit = compiled.get(key);
  if (hit) {
    compiled.delete(key);
    compiled.set(key, hit);
    return hit.validate;
  }
  const entry = { schema, validate: inputsAjv.compile(schema) };
  compiled.set(key, entry);
  if (compiled.size > 500) {
    const [oldestKey, oldest] = compiled.entries().next().value as [string, { schema: Json }];
    compiled.delete(oldestKey);
    inputsAjv.removeSchema(oldest.schema);
  }
  return entry.validate;
}

/**
 * Checks a run's inputs against the action's form, as the server must (the browser's check is a
 * courtesy): fields hidden by their conditions are dropped (hidden constants take their default),
 * a field waiting on another that is empty is refused, required means required when shown, and
 * JSON Schema conditionals apply. Entity pickers are checked for existence by the server, which has the catalog.
 * @throws PorticoError VALIDATION_FAILED with `/inputs/<field>` pointers.
 */
export function validateRunInputs(action: Action, inputs: unknown, me: FormCaller = { user: null, teams: [] }): Record<string, unknown> {
  if (!isObject(inputs ?? {})) assertNoIssues([{ path: '/inputs', message: 'must be an object' }], 'Invalid inputs');
  const fields = inputFields(action.userInputs);
  // Defaults that read the caller ("my email", "my team") are theirs, filled in before anything is checked.
  const given = applyCallerDefaults(fields, structuredClone(inputs ?? {}) as Json, me);
  const issues: ErrorDetail[] = Object.keys(given).filter((name) => !(name in fields))
    .map((name) => ({ path: `/inputs/${pointerSegment(name)}`, message: 'is not an input of this action' }));
  const states = inputStates(fields, given, me);
  for (const [name, missing] of states.waiting) {
    if (states.inputs[name] !== undefined) issues.push({ path: `/inputs/${pointerSegment(name)}`, message: `depends on ${missing.map((m) => `"${m}"`).join(', ')}, which ${missing.length > 1 ? 'are' : 'is'} empty` });
  }
  // A caller default is not a JSON Schema default (Ajv would insert the reference itself): it was applied above.
  const shown = Object.fromEntries(Object.entries(action.userInputs.properties).filter(([name]) => !states.hidden.has(name))
    .map(([name, schema]) => [name, callerDefault(schema) ? Object.fromEntries(Object.entries(schema).filter(([key]) => key !== 'default')) : schema]));
  // All pages' conditionals at once: the server checks the whole form.
  const conditionals = allConditionals(action.userInputs);
  const schema = {
    type: 'object',
    properties: shown,
    required: action.userInputs.required.filter((name) => !states.hidden.has(name)),
    ...(conditionals.length > 0 ? { allOf: conditionals } : {}),
  };
  const validate = compiledInputs(schema);
  const copy = states.inputs;
  if (!validate(copy)) issues.push(...ajvErrorsToDetails(narrowBranchErrors(validate.errors ?? []), '/inputs'));
  assertNoIssues(issues, 'Invalid inputs');
  return Object.fromEntries(Object.entries(copy).filter(([name]) => name in fields));
}

/**
 * Ajv reports every branch of a `oneOf`/`anyOf` and the `if` that chose a `then`. A person needs
 * the branch their answers chose (the one whose const/enum fields matched) and what it still lacks.
 */
function narrowBranchErrors(errors: ErrorObject[]): ErrorObject[] {
  let kept = errors.filter((e) => e.keyword !== 'if' || errors.length === 1);
  for (const aggregate of errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf')) {
    const prefix = `${aggregate.schemaPath}/`;
    const inside = kept.filter((e) => e.schemaPath.startsWith(prefix));
    const branches = new Map<string, ErrorObject[]>();
    for (const error of inside) {
      const branch = error.schemaPath.slice(prefix.length).split('/')[0] ?? '';
      branches.set(branch, [...(branches.get(branch) ?? []), error]);
    }
    const chosen = [...branches.values()].filter((list) => !list.some((e) => e.keyword === 'const' || e.keyword === 'enum'));
    kept = kept.filter((e) => !e.schemaPath.startsWith(prefix) && e !== aggregate);
    if (chosen.length === 1) kept.push(...(chosen[0] as ErrorObject[]));
    else kept.push({ ...aggregate, message: 'does not fit any of the combinations the form allows' });
  }
  return kept;
}

/** The names of an action's secret inputs (encrypted at rest, redacted everywhere). */
export function secretInputs(action: Action): string[] {
  return Object.entries(inputFields(action.userInputs)).filter(([, s]) => s.format === 'secret').map(([n]) => n);
}
