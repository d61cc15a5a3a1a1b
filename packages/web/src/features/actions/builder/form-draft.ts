import type { ActionInputs } from '@portico/model';
import { mergedConditionals } from '@portico/model/input-conditions';
import { fieldOrder } from '../form-schema.ts';

/**
 * The form builder's edits of an action's inputs, as pure functions: each takes the inputs and
 * answers new ones, keeping `required`, `order`, the steps and other fields' references (their
 * `visible` conditions, `dependsOn` and picker filters) in step with the change.
 */

type Field = Record<string, unknown>;

export interface FieldType {
  id: string;
  label: string;
  /** The schema a new field of this type starts with (title, description and conditions are kept on a change of type). */
  schema: Field;
}

export const FIELD_TYPES: FieldType[] = [
  { id: 'text', label: 'Text', schema: { type: 'string' } },
  { id: 'long-text', label: 'Long text', schema: { type: 'string', format: 'multi-line' } },
  { id: 'number', label: 'Number', schema: { type: 'number' } },
  { id: 'integer', label: 'Whole number', schema: { type: 'integer' } },
  { id: 'boolean', label: 'Yes / no', schema: { type: 'boolean' } },
  { id: 'choice', label: 'Choice', schema: { type: 'string', enum: ['option-1', 'option-2'] } },
  { id: 'multi-choice', label: 'Several choices', schema: { type: 'array', uniqueItems: true, items: { type: 'string', enum: ['option-1', 'option-2'] } } },
  { id: 'list', label: 'List of text', schema: { type: 'array', items: { type: 'string' } } },
  { id: 'date-time', label: 'Date and time', schema: { type: 'string', format: 'date-time' } },
  { id: 'date', label: 'Date', schema: { type: 'string', format: 'date' } },
  { id: 'email', label: 'Email', schema: { type: 'string', format: 'email' } },
  { id: 'url', label: 'URL', schema: { type: 'string', format: 'url' } },
  { id: 'secret', label: 'Secret', schema: { type: 'string', format: 'secret' } },
  { id: 'yaml', label: 'YAML', schema: { type: 'string', format: 'yaml' } },
  { id: 'json', label: 'JSON', schema: { type: 'string', format: 'json' } },
  { id: 'entity', label: 'Entity picker', schema: { type: 'string', format: 'entity', blueprint: '' } },
  { id: 'user', label: 'User picker', schema: { type: 'string', format: 'user' } },
  { id: 'team', label: 'Team picker', schema: { type: 'string', format: 'team' } },
];

/** Keys that say what a field is; a change of type replaces them. */
const TYPE_KEYS = ['type', 'format', 'enum', 'items', 'uniqueItems', 'blueprint', 'dataset', 'pattern', 'minimum', 'maximum', 'minLength', 'maxLength', 'default'];

/** The builder's type of a field, or 'custom' for schemas it does not model (edited as JSON). */
export function fieldTypeOf(field: Field): string {
  const format = typeof field.format === 'string' ? field.format : '';
  const items = (field.items ?? {}) as Field;
  if (['secret', 'entity', 'user', 'team', 'yaml', 'json', 'date-time', 'date', 'email', 'url'].includes(format)) return format;
  if (format === 'multi-line' || format === 'markdown') return 'long-text';
  if (field.type === 'string' && Array.isArray(field.enum)) return 'choice';
  if (field.type === 'array' && Array.isArray(items.enum)) return 'multi-choice';
  if (field.type === 'array' && items.type === 'string' && !items.format && !items.enum) return 'list';
  if (field.type === 'boolean' || field.type === 'number' || field.type === 'integer') return String(field.type);
  if (field.type === 'string' && !format) return 'text';
  return 'custom';
}

const NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,62}$/;

function uniqueName(inputs: ActionInputs, base: string): string {
  for (let i = 1; ; i++) {
    const name = `${base}_${i}`;
    if (!(name in inputs.properties)) return name;
  }
}

