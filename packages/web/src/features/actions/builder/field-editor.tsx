import { Checkbox, Group, MultiSelect, NumberInput, Select, Stack, TagsInput, Text, TextInput, Textarea } from '@mantine/core';
import { useEffect, useState } from 'react';
import { type InputVisibility, callerDefault } from '@portico/model/input-conditions';
import { FIELD_TYPES, fieldTypeOf } from './form-draft.ts';
import { VisibilityEditor } from './visibility-editor.tsx';

type Field = Record<string, unknown>;

export interface FieldEditorProps {
  name: string;
  field: Field;
  required: boolean;
  /** The other fields of the form, for conditions and dependencies. */
  others: { name: string; label: string; schema: Field }[];
  blueprints: { value: string; label: string }[];
  steps: { value: string; label: string }[] | null;
  step: number;
  onRename: (to: string) => string | null;
  onType: (type: string) => void;
  onChange: (patch: Field) => void;
  onRequired: (required: boolean) => void;
  onStep: (step: number) => void;
}

/** The default as typed: numbers, booleans and lists for fields of those types. */
function parseDefault(text: string, field: Field): unknown {
  if (text === '') return undefined;
  if (field.type === 'number' || field.type === 'integer') return Number.isNaN(Number(text)) ? text : Number(text);
  if (field.type === 'boolean') return text === 'true';
  if (field.type === 'array') return text.split(',').map((s) => s.trim()).filter(Boolean);
  return text;
}

