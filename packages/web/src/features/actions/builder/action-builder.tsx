import { ActionIcon, Alert, Badge, Button, Card, Checkbox, Code, Group, Menu, MultiSelect, PasswordInput, Select, Stack, Switch, TagsInput, Text, TextInput, Textarea, Title } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import type { ActionInputs } from '@portico/model';
import { useBlueprints } from '../../../api/catalog.hooks.ts';
import { fieldOrder } from '../form-schema.ts';
import { FieldEditor } from './field-editor.tsx';
import {
  FIELD_TYPES, addField, addStep, fieldTypeOf, moveField, removeField, removeStep, renameField, renameStep, setFieldStep, setFieldType, setPaged, setRequired,
  stepOf, updateField,
} from './form-draft.ts';

type Draft = Record<string, unknown>;
type Json = Record<string, unknown>;
const ROLES = ['admin', 'moderator', 'member', 'viewer'];
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Where the form lives: Portico's `userInputs`, or Port's `trigger.userInputs`. */
function inputsOf(draft: Draft): ActionInputs {
  const raw = (isObject(draft.trigger) ? draft.trigger.userInputs : draft.userInputs) as Partial<ActionInputs> | undefined;
  return { ...raw, properties: isObject(raw?.properties) ? raw.properties as ActionInputs['properties'] : {}, required: Array.isArray(raw?.required) ? raw.required : [] };
}
function withInputs(draft: Draft, inputs: ActionInputs): Draft {
  return isObject(draft.trigger) ? { ...draft, trigger: { ...draft.trigger, userInputs: inputs } } : { ...draft, userInputs: inputs };
}

/**
 * The action editor's builder: settings and the form's fields edited without JSON — add, reorder,
 * configure (type, options, pickers, required, default, when a field shows, what it waits for),
 * steps. It edits the same document as the JSON view.
 */