/** A new field of a type, at the end of the form (or of a step). */
export function addField(inputs: ActionInputs, typeId: string, step?: number): { inputs: ActionInputs; name: string } {
  const type = FIELD_TYPES.find((t) => t.id === typeId) ?? (FIELD_TYPES[0] as FieldType);
  const name = uniqueName(inputs, type.id.replace(/-/g, '_'));
  const steps = inputs.steps?.map((s, i) => (i === (step ?? (inputs.steps?.length ?? 1) - 1) ? { ...s, order: [...s.order, name] } : s));
  return {
    name,
    inputs: {
      ...inputs,
      properties: { ...inputs.properties, [name]: { title: `New ${type.label.toLowerCase()}`, ...structuredClone(type.schema) } },
      order: [...fieldOrder(inputs), name],
      ...(steps ? { steps } : {}),
    },
  };
}

/** Changes a field's schema: `undefined` values remove keys. */
export function updateField(inputs: ActionInputs, name: string, patch: Field): ActionInputs {
  const current = inputs.properties[name];
  if (!current) return inputs;
  const next: Field = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) delete next[key];
    else next[key] = value;
  }
  return { ...inputs, properties: { ...inputs.properties, [name]: next } };
}

/** Changes a field's type, keeping what is not about its type (title, description, conditions). */
export function setFieldType(inputs: ActionInputs, name: string, typeId: string): ActionInputs {
  const current = inputs.properties[name];
  const type = FIELD_TYPES.find((t) => t.id === typeId);
  if (!current || !type) return inputs;
  const kept = Object.fromEntries(Object.entries(current).filter(([key]) => !TYPE_KEYS.includes(key)));
  const schema = structuredClone(type.schema);
  // Options carry over between a choice and several choices.
  const options = Array.isArray(current.enum) ? current.enum : ((current.items ?? {}) as Field).enum;
  if (Array.isArray(options) && typeId === 'choice') schema.enum = options;
  if (Array.isArray(options) && typeId === 'multi-choice') schema.items = { type: 'string', enum: options };
  return { ...inputs, properties: { ...inputs.properties, [name]: { ...kept, ...schema } } };
}

export function setRequired(inputs: ActionInputs, name: string, required: boolean): ActionInputs {
  const without = inputs.required.filter((r) => r !== name);
  return { ...inputs, required: required ? [...without, name] : without };
}

/** Moves a field up (-1) or down (+1): within its step when the form has steps. */
export function moveField(inputs: ActionInputs, name: string, delta: -1 | 1): ActionInputs {
  const swap = (list: string[]) => {
    const i = list.indexOf(name);
    const j = i + delta;
    if (i < 0 || j < 0 || j >= list.length) return list;
    const copy = [...list];
    [copy[i], copy[j]] = [copy[j] as string, copy[i] as string];
    return copy;
  };
  return {
    ...inputs,
    order: swap(fieldOrder(inputs)),
    ...(inputs.steps ? { steps: inputs.steps.map((s) => ({ ...s, order: swap(s.order) })) } : {}),
  };
}

/** Rewrites other fields' references to `name` (conditions, dependencies, picker filters). */
function rewriteReferences(properties: Record<string, Field>, name: string, to: string | null): Record<string, Field> {
  const rewriteGroup = (group: unknown): unknown => {
    if (!group || typeof group !== 'object' || !Array.isArray((group as Field).rules)) return group;
    const rules = ((group as Field).rules as Field[])
      .map((rule) => (Array.isArray(rule.rules) ? rewriteGroup(rule) as Field : rule.input === name ? (to ? { ...rule, input: to } : null) : rule))
      .filter((rule): rule is Field => rule !== null && !(Array.isArray(rule.rules) && rule.rules.length === 0));
    return { ...(group as Field), rules };
  };
  const rewriteDataset = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rewriteDataset).filter((n) => n !== null);
    if (!node || typeof node !== 'object') return node;
    const value = (node as Field).value as Field | undefined;
    if (value && typeof value === 'object' && value.input === name) return to ? { ...(node as Field), value: { input: to } } : null;
    return Object.fromEntries(Object.entries(node as Field).map(([k, v]) => [k, rewriteDataset(v)]));
  };
  return Object.fromEntries(Object.entries(properties).map(([key, field]) => {
    const next: Field = { ...field };
    if (field.visible && typeof field.visible === 'object') {
      const visible = rewriteGroup(field.visible) as Field;
      if (Array.isArray(visible.rules) && visible.rules.length === 0) delete next.visible;
      else next.visible = visible;
    }
    if (Array.isArray(field.dependsOn)) {
      const deps = (field.dependsOn as string[]).flatMap((d) => (d === name ? (to ? [to] : []) : [d]));
      if (deps.length > 0) next.dependsOn = deps;
      else delete next.dependsOn;
    }
    if (field.dataset) next.dataset = rewriteDataset(field.dataset);
    return [key, next];
  }));
}

