import type { ActionInputs } from '@portico/model';
import {
  type FormCaller, callerDefault, callerValue, conditionalFields, datasetInputs, inputFields, inputStates, mapConditionalFields, mergedConditionals,
} from '@portico/model/input-conditions';
import type { RJSFSchema, UiSchema } from '@rjsf/utils';

type Inputs = Record<string, unknown>;
type Field = Record<string, unknown>;

const CUSTOM_FORMATS = ['entity', 'user', 'team', 'secret', 'multi-line', 'yaml', 'json', 'markdown'];
const PICKERS = ['entity', 'user', 'team'];

/** One field as react-jsonschema-form reads it: the schema without Portico's keys, and its ui options. */
function toRjsf(field: Field, me: FormCaller): { schema: RJSFSchema; ui: UiSchema } {
  // Backstage templates put ui:widget, ui:options… in the schema; the form reads them from the uiSchema.
  const ui: UiSchema = Object.fromEntries(Object.entries(field).filter(([key]) => key.startsWith('ui:') && key !== 'ui:field'));
  const { format, visible: _v, dependsOn: _d, default: given, ...rest } = Object.fromEntries(Object.entries(field).filter(([key]) => !key.startsWith('ui:'))) as Field & { format?: string };
  // "Prefilled with my email / my team": the caller's value becomes the form's default.
  const caller = callerDefault(field);
  const value = caller ? callerValue(caller, me) : given;
  if (value !== undefined && value !== null) rest.default = value;
  const custom = CUSTOM_FORMATS.includes(String(format));
  const schema = (custom ? { ...rest, ...(PICKERS.includes(String(format)) ? { format } : {}) } : { ...rest, ...(format ? { format } : {}) }) as RJSFSchema;
  if (PICKERS.includes(String(format))) return { schema, ui: { ...ui, 'ui:widget': 'EntityPicker' } };
  if (format === 'secret') return { schema, ui: { ...ui, 'ui:widget': 'password', 'ui:help': 'Encrypted; never shown again or logged' } };
  if (format === 'multi-line' || format === 'yaml' || format === 'json' || format === 'markdown') return { schema, ui: { 'ui:widget': 'textarea', 'ui:options': { rows: 6 }, ...ui } };
  return { schema, ui };
}

/** Fields in the order the form shows them: `order` first, then any it leaves out. */
export function fieldOrder(inputs: ActionInputs): string[] {
  return [...(inputs.order ?? []), ...Object.keys(inputs.properties)].filter((n, i, list) => list.indexOf(n) === i && n in inputs.properties);
}

/** The names a page of the form holds: its fields and those its conditionals may add. */
export function pageFieldNames(inputs: ActionInputs, page: number | null): string[] {
  const step = page === null ? null : inputs.steps?.[page];
  const names = step?.order.length ? step.order : Object.keys(inputs.properties);
  const conditionals = step ? step.conditionals : inputs.conditionals;
  return [...names, ...Object.keys(conditionalFields(conditionals, inputs.properties))];
}

/**
 * A page of the action's form (all of it when `page` is null) as JSON Schema and uiSchema, for the
 * inputs given so far: fields hidden by their conditions are left out (and not required), fields
 * waiting for others are disabled with a hint, the page's JSON Schema conditionals come along.
 */
export function formOf(inputs: ActionInputs, page: number | null, data: Inputs = {}, me: FormCaller = { user: null, teams: [] }): { schema: RJSFSchema; uiSchema: UiSchema } {
  const all = inputs.properties;
  const fields = inputFields(inputs);
  const states = inputStates(fields, data, me);
  const order = fieldOrder(inputs);
  const step = page === null ? null : inputs.steps?.[page];
  const chosen = (step?.order.length ? step.order : order).filter((name) => name in all && !states.hidden.has(name));
  const properties: Record<string, RJSFSchema> = {};
  const uiSchema: UiSchema = { 'ui:order': [...chosen, '*'], 'ui:submitButtonOptions': { norender: true } };
  const place = (name: string, field: Field) => {
    const { schema, ui } = toRjsf(field, me);
    const waiting = states.waiting.get(name);
    const withWait = waiting ? { ...ui, 'ui:disabled': true, 'ui:help': `Fill in ${waiting.map((w) => fields[w]?.title ?? w).join(', ')} first` } : ui;
    if (Object.keys(withWait).length > 0 && !uiSchema[name]) uiSchema[name] = withWait;
    return schema;
  };
  for (const name of chosen) properties[name] = place(name, all[name] as Field);
  const conditionals = step ? step.conditionals : page === null ? mergedConditionals(inputs) : inputs.conditionals;
  const rjsfConditionals = conditionals
    ? mapConditionalFields(conditionals, (name, field) => (name in all ? (field as Field) : (place(name, field) as Field)))
    : {};
  const required = inputs.required.filter((r) => r in properties);
  return { schema: { type: 'object', properties, required, ...rjsfConditionals } as RJSFSchema, uiSchema };
}

/**
 * Inputs after a change: a field that depends on (or is filtered by) one that changed is cleared,
 * as its old value may no longer fit — a namespace of the cluster chosen before.
 */
export function clearDependents(inputs: ActionInputs, before: Inputs, after: Inputs): Inputs {
  const fields = inputFields(inputs);
  const changed = Object.keys({ ...before, ...after }).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
  if (changed.length === 0) return after;
  const next = { ...after };
  for (const [name, field] of Object.entries(fields)) {
    const needs = [...(Array.isArray(field.dependsOn) ? field.dependsOn.map(String) : []), ...datasetInputs(field.dataset)];
    if (needs.some((n) => changed.includes(n)) && !changed.includes(name)) delete next[name];
  }
  return next;
}

/** What the form sends: hidden fields' values dropped (the server does the same). */
export function submittedInputs(inputs: ActionInputs, data: Inputs, me: FormCaller = { user: null, teams: [] }): Inputs {
  return inputStates(inputFields(inputs), data, me).inputs;
}
