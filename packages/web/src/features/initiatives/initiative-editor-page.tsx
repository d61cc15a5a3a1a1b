import { Alert, Button, Card, Group, MultiSelect, SegmentedControl, Select, Skeleton, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { useBlueprintScorecards, useBlueprints } from '../../api/catalog.hooks.ts';
import { useInitiative, useSaveInitiative } from '../../api/initiative.hooks.ts';
import { ApiError } from '../../api/http.ts';
import type { Initiative, Rule } from '../../api/types.ts';
import { ErrorState } from '../../components/error-state.tsx';
import { RuleBuilder } from '../catalog/rule-builder.tsx';

interface Draft {
  identifier: string;
  title: string;
  description: string;
  blueprint: string | null;
  scorecard: string | null;
  mode: 'level' | 'rules';
  level: string | null;
  rules: string[];
  filter: Rule[];
  deadline: string;
  owner: string;
}

const empty = (): Draft => ({ identifier: '', title: '', description: '', blueprint: null, scorecard: null, mode: 'level', level: null, rules: [], filter: [], deadline: '', owner: '' });

function fromInitiative(i: Initiative): Draft {
  return {
    identifier: i.identifier, title: i.title, description: i.description ?? '', blueprint: i.blueprint, scorecard: i.scorecard,
    mode: 'level' in i.target ? 'level' : 'rules', level: 'level' in i.target ? i.target.level : null, rules: 'rules' in i.target ? i.target.rules : [],
    filter: (i.filter?.rules ?? []) as Rule[], deadline: i.deadline.slice(0, 10), owner: i.owner ?? '',
  };
}

function toInitiative(d: Draft): Initiative {
  return {
    identifier: d.identifier.trim(), title: d.title.trim(), description: d.description || null, blueprint: d.blueprint ?? '', scorecard: d.scorecard ?? '',
    target: d.mode === 'level' ? { level: d.level ?? '' } : { rules: d.rules },
    filter: d.filter.length ? { combinator: 'and', rules: d.filter } : null,
    deadline: d.deadline, owner: d.owner.trim() || null,
  };
}

/** Creates or edits an initiative: a scorecard target, which entities it covers, a deadline and an owner. */
export default function InitiativeEditorPage() {
  const { identifier } = useParams();
  const isNew = !identifier;
  const existing = useInitiative(identifier);
  const blueprints = useBlueprints();
  const [draft, setDraft] = useState<Draft>(empty);
  const scorecards = useBlueprintScorecards(draft.blueprint ?? '');
  const save = useSaveInitiative();
  const navigate = useNavigate();
  useEffect(() => { if (existing.data) setDraft(fromInitiative(existing.data.initiative)); }, [existing.data]);

  if (!isNew && existing.error) return <ErrorState error={existing.error} what="load the initiative" />;
  if ((!isNew && !existing.data) || !blueprints.data) return <Skeleton h={300} />;
  const set = (change: Partial<Draft>) => setDraft({ ...draft, ...change });
  const error = save.error instanceof ApiError ? save.error : null;
  const at = (path: string) => error?.detailFor(path);
  const blueprint = blueprints.data.find((b) => b.identifier === draft.blueprint);
  const scorecard = (draft.blueprint ? scorecards.data ?? [] : []).find((s) => s.identifier === draft.scorecard);
  const submit = () => save.mutate({ initiative: toInitiative(draft), create: isNew }, {
    onSuccess: ({ initiative }) => void navigate(`/initiatives/${encodeURIComponent(initiative.identifier)}`),
  });
  return (
    <Stack maw={900}>
      <Title order={1} size="h2">{isNew ? 'New initiative' : `Edit ${existing.data?.initiative.title ?? ''}`}</Title>
      <Group grow align="flex-start">
        <TextInput label="Identifier" required disabled={!isNew} value={draft.identifier} onChange={(e) => set({ identifier: e.currentTarget.value })} error={at('/identifier')} />
        <TextInput label="Title" required value={draft.title} onChange={(e) => set({ title: e.currentTarget.value })} error={at('/title')} />
      </Group>
      <Textarea label="Description" value={draft.description} onChange={(e) => set({ description: e.currentTarget.value })} autosize minRows={1} />
      <Group grow align="flex-start">
        <Select label="Blueprint" required searchable data={blueprints.data.map((b) => ({ value: b.identifier, label: b.title }))} value={draft.blueprint} onChange={(v) => set({ blueprint: v, scorecard: null, level: null, rules: [], filter: [] })} error={at('/blueprint')} />
        <Select label="Scorecard" required data={(scorecards.data ?? []).map((s) => ({ value: s.identifier, label: s.title }))} value={draft.scorecard} onChange={(v) => set({ scorecard: v, level: null, rules: [] })} disabled={!draft.blueprint} error={at('/scorecard')} />
      </Group>
      <Card withBorder>
        <Text fw={500} size="sm" mb="xs">Target</Text>
        <SegmentedControl aria-label="Target kind" data={[{ value: 'level', label: 'Reach a level' }, { value: 'rules', label: 'Pass chosen rules' }]} value={draft.mode} onChange={(v) => set({ mode: v as Draft['mode'] })} mb="sm" />
        {draft.mode === 'level' ? (
          <Select label="Level" data={(scorecard?.levels ?? []).slice(1).map((l) => l.title)} value={draft.level} onChange={(v) => set({ level: v })} disabled={!scorecard} error={at('/target/level') ?? at('/target')} />
        ) : (
          <MultiSelect label="Rules" data={(scorecard?.rules ?? []).map((r) => ({ value: r.identifier, label: r.title }))} value={draft.rules} onChange={(v) => set({ rules: v })} disabled={!scorecard} error={at('/target/rules') ?? at('/target')} />
        )}
      </Card>
      {blueprint && (
        <Card withBorder>
          <Text fw={500} size="sm">Scope</Text>
          <Text size="xs" c="dimmed" mb="xs">Every {blueprint.title} the scorecard scores, or only those matching these rules.</Text>
          <RuleBuilder blueprint={blueprint} rules={draft.filter} onChange={(filter) => set({ filter })} />
        </Card>
      )}
      <Group grow align="flex-start">
        <TextInput label="Deadline" type="date" required value={draft.deadline} onChange={(e) => set({ deadline: e.currentTarget.value })} error={at('/deadline')} />
        <TextInput label="Owner" description="A team or a person" value={draft.owner} onChange={(e) => set({ owner: e.currentTarget.value })} />
      </Group>
      {error && <Alert color="red" title="The server refused the initiative" role="alert">{error.message}</Alert>}
      {save.error && !error && <ErrorState error={save.error} what="save the initiative" />}
      <Group><Button onClick={submit} loading={save.isPending}>{isNew ? 'Create initiative' : 'Save initiative'}</Button><Button variant="default" onClick={() => void navigate('/initiatives')}>Cancel</Button></Group>
    </Stack>
  );
}
