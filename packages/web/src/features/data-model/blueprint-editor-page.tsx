import { useEffect, useState } from 'react';
import { ActionIcon, Alert, Button, Checkbox, Group, JsonInput, MultiSelect, Select, Skeleton, Stack, Table, Tabs, TextInput, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useNavigate, useParams } from 'react-router-dom';
import { useBlueprints, useSaveBlueprint } from '../../api/catalog.hooks.ts';
import { ApiError } from '../../api/http.ts';
import { ErrorState } from '../../components/error-state.tsx';
import { type BlueprintForm, FORMATS, blueprintFromForm, formFromBlueprint } from './blueprint-form-model.ts';

const TYPES = ['string', 'number', 'boolean', 'object', 'array'];

/** The document for the JSON tab, even while the derived-properties text does not parse yet. */
function safeDocument(form: BlueprintForm): Record<string, unknown> {
  try {
    return blueprintFromForm(form);
  } catch {
    return blueprintFromForm({ ...form, derivedText: '' });
  }
}

/** Creates or edits a blueprint with a form or as JSON; the server's objections appear next to their fields. */
export default function BlueprintEditorPage() {
  const { blueprint: id } = useParams();
  const isNew = !id;
  const blueprints = useBlueprints();
  const existing = blueprints.data?.find((b) => b.identifier === id);
  const [form, setForm] = useState<BlueprintForm>(formFromBlueprint(undefined));
  const [json, setJson] = useState('');
  const [tab, setTab] = useState<string | null>('form');
  const save = useSaveBlueprint();
  const navigate = useNavigate();
  useEffect(() => { if (existing) setForm(formFromBlueprint(existing)); }, [existing]);

  if (blueprints.isLoading) return <Skeleton h={300} />;
  if (blueprints.error) return <ErrorState error={blueprints.error} what="load the data model" />;
  if (!isNew && !existing) return <ErrorState error={new Error(`There is no blueprint "${id}"`)} what="open the blueprint" />;

  const error = save.error instanceof ApiError ? save.error : null;
  const fieldError = (path: string) => error?.detailFor(path);
  const set = (change: Partial<BlueprintForm>) => setForm({ ...form, ...change });
  const targets = (blueprints.data ?? []).map((b) => ({ value: b.identifier, label: b.title })).concat([{ value: '*', label: 'Any blueprint (*)' }]);
  const submit = () => {
    let document: Record<string, unknown>;
    if (tab === 'json') {
      try {
        document = JSON.parse(json) as Record<string, unknown>;
      } catch (e) {
        notifications.show({ color: 'red', title: 'The JSON does not parse', message: (e as Error).message });
        return;
      }
    } else {
      try {
        document = blueprintFromForm(form);
      } catch (e) {
        notifications.show({ color: 'red', title: 'The derived properties do not parse', message: (e as Error).message });
        return;
      }
    }
    save.mutate({ blueprint: document, isNew }, {
      onSuccess: ({ blueprint }) => {
        notifications.show({ message: `Blueprint “${blueprint.title}” saved` });
        void navigate(`/data-model/${blueprint.identifier}`);
      },
    });
  };

  return (
    <Stack maw={1100}>
      <Title order={1} size="h2">{isNew ? 'New blueprint' : `Blueprint: ${existing?.title}`}</Title>
      <Tabs value={tab} onChange={(t) => { if (t === 'json') setJson(JSON.stringify(safeDocument(form), null, 2)); setTab(t); }}>
        <Tabs.List><Tabs.Tab value="form">Form</Tabs.Tab><Tabs.Tab value="json">JSON</Tabs.Tab></Tabs.List>
        <Tabs.Panel value="form" pt="md">
          <Stack>
            <Group grow align="flex-start">
              <TextInput label="Identifier" required disabled={!isNew} value={form.identifier} onChange={(e) => set({ identifier: e.currentTarget.value })} error={fieldError('/identifier')} description="Lowercase letters, digits, - and _" />
              <TextInput label="Title" required value={form.title} onChange={(e) => set({ title: e.currentTarget.value })} error={fieldError('/title')} />
              <TextInput label="Icon" value={form.icon} onChange={(e) => set({ icon: e.currentTarget.value })} />
            </Group>
            <Textarea label="Description" value={form.description} onChange={(e) => set({ description: e.currentTarget.value })} autosize minRows={1} />
            <Title order={2} size="h4">Properties</Title>
            <Table withTableBorder>
              <Table.Thead><Table.Tr><Table.Th>Name</Table.Th><Table.Th>Title</Table.Th><Table.Th>Type</Table.Th><Table.Th>Format</Table.Th><Table.Th>Allowed values</Table.Th><Table.Th>Required</Table.Th><Table.Th /></Table.Tr></Table.Thead>
              <Table.Tbody>
                {form.properties.map((p, i) => {
                  const change = (c: Partial<typeof p>) => set({ properties: form.properties.map((x, j) => (j === i ? { ...x, ...c } : x)) });
                  // The server names a new required property by its place in schema.required.
                  const requiredIndex = form.properties.filter((x) => x.required && x.name.trim()).indexOf(p);
                  const problem = fieldError(`/schema/properties/${p.name}`) ?? (requiredIndex >= 0 ? error?.details.find((d) => d.path === `/schema/required/${requiredIndex}`)?.message : undefined);
                  return (
                    <Table.Tr key={i}>
                      <Table.Td><TextInput size="xs" aria-label={`Property ${i + 1} name`} value={p.name} onChange={(e) => change({ name: e.currentTarget.value })} error={problem} /></Table.Td>
                      <Table.Td><TextInput size="xs" aria-label={`Property ${i + 1} title`} value={p.title} onChange={(e) => change({ title: e.currentTarget.value })} /></Table.Td>
                      <Table.Td><Select size="xs" aria-label={`Property ${i + 1} type`} data={TYPES} value={p.type} onChange={(v) => change({ type: (v ?? 'string') as typeof p.type })} w={110} /></Table.Td>
                      <Table.Td><Select size="xs" aria-label={`Property ${i + 1} format`} data={FORMATS.map((f) => ({ value: f, label: f || '(none)' }))} value={p.format} onChange={(v) => change({ format: v ?? '' })} w={120} disabled={p.type !== 'string'} /></Table.Td>
                      <Table.Td><TextInput size="xs" aria-label={`Property ${i + 1} allowed values`} placeholder="a, b, c" value={p.enumText} onChange={(e) => change({ enumText: e.currentTarget.value })} /></Table.Td>
                      <Table.Td><Checkbox aria-label={`Property ${i + 1} required`} checked={p.required} onChange={(e) => change({ required: e.currentTarget.checked })} /></Table.Td>
                      <Table.Td><ActionIcon variant="subtle" color="red" aria-label={`Remove property ${i + 1}`} onClick={() => set({ properties: form.properties.filter((_, j) => j !== i) })}><IconTrash size={16} /></ActionIcon></Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
            <Button size="xs" variant="light" w="fit-content" leftSection={<IconPlus size={14} />} onClick={() => set({ properties: [...form.properties, { name: '', title: '', type: 'string', format: '', enumText: '', required: false, rest: {} }] })}>Add property</Button>
            <Title order={2} size="h4">Relations</Title>
            <Table withTableBorder>
              <Table.Thead><Table.Tr><Table.Th>Name</Table.Th><Table.Th>Title</Table.Th><Table.Th>Target blueprints</Table.Th><Table.Th>Many</Table.Th><Table.Th>Required</Table.Th><Table.Th /></Table.Tr></Table.Thead>
              <Table.Tbody>
                {form.relations.map((r, i) => {
                  const change = (c: Partial<typeof r>) => set({ relations: form.relations.map((x, j) => (j === i ? { ...x, ...c } : x)) });
                  return (
                    <Table.Tr key={i}>
                      <Table.Td><TextInput size="xs" aria-label={`Relation ${i + 1} name`} value={r.name} onChange={(e) => change({ name: e.currentTarget.value })} error={fieldError(`/relations/${r.name}`)} /></Table.Td>
                      <Table.Td><TextInput size="xs" aria-label={`Relation ${i + 1} title`} value={r.title} onChange={(e) => change({ title: e.currentTarget.value })} /></Table.Td>
                      <Table.Td><MultiSelect size="xs" aria-label={`Relation ${i + 1} targets`} data={targets} value={r.targets} onChange={(v) => change({ targets: v })} searchable /></Table.Td>
                      <Table.Td><Checkbox aria-label={`Relation ${i + 1} many`} checked={r.many} onChange={(e) => change({ many: e.currentTarget.checked })} /></Table.Td>
                      <Table.Td><Checkbox aria-label={`Relation ${i + 1} required`} checked={r.required} onChange={(e) => change({ required: e.currentTarget.checked })} /></Table.Td>
                      <Table.Td><ActionIcon variant="subtle" color="red" aria-label={`Remove relation ${i + 1}`} onClick={() => set({ relations: form.relations.filter((_, j) => j !== i) })}><IconTrash size={16} /></ActionIcon></Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
            <Button size="xs" variant="light" w="fit-content" leftSection={<IconPlus size={14} />} onClick={() => set({ relations: [...form.relations, { name: '', title: '', targets: [], many: false, required: false }] })}>Add relation</Button>
            <Title order={2} size="h4">Derived properties</Title>
            <JsonInput
              label="Mirror, calculation and aggregation properties"
              description={'Port\'s JSON: { "mirrorProperties": { "clusterName": { "path": "cluster.$title" } }, "calculationProperties": { "url": { "calculation": "\\"https://\\" & identifier", "type": "string" } }, "aggregationProperties": { … } }. Calculations are JSONata.'}
              value={form.derivedText} onChange={(v) => set({ derivedText: v })} autosize minRows={4} formatOnBlur validationError="Not valid JSON"
              error={error?.details.filter((d) => /^\/(mirror|calculation|aggregation)Properties\//.test(d.path)).map((d) => `${d.path} ${d.message}`).join('; ') || undefined}
            />
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="json" pt="md">
          <JsonInput aria-label="Blueprint JSON" value={json} onChange={setJson} autosize minRows={16} formatOnBlur validationError="Not valid JSON" />
        </Tabs.Panel>
      </Tabs>
      {error && <Alert color="red" title="The server refused the blueprint" role="alert" data-testid="save-error">{error.message}{error.details.length > 0 && <ul>{error.details.map((d) => <li key={d.path + d.message}><code>{d.path}</code> {d.message}</li>)}</ul>}</Alert>}
      {save.error && !error && <ErrorState error={save.error} what="save the blueprint" />}
      <Group><Button onClick={submit} loading={save.isPending}>{isNew ? 'Create blueprint' : 'Save changes'}</Button><Button variant="default" onClick={() => void navigate('/data-model')}>Cancel</Button></Group>
    </Stack>
  );
}
