import { ROLES } from '../access/access.types.ts';
import { createAjv, ajvErrorsToDetails } from '../ajv.ts';
import { NAME_PATTERN } from '../blueprint/blueprint.schema.ts';
import { type ErrorDetail, PorticoError, assertNoIssues, toPointer } from '../errors.ts';
import type { RuleGroup } from '../query/query.types.ts';
import { actionFromTemplate } from './backstage-template.ts';
import { ACTION_OPERATIONS, type Action, type ActionApproval, type ActionInputs, type ActionInvoker, type ActionOperation } from './action.types.ts';

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
    const { visible, dependsOn: _d, encryption, ...rest } = schema;
    if (typeof visible === 'object' && visible !== null) warnings.push({ path: `${pointer}/properties/${name}/visible`, message: 'jq visibility rules are not evaluated; the field is always shown' });
    // Port marks secrets with `encryption`; Portico with `format: secret`.
    const converted: Json = encryption ? { ...rest, format: 'secret' } : { ...rest };
    if (converted.format === 'entity' && typeof converted.blueprint !== 'string') issues.push({ path: `${pointer}/properties/${name}/blueprint`, message: 'an entity picker names the blueprint to pick from' });
    try {
      inputsAjv.compile({ ...converted, ...(converted.format === 'entity' ? { format: 'entity' } : {}) });
    } catch (error) {
      issues.push({ path: `${pointer}/properties/${name}`, message: `is not a valid JSON Schema (${(error as Error).message})` });
    }
    properties[name] = converted;
  }
  const required = Array.isArray(raw.required) ? raw.required.filter((r): r is string => typeof r === 'string') : [];
  required.forEach((name, i) => { if (!(name in properties)) issues.push({ path: `${pointer}/required/${i}`, message: `names "${name}", which is not an input` }); });
  // The order fields were written in, kept explicitly: stored JSON does not keep key order.
  const order = Array.isArray(raw.order) ? raw.order.filter((r): r is string => typeof r === 'string') : Object.keys(properties);
  const steps = Array.isArray(raw.steps) ? (raw.steps as Json[]).map((s, i) => {
    const stepOrder = Array.isArray(s.order) ? (s.order as unknown[]).map(String) : [];
    stepOrder.forEach((name, j) => { if (!(name in properties)) issues.push({ path: `${pointer}/steps/${i}/order/${j}`, message: `names "${name}", which is not an input` }); });
    return { title: String(s.title ?? `Step ${i + 1}`), order: stepOrder };
  }) : undefined;
  return { properties, required, order, ...(steps ? { steps } : {}) };
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
    for (const key of ['headers', 'body']) {
      if (raw[key] !== undefined) warnings.push({ path: `${pointer}/${key}`, message: `custom ${key} (jq templates) are not carried over: Portico sends its signed run payload` });
    }
    return { type: 'WEBHOOK', url, synchronized: raw.synchronized === true, method: method as 'POST' };
  }
  if (type === 'SCAFFOLDER') {
    if (!isObject(raw.template)) issues.push({ path: `${pointer}/template`, message: 'must be a Backstage template (scaffolder.backstage.io/v1beta3)' });
    return { type: 'SCAFFOLDER', template: isObject(raw.template) ? raw.template : {} };
  }
  const names: Record<string, string> = { GITHUB: 'GitHub workflow', GITLAB: 'GitLab pipeline', AZURE_DEVOPS: 'Azure pipeline', KAFKA: 'Kafka topic', INTEGRATION_ACTION: 'integration action' };
  issues.push({ path: `${pointer}/type`, message: `${names[type] ? `Port's ${names[type]} invocation cannot be mapped` : `"${type}" is not an invoker`}; use WEBHOOK (a CI pipeline's trigger URL works) or SCAFFOLDER` });
  return null;
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

/**
 * Checks a run's inputs against the action's form, as the server must (the browser's check is a
 * courtesy). Entity pickers are checked for existence by the server, which has the catalog.
 * @throws PorticoError VALIDATION_FAILED with `/inputs/<field>` pointers.
 */
export function validateRunInputs(action: Action, inputs: unknown): Record<string, unknown> {
  const schema = { type: 'object', properties: action.userInputs.properties, required: action.userInputs.required, additionalProperties: false };
  const validate = inputsAjv.compile(schema);
  const copy = structuredClone(inputs ?? {}) as Json;
  if (!validate(copy)) assertNoIssues(ajvErrorsToDetails(validate.errors, '/inputs'), 'Invalid inputs');
  return copy;
}

/** The names of an action's secret inputs (encrypted at rest, redacted everywhere). */
export function secretInputs(action: Action): string[] {
  return Object.entries(action.userInputs.properties).filter(([, s]) => s.format === 'secret').map(([n]) => n);
}
