import { useEffect, useState } from 'react';
import { Alert, Button, Group, JsonInput, NumberInput, Select, Skeleton, Stack, Switch, Tabs, TagsInput, TextInput, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useNavigate, useParams } from 'react-router-dom';
import { useBlueprint, useEntity, useSaveEntity } from '../../api/catalog.hooks.ts';
import { ApiError } from '../../api/http.ts';
import type { Entity, PropertySchema } from '../../api/types.ts';
import { ErrorState } from '../../components/error-state.tsx';

interface Draft {
  identifier: string;
  title: string;
  team: string[];
  properties: Record<string, unknown>;
  relations: Record<string, string | string[] | null>;
}

const draftOf = (entity: Entity | undefined): Draft => (entity
  ? { identifier: entity.identifier, title: entity.title, team: entity.team, properties: entity.properties, relations: entity.relations }
  : { identifier: '', title: '', team: [], properties: {}, relations: {} });

/** One input for a property, chosen by its type and format. */
function PropertyInput({ name, schema, value, required, error, onChange }: { name: string; schema: PropertySchema; value: unknown; required: boolean; error: string | undefined; onChange: (value: unknown) => void }) {
  const label = schema.title ?? name;
  const common = { label, required, error, description: schema.description };
  if (schema.enum) return <Select {...common} data={schema.enum.map(String)} value={value === undefined ? null : String(value)} onChange={(v) => onChange(v === null ? undefined : schema.type === 'number' ? Number(v) : v)} clearable />;
  switch (schema.type) {
    case 'number': return <NumberInput {...common} value={typeof value === 'number' ? value : ''} onChange={(v) => onChange(v === '' ? undefined : Number(v))} />;
    case 'boolean': return <Switch label={label} checked={value === true} onChange={(e) => onChange(e.currentTarget.checked)} error={error} />;
    case 'array': return <TagsInput {...common} value={Array.isArray(value) ? value.map(String) : []} onChange={(v) => onChange(v.length ? v : undefined)} />;
    case 'object': return <JsonInput {...common} defaultValue={value === undefined ? '' : JSON.stringify(value, null, 2)} autosize minRows={3} formatOnBlur validationError="Not valid JSON"
      onBlur={(e) => { try { onChange(e.currentTarget.value.trim() ? JSON.parse(e.currentTarget.value) : undefined); } catch { /* shown by validationError */ } }} />;
    default:
      if (schema.format === 'markdown' || schema.format === 'yaml') return <Textarea {...common} autosize minRows={3} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.currentTarget.value || undefined)} />;
      return <TextInput {...common} type={schema.format === 'email' ? 'email' : schema.format === 'url' ? 'url' : 'text'} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.currentTarget.value || undefined)} />;
  }
}

/** Creates or edits an entity with a form generated from its blueprint, or as JSON. */
export default function EntityEditorPage() {
  const { blueprint: blueprintId = '', identifier } = useParams();
  const isNew = !identifier;
  const blueprint = useBlueprint(blueprintId);
  const existing = useEntity(blueprintId, identifier ?? '', { enabled: !isNew });
  const [draft, setDraft] = useState<Draft>(draftOf(undefined));
  const [tab, setTab] = useState<string | null>('form');
  const [json, setJson] = useState('');
  const save = useSaveEntity(blueprintId);
  const navigate = useNavigate();
  useEffect(() => { if (!isNew && existing.data) setDraft(draftOf(existing.data)); }, [existing.data, isNew]);

  if (blueprint.isLoading || (!isNew && existing.isPending)) return <Skeleton h={300} />;
  if (!blueprint.data) return <ErrorState error={new Error(`There is no blueprint "${blueprintId}"`)} what="open the form" />;
  if (!isNew && existing.error) return <ErrorState error={existing.error} what="load the entity" />;
  const bp = blueprint.data;
  const error = save.error instanceof ApiError ? save.error : null;
  const required = new Set(bp.schema.required ?? []);
  const submit = () => {
    let entity: Record<string, unknown> = { ...draft };
    if (tab === 'json') {
      try {
        entity = JSON.parse(json) as Record<string, unknown>;
      } catch (e) {
        notifications.show({ color: 'red', title: 'The JSON does not parse', message: (e as Error).message });
        return;
      }
    }
    save.mutate({ entity, isNew }, {
      onSuccess: ({ entity: saved }) => {
        notifications.show({ message: `Saved “${saved.title}”` });
        void navigate(`/catalog/${bp.identifier}/${encodeURIComponent(saved.identifier)}`);
      },
    });
  };
  return (
    <Stack maw={800}>
      <Title order={1} size="h2">{isNew ? `New ${bp.title.toLowerCase()}` : `Edit ${existing.data?.title ?? identifier}`}</Title>
      <Tabs value={tab} onChange={(t) => { if (t === 'json') setJson(JSON.stringify(draft, null, 2)); setTab(t); }}>
        <Tabs.List><Tabs.Tab value="form">Form</Tabs.Tab><Tabs.Tab value="json">JSON</Tabs.Tab></Tabs.List>
        <Tabs.Panel value="form" pt="md">
          <Stack gap="sm">
            <TextInput label="Identifier" required disabled={!isNew} value={draft.identifier} onChange={(e) => setDraft({ ...draft, identifier: e.currentTarget.value })} error={error?.detailFor('/identifier')} />
            <TextInput label="Title" value={draft.title} onChange={(e) => setDraft({ ...draft, title: e.currentTarget.value })} error={error?.detailFor('/title')} description="Defaults to the identifier" />
            <TagsInput label="Owning teams" value={draft.team} onChange={(team) => setDraft({ ...draft, team })} error={error?.detailFor('/team')} />
            {Object.entries(bp.schema.properties).map(([name, schema]) => (
              <PropertyInput key={name} name={name} schema={schema} value={draft.properties[name]} required={required.has(name)} error={error?.detailFor(`/properties/${name}`)}
                onChange={(value) => {
                  const properties = { ...draft.properties };
                  if (value === undefined) delete properties[name];
                  else properties[name] = value;
                  setDraft({ ...draft, properties });
                }} />
            ))}
            {Object.entries(bp.relations).map(([name, relation]) => {
              const value = draft.relations[name];
              const label = `${relation.title ?? name} → ${[relation.target].flat().join(' | ')}`;
              const problem = error?.detailFor(`/relations/${name}`);
              return relation.many
                ? <TagsInput key={name} label={label} required={relation.required} value={Array.isArray(value) ? value : []} onChange={(v) => setDraft({ ...draft, relations: { ...draft.relations, [name]: v } })} error={problem} />
                : <TextInput key={name} label={label} required={relation.required} value={typeof value === 'string' ? value : ''} onChange={(e) => setDraft({ ...draft, relations: { ...draft.relations, [name]: e.currentTarget.value || null } })} error={problem} />;
            })}
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="json" pt="md"><JsonInput aria-label="Entity JSON" value={json} onChange={setJson} autosize minRows={14} formatOnBlur validationError="Not valid JSON" /></Tabs.Panel>
      </Tabs>
      {error && <Alert color="red" title="The server refused the entity" role="alert">{error.message}{error.details.length > 0 && <ul>{error.details.map((d) => <li key={d.path + d.message}><code>{d.path}</code> {d.message}</li>)}</ul>}</Alert>}
      {save.error && !error && <ErrorState error={save.error} what="save the entity" />}
      <Group><Button onClick={submit} loading={save.isPending}>{isNew ? 'Create' : 'Save'}</Button><Button variant="default" onClick={() => void navigate(-1)}>Cancel</Button></Group>
    </Stack>
  );
}