/** One field's settings: name, label, type and what the type needs, required, default, when it shows, what it waits for. */
export function FieldEditor(props: FieldEditorProps) {
  const { name, field, others } = props;
  const type = fieldTypeOf(field);
  const caller = callerDefault(field);
  const [draftName, setDraftName] = useState(name);
  const [nameError, setNameError] = useState<string | null>(null);
  useEffect(() => { setDraftName(name); setNameError(null); }, [name]);
  const text = (key: string) => (typeof field[key] === 'string' ? field[key] : '');
  const optionsOf = type === 'choice' ? field.enum : ((field.items ?? {}) as Field).enum;
  const datasetRules = Array.isArray((field.dataset as Field | undefined)?.rules) ? ((field.dataset as Field).rules as Field[]) : [];
  // The builder edits a filter of one rule; richer ones (several rules, groups) stay in JSON.
  const simpleFilter = datasetRules.length === 0 || (datasetRules.length === 1 && typeof datasetRules[0]?.property === 'string' && ['=', 'in'].includes(String(datasetRules[0]?.operator)));
  const rule = datasetRules[0] ?? {};
  const ruleValue = rule.value as { input?: string; me?: string } | string | undefined;
  const reference = typeof ruleValue === 'object' && ruleValue ? (ruleValue.input ? `input:${ruleValue.input}` : ruleValue.me ? `me:${ruleValue.me}` : null) : null;
  const setFilter = (patch: Field) => {
    const next = { property: '', operator: '=', value: '', ...rule, ...patch };
    props.onChange({ dataset: next.property ? { combinator: 'and', rules: [next] } : undefined });
  };
  return (
    <Stack gap="sm" data-testid={`field-editor-${name}`}>
      <Group grow align="flex-start">
        <TextInput
          label="Name" description="The key the invoker receives" value={draftName} error={nameError}
          onChange={(e) => setDraftName(e.currentTarget.value)}
          onBlur={() => setNameError(props.onRename(draftName))}
          onKeyDown={(e) => { if (e.key === 'Enter') setNameError(props.onRename(draftName)); }}
        />
        <TextInput label="Label" value={text('title')} onChange={(e) => props.onChange({ title: e.currentTarget.value || undefined })} />
        <Select
          label="Type" allowDeselect={false} value={type}
          data={[...FIELD_TYPES.map((t) => ({ value: t.id, label: t.label })), ...(type === 'custom' ? [{ value: 'custom', label: 'Custom (JSON)' }] : [])]}
          onChange={(next) => next && next !== 'custom' && props.onType(next)}
        />
      </Group>
      <Textarea label="Help text" autosize minRows={1} value={text('description')} onChange={(e) => props.onChange({ description: e.currentTarget.value || undefined })} />
      {(type === 'choice' || type === 'multi-choice') && (
        <TagsInput
          label="Options" description="Press Enter after each" value={Array.isArray(optionsOf) ? optionsOf.map(String) : []}
          onChange={(values) => props.onChange(type === 'choice' ? { enum: values } : { items: { type: 'string', enum: values } })}
        />
      )}
      {type === 'entity' && (
        <Group grow align="flex-start">
          <Select label="Pick from" placeholder="A blueprint" data={props.blueprints} value={text('blueprint') || null} searchable onChange={(b) => props.onChange({ blueprint: b ?? '' })} />
          {!simpleFilter && <Text size="sm" c="dimmed" mt="lg">Filtered by {datasetRules.length} rules (edit them in JSON)</Text>}
          {simpleFilter && <TextInput label="Only where property" placeholder="e.g. cluster, $team" value={String(rule.property ?? '')} onChange={(e) => setFilter({ property: e.currentTarget.value })} />}
          {simpleFilter && <Select
            label="Matches" placeholder="another field, or you" clearable
            data={[
              { group: 'You', items: [{ value: 'me:teams', label: 'one of my teams' }, { value: 'me:user', label: 'me' }] },
              { group: 'Another field\'s value', items: others.map((o) => ({ value: `input:${o.name}`, label: o.label })) },
            ]}
            value={reference}
            onChange={(v) => {
              const [kind, ref] = (v ?? '').split(':');
              // "One of my teams" matches any of them; the rest are one value.
              if (kind === 'me') setFilter({ value: { me: ref }, operator: ref === 'teams' ? 'in' : '=' });
              else setFilter({ value: kind === 'input' ? { input: ref } : '', operator: '=' });
            }}
          />}
        </Group>
      )}
      {type === 'text' && <TextInput label="Pattern" description="A regular expression the answer must match" value={text('pattern')} onChange={(e) => props.onChange({ pattern: e.currentTarget.value || undefined })} />}
      {(type === 'number' || type === 'integer') && (
        <Group grow>
          <NumberInput label="Minimum" value={typeof field.minimum === 'number' ? field.minimum : ''} onChange={(v) => props.onChange({ minimum: typeof v === 'number' ? v : undefined })} />
          <NumberInput label="Maximum" value={typeof field.maximum === 'number' ? field.maximum : ''} onChange={(v) => props.onChange({ maximum: typeof v === 'number' ? v : undefined })} />
        </Group>
      )}
      <Group grow align="flex-end">
        {type !== 'secret' && !caller && (
          <TextInput
            label="Default" description={field.type === 'array' ? 'Comma-separated' : undefined}
            value={field.default === undefined ? '' : Array.isArray(field.default) ? field.default.join(', ') : String(field.default)}
            onChange={(e) => props.onChange({ default: parseDefault(e.currentTarget.value, field) })}
          />
        )}
        {type !== 'secret' && (
          <Select
            label="Prefill with" clearable placeholder="Nothing" value={caller}
            data={[{ value: 'email', label: 'the runner\'s email' }, { value: 'user', label: 'the runner' }, { value: 'team', label: 'the runner\'s (first) team' }, { value: 'teams', label: 'the runner\'s teams' }]}
            onChange={(me) => props.onChange({ default: me ? { me } : undefined })}
          />
        )}
        {props.steps && <Select label="Step" data={props.steps} value={String(props.step)} allowDeselect={false} onChange={(s) => s && props.onStep(Number(s))} />}
        <Checkbox label="Required" checked={props.required} onChange={(e) => props.onRequired(e.currentTarget.checked)} mb={6} />
      </Group>
      <div>
        <Text size="sm" fw={500} mb={4}>When it shows</Text>
        <VisibilityEditor value={field.visible as InputVisibility | undefined} fields={others} onChange={(visible) => props.onChange({ visible })} />
      </div>
      <MultiSelect
        label="Waits for" description="Disabled until these are filled in; cleared when they change"
        data={others.map((o) => ({ value: o.name, label: o.label }))} value={Array.isArray(field.dependsOn) ? field.dependsOn.map(String) : []}
        onChange={(deps) => props.onChange({ dependsOn: deps.length ? deps : undefined })}
      />
    </Stack>
  );
}