/** Removes a field and every mention of it (a condition left with no rule shows the field always). */
export function removeField(inputs: ActionInputs, name: string): ActionInputs {
  const { [name]: _removed, ...rest } = inputs.properties;
  return {
    ...inputs,
    properties: rewriteReferences(rest, name, null),
    required: inputs.required.filter((r) => r !== name),
    order: fieldOrder(inputs).filter((n) => n !== name),
    ...(inputs.steps ? { steps: inputs.steps.map((s) => ({ ...s, order: s.order.filter((n) => n !== name) })) } : {}),
  };
}

/**
 * Renames a field where the form and other fields mention it.
 * @returns the new inputs, or an error saying why the name cannot be used.
 */
export function renameField(inputs: ActionInputs, name: string, to: string): { inputs: ActionInputs } | { error: string } {
  if (to === name) return { inputs };
  if (!NAME.test(to)) return { error: 'Letters, digits, _ and -, starting with a letter or _' };
  if (to in inputs.properties) return { error: `There is already a field "${to}"` };
  const rename = (n: string) => (n === name ? to : n);
  const properties = Object.fromEntries(Object.entries(inputs.properties).map(([key, field]) => [rename(key), field]));
  return {
    inputs: {
      ...inputs,
      properties: rewriteReferences(properties, name, to),
      required: inputs.required.map(rename),
      order: fieldOrder(inputs).map(rename),
      ...(inputs.steps ? { steps: inputs.steps.map((s) => ({ ...s, order: s.order.map(rename) })) } : {}),
    },
  };
}

/** Turns pages on (every field on one step) or off (the steps' conditionals kept for the whole form). */
export function setPaged(inputs: ActionInputs, paged: boolean): ActionInputs {
  if (paged) return inputs.steps?.length ? inputs : { ...inputs, steps: [{ title: 'Step 1', order: fieldOrder(inputs) }] };
  const { steps: _steps, ...rest } = inputs;
  const conditionals = mergedConditionals(inputs);
  return conditionals ? { ...rest, conditionals } : rest;
}

export function addStep(inputs: ActionInputs): ActionInputs {
  const steps = inputs.steps ?? [];
  return { ...inputs, steps: [...steps, { title: `Step ${steps.length + 1}`, order: [] }] };
}

/** Removes a step; its fields join the step before it (or after, for the first). */
export function removeStep(inputs: ActionInputs, index: number): ActionInputs {
  const steps = inputs.steps ?? [];
  const removed = steps[index];
  if (!removed || steps.length < 2) return inputs;
  const heir = index === 0 ? 1 : index - 1;
  const next = steps.map((s, i) => (i === heir ? { ...s, order: heir < index ? [...s.order, ...removed.order] : [...removed.order, ...s.order] } : s));
  return { ...inputs, steps: next.filter((_, i) => i !== index) };
}

export function renameStep(inputs: ActionInputs, index: number, title: string): ActionInputs {
  return { ...inputs, ...(inputs.steps ? { steps: inputs.steps.map((s, i) => (i === index ? { ...s, title } : s)) } : {}) };
}

/** The step a field is on (-1 when none holds it). */
export function stepOf(inputs: ActionInputs, name: string): number {
  return (inputs.steps ?? []).findIndex((s) => s.order.includes(name));
}

/** Moves a field to the end of another step. */
export function setFieldStep(inputs: ActionInputs, name: string, index: number): ActionInputs {
  if (!inputs.steps?.[index]) return inputs;
  return { ...inputs, steps: inputs.steps.map((s, i) => ({ ...s, order: i === index ? [...s.order.filter((n) => n !== name), name] : s.order.filter((n) => n !== name) })) };
}