export function ActionBuilder({ draft, editing, onChange }: { draft: Draft; editing: boolean; onChange: (draft: Draft) => void }) {
  const blueprints = useBlueprints();
  const [open, setOpen] = useState<string | null>(null);
  const inputs = inputsOf(draft);
  const setInputs = (next: ActionInputs) => onChange(withInputs(draft, next));
  const port = isObject(draft.trigger);
  const blueprintOptions = (blueprints.data ?? []).map((b) => ({ value: b.identifier, label: b.title }));
  const order = fieldOrder(inputs);
  const label = (name: string) => String(inputs.properties[name]?.title ?? name);
  const steps = inputs.steps?.length ? inputs.steps : null;

  const row = (name: string, index: number, list: string[]) => {
    const field = inputs.properties[name] ?? {};
    const typeLabel = FIELD_TYPES.find((t) => t.id === fieldTypeOf(field))?.label ?? 'Custom';
    return (
      <Card key={name} withBorder padding="xs" data-testid={`builder-field-${name}`}>
        <Group justify="space-between" wrap="nowrap">
          <Group gap="xs">
            <Text fw={500}>{label(name)}</Text>
            <Code>{name}</Code>
            <Badge variant="light" size="sm">{typeLabel}</Badge>
            {inputs.required.includes(name) && <Badge variant="outline" size="sm" color="red">required</Badge>}
            {field.visible !== undefined && <Badge variant="outline" size="sm" color="grape">{field.visible === false ? 'hidden' : 'conditional'}</Badge>}
            {Array.isArray(field.dependsOn) && <Badge variant="outline" size="sm" color="gray">waits</Badge>}
          </Group>
          <Group gap={4} wrap="nowrap">
            <ActionIcon variant="subtle" aria-label={`Move ${label(name)} up`} disabled={index === 0} onClick={() => setInputs(moveField(inputs, name, -1))}><IconArrowUp size={16} /></ActionIcon>
            <ActionIcon variant="subtle" aria-label={`Move ${label(name)} down`} disabled={index === list.length - 1} onClick={() => setInputs(moveField(inputs, name, 1))}><IconArrowDown size={16} /></ActionIcon>
            <ActionIcon variant={open === name ? 'filled' : 'subtle'} aria-label={`Edit ${label(name)}`} aria-expanded={open === name} onClick={() => setOpen(open === name ? null : name)}><IconPencil size={16} /></ActionIcon>
            <ActionIcon variant="subtle" color="red" aria-label={`Remove ${label(name)}`} onClick={() => { setInputs(removeField(inputs, name)); if (open === name) setOpen(null); }}><IconTrash size={16} /></ActionIcon>
          </Group>
        </Group>
        {open === name && (
          <Card.Section inheritPadding py="sm" mt="xs" withBorder>
            <FieldEditor
              name={name} field={field} required={inputs.required.includes(name)}
              others={order.filter((n) => n !== name).map((n) => ({ name: n, label: label(n), schema: inputs.properties[n] ?? {} }))}
              blueprints={blueprintOptions} steps={steps ? steps.map((s, i) => ({ value: String(i), label: s.title })) : null} step={stepOf(inputs, name)}
              onRename={(to) => {
                const result = renameField(inputs, name, to.trim());
                if ('error' in result) return result.error;
                setInputs(result.inputs);
                setOpen(to.trim());
                return null;
              }}
              onType={(type) => setInputs(setFieldType(inputs, name, type))}
              onChange={(patch) => setInputs(updateField(inputs, name, patch))}
              onRequired={(required) => setInputs(setRequired(inputs, name, required))}
              onStep={(step) => setInputs(setFieldStep(inputs, name, step))}
            />
          </Card.Section>
        )}
      </Card>
    );
  };

  const addMenu = (step?: number) => (
    <Menu shadow="md" position="bottom-start">
      <Menu.Target><Button variant="light" size="xs" leftSection={<IconPlus size={14} />} w="fit-content">Add field{steps && step !== undefined ? ` to ${steps[step]?.title ?? ''}` : ''}</Button></Menu.Target>
      <Menu.Dropdown>
        {FIELD_TYPES.map((type) => (
          <Menu.Item key={type.id} onClick={() => { const added = addField(inputs, type.id, step); setInputs(added.inputs); setOpen(added.name); }}>{type.label}</Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );

  return (
    <Stack>
      {port && <Alert color="blue" title="Port's action JSON">The builder edits its form; its trigger and invocation are edited in JSON (saving converts it to Portico's shape).</Alert>}
      <GeneralSettings draft={draft} editing={editing} port={port} blueprints={blueprintOptions} onChange={onChange} />
      <Group justify="space-between">
        <Title order={2} size="h4">Form</Title>
        <Switch label="Several steps" checked={Boolean(steps)} onChange={(e) => setInputs(setPaged(inputs, e.currentTarget.checked))} />
      </Group>
      {(inputs.conditionals || steps?.some((s) => s.conditionals)) && <Text size="sm" c="dimmed">This form also has JSON Schema conditionals (Backstage's dependencies, if/then); they are edited in JSON.</Text>}
      {order.length === 0 && <Text size="sm" c="dimmed">No fields yet: the action runs without asking anything.</Text>}
      {steps ? steps.map((step, i) => (
        <Card key={i} withBorder data-testid={`builder-step-${i}`}>
          <Group align="flex-end" mb="xs">
            <TextInput label={`Step ${i + 1}`} value={step.title} onChange={(e) => setInputs(renameStep(inputs, i, e.currentTarget.value))} />
            <ActionIcon variant="subtle" color="red" mb={4} aria-label={`Remove step ${i + 1}`} disabled={steps.length < 2} onClick={() => setInputs(removeStep(inputs, i))}><IconTrash size={16} /></ActionIcon>
          </Group>
          <Stack gap="xs">
            {step.order.filter((n) => n in inputs.properties).map((name, j, list) => row(name, j, list))}
            {addMenu(i)}
          </Stack>
        </Card>
      )) : (
        <Stack gap="xs">
          {order.map((name, i) => row(name, i, order))}
          {addMenu()}
        </Stack>
      )}
      {steps && <Button variant="default" size="xs" w="fit-content" onClick={() => setInputs(addStep(inputs))}>Add step</Button>}
    </Stack>
  );
}

/** Identity, operation, invoker, approval and who may run it (Portico's shape; Port's in JSON). */
function GeneralSettings({ draft, editing, port, blueprints, onChange }: { draft: Draft; editing: boolean; port: boolean; blueprints: { value: string; label: string }[]; onChange: (draft: Draft) => void }) {
  const set = (patch: Draft) => onChange({ ...draft, ...patch });
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  const invoker = isObject(draft.invoker) ? draft.invoker : {};
  const approval = isObject(draft.approval) ? draft.approval : null;
  const execute = isObject(draft.execute) ? draft.execute : { roles: ['admin', 'moderator', 'member'], users: [], teams: [], ownedByTeam: false };
  const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Group grow align="flex-start">
          <TextInput label="Identifier" value={str(draft.identifier)} disabled={editing} description={editing ? 'Fixed once created' : 'Letters, digits, _ . -'} onChange={(e) => set({ identifier: e.currentTarget.value })} />
          <TextInput label="Title" value={str(draft.title)} onChange={(e) => set({ title: e.currentTarget.value })} />
          <TextInput label="Icon" value={str(draft.icon)} placeholder="e.g. Rocket" onChange={(e) => set({ icon: e.currentTarget.value || null })} />
        </Group>
        <Textarea label="Description" autosize minRows={2} value={str(draft.description)} onChange={(e) => set({ description: e.currentTarget.value || null })} />
        {!port && (
          <>
            <Group grow align="flex-start">
              <Select label="Operation" allowDeselect={false} value={str(draft.operation) || 'CREATE'} onChange={(operation) => operation && set({ operation })}
                data={[{ value: 'CREATE', label: 'Create (day-1)' }, { value: 'DAY-2', label: 'Day-2, on an entity' }, { value: 'DELETE', label: 'Delete an entity' }]} />
              <Select label="Blueprint" placeholder="None" clearable searchable data={blueprints} value={str(draft.blueprint) || null} onChange={(blueprint) => set({ blueprint })} />
              <Select label="Invoker" allowDeselect={false} value={str(invoker.type) || 'WEBHOOK'} data={[{ value: 'WEBHOOK', label: 'Webhook' }, { value: 'SCAFFOLDER', label: 'Scaffolder (Backstage template)' }]}
                onChange={(type) => type && set({ invoker: type === 'WEBHOOK' ? { type, url: str(invoker.url), synchronized: invoker.synchronized === true } : { type, template: isObject(invoker.template) ? invoker.template : {} } })} />
            </Group>
            {str(invoker.type || 'WEBHOOK') === 'WEBHOOK' ? (
              <Group grow align="flex-end">
                <TextInput label="Webhook URL" placeholder="https://ci.example.com/hooks/deploy" value={str(invoker.url)} onChange={(e) => set({ invoker: { ...invoker, type: 'WEBHOOK', url: e.currentTarget.value } })} />
                <Switch label="Synchronous (the response decides the run)" checked={invoker.synchronized === true} onChange={(e) => set({ invoker: { ...invoker, type: 'WEBHOOK', synchronized: e.currentTarget.checked } })} mb={8} />
              </Group>
            ) : <Text size="sm" c="dimmed">The template's steps are edited in JSON (or loaded from a Backstage template file).</Text>}
            {str(invoker.type || 'WEBHOOK') === 'WEBHOOK' && (
              <HeadersEditor headers={isObject(invoker.headers) ? invoker.headers as Record<string, string> : {}} onChange={(headers) => set({ invoker: { ...invoker, type: 'WEBHOOK', headers } })} />
            )}
            <Group grow align="flex-start">
              <Select label="Approval" allowDeselect={false} value={approval ? str(approval.type) || 'ANY' : 'NONE'}
                data={[{ value: 'NONE', label: 'Not needed' }, { value: 'ANY', label: 'Any one approver' }, { value: 'ALL', label: 'All approvers' }]}
                onChange={(type) => set({ approval: type === 'NONE' || !type ? null : { users: [], teams: [], roles: [], ...approval, type } })} />
              {approval && <TagsInput label="Approving users" value={list(approval.users)} onChange={(users) => set({ approval: { ...approval, users } })} />}
              {approval && <TagsInput label="Approving teams" value={list(approval.teams)} onChange={(teams) => set({ approval: { ...approval, teams } })} />}
              {approval && <MultiSelect label="Approving roles" data={ROLES} value={list(approval.roles)} onChange={(roles) => set({ approval: { ...approval, roles } })} />}
            </Group>
          </>
        )}
        <Text size="sm" fw={500}>Who may run it (admins always may)</Text>
        <Group grow align="flex-start">
          <MultiSelect label="Roles" data={ROLES} value={list(execute.roles)} onChange={(roles) => set({ execute: { ...execute, roles } })} />
          <TagsInput label="Users" value={list(execute.users)} onChange={(users) => set({ execute: { ...execute, users } })} />
          <TagsInput label="Teams" value={list(execute.teams)} onChange={(teams) => set({ execute: { ...execute, teams } })} />
        </Group>
        <Checkbox label="The teams that own the entity it runs on" checked={execute.ownedByTeam === true} onChange={(e) => set({ execute: { ...execute, ownedByTeam: e.currentTarget.checked } })} />
      </Stack>
    </Card>
  );
}

/**
 * A webhook's own headers (a CI trigger's token): values are kept encrypted by the server and come
 * back as `[secret]`, which saving keeps; typing a new value replaces it.
 */
function HeadersEditor({ headers, onChange }: { headers: Record<string, string>; onChange: (headers: Record<string, string>) => void }) {
  const entries = Object.entries(headers);
  const rename = (from: string, to: string) => onChange(Object.fromEntries(entries.map(([name, value]) => [name === from ? to : name, value])));
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500}>Headers <Text span size="xs" c="dimmed">— values are stored encrypted and shown as [secret]</Text></Text>
      {entries.map(([name, value], i) => (
        <Group key={i} gap="xs" align="flex-end" wrap="nowrap">
          <TextInput size="xs" aria-label={`Header ${i + 1} name`} placeholder="Authorization" value={name} onChange={(e) => rename(name, e.currentTarget.value)} />
          <PasswordInput size="xs" aria-label={`Header ${i + 1} value`} placeholder="Bearer …" value={value === '[secret]' ? '' : value}
            description={value === '[secret]' ? 'Stored; type to replace' : undefined} style={{ flex: 1 }}
            onChange={(e) => onChange({ ...headers, [name]: e.currentTarget.value || '[secret]' })} />
          <ActionIcon variant="subtle" color="red" aria-label={`Remove header ${name || i + 1}`} onClick={() => onChange(Object.fromEntries(entries.filter(([n]) => n !== name)))}><IconTrash size={14} /></ActionIcon>
        </Group>
      ))}
      <Button size="xs" variant="subtle" w="fit-content" disabled={'' in headers} onClick={() => onChange({ ...headers, '': '' })}>Add header</Button>
    </Stack>
  );
}
