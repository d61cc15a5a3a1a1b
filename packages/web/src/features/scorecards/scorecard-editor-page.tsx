import { useState } from 'react';
import { ActionIcon, Alert, Button, Card, Code, Group, JsonInput, Select, SimpleGrid, Skeleton, Stack, Tabs, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useNavigate, useParams } from 'react-router-dom';
import { useBlueprint, useSaveScorecard, useScorecard, useScorecardPreview } from '../../api/catalog.hooks.ts';
import { ApiError } from '../../api/http.ts';
import { ErrorState } from '../../components/error-state.tsx';
import { RuleBuilder } from '../catalog/rule-builder.tsx';
import type { Blueprint, Scorecard } from '../../api/types.ts';
import { LevelBar } from './level-bar.tsx';
import { emptyScorecard, fromJson, isFlat, previewable, toRequest } from './scorecard-draft.ts';

const COLOURS = ['gray', 'red', 'orange', 'yellow', 'green', 'teal', 'cyan', 'blue', 'indigo', 'grape', 'pink'];

/** Create or edit a scorecard: levels, rules built with the rule builder, a JSON view, and a live preview of the levels. */
export default function ScorecardEditorPage() {
  const { blueprint: blueprintId = '', identifier } = useParams();
  const blueprint = useBlueprint(blueprintId);
  const existing = useScorecard(blueprintId, identifier);
  if (blueprint.error) return <ErrorState error={blueprint.error} what="load the blueprint" />;
  if (!blueprint.data || (identifier && !existing.data)) return existing.error ? <ErrorState error={existing.error} what="load the scorecard" /> : <Skeleton h={300} />;
  return <ScorecardEditor key={identifier ?? 'new'} blueprint={blueprint.data} initial={existing.data?.scorecard ?? emptyScorecard(blueprintId)} creating={!identifier} />;
}

function ScorecardEditor({ blueprint, initial, creating }: { blueprint: Blueprint; initial: Scorecard; creating: boolean }) {
  const [draft, setDraft] = useState(initial);
  const [debounced] = useDebouncedValue(draft, 400);
  const preview = useScorecardPreview(blueprint.identifier, previewable(debounced) ? toRequest({ ...debounced, identifier: debounced.identifier || 'preview' }) : null);
  const save = useSaveScorecard(blueprint.identifier);
  const navigate = useNavigate();
  const error = save.error instanceof ApiError ? save.error : null;
  const previewError = preview.error instanceof ApiError ? preview.error : null;
  const problem = (path: string) => error?.detailFor(path) ?? previewError?.detailFor(path);
  const levelTitles = draft.levels.map((l) => l.title);
  const setRule = (index: number, change: Partial<Scorecard['rules'][number]>) => setDraft({ ...draft, rules: draft.rules.map((r, i) => (i === index ? { ...r, ...change } : r)) });
  return (
    <Stack maw={1200}>
      <Title order={1} size="h2">{creating ? `New scorecard for ${blueprint.title}` : `Edit ${initial.title}`}</Title>
      <Tabs defaultValue="form" keepMounted={false}>
        <Tabs.List><Tabs.Tab value="form">Form</Tabs.Tab><Tabs.Tab value="json">JSON</Tabs.Tab></Tabs.List>
        <Tabs.Panel value="form" pt="md">
          <Stack>
            <Group align="flex-start" grow>
              <TextInput label="Identifier" value={draft.identifier} disabled={!creating} onChange={(e) => setDraft({ ...draft, identifier: e.currentTarget.value })} error={problem('/identifier')} required />
              <TextInput label="Title" value={draft.title} onChange={(e) => setDraft({ ...draft, title: e.currentTarget.value })} />
            </Group>
            <Textarea label="Description" value={draft.description ?? ''} onChange={(e) => setDraft({ ...draft, description: e.currentTarget.value })} autosize minRows={1} />
            <Card withBorder>
              <Title order={2} size="h4">Levels</Title>
              <Text size="xs" c="dimmed" mb="xs">From where everyone starts to the top. Rules sit on the levels above the first.</Text>
              <Stack gap="xs">
                {draft.levels.map((level, index) => (
                  <Group key={index} gap="xs" wrap="nowrap">
                    <TextInput aria-label={`Level ${index + 1} title`} size="xs" value={level.title} error={problem(`/levels/${index}`)}
                      onChange={(e) => {
                        const title = e.currentTarget.value;
                        const old = level.title;
                        setDraft({ ...draft, levels: draft.levels.map((l, i) => (i === index ? { ...l, title } : l)), rules: draft.rules.map((r) => (r.level === old ? { ...r, level: title } : r)) });
                      }} />
                    <Select aria-label={`Level ${index + 1} colour`} size="xs" w={120} data={COLOURS} value={level.color} allowDeselect={false}
                      onChange={(color) => setDraft({ ...draft, levels: draft.levels.map((l, i) => (i === index ? { ...l, color: color ?? 'gray' } : l)) })} />
                    {index === 0 && <Text size="xs" c="dimmed">start</Text>}
                    {draft.levels.length > 2 && <ActionIcon variant="subtle" color="red" aria-label={`Remove level ${level.title}`} onClick={() => setDraft({ ...draft, levels: draft.levels.filter((_, i) => i !== index) })}><IconTrash size={14} /></ActionIcon>}
                  </Group>
                ))}
                <Button size="xs" variant="light" w="fit-content" leftSection={<IconPlus size={14} />} onClick={() => setDraft({ ...draft, levels: [...draft.levels, { title: `Level ${draft.levels.length + 1}`, color: 'green' }] })}>Add level</Button>
              </Stack>
            </Card>
            <Title order={2} size="h4">Rules</Title>
            {draft.rules.map((rule, index) => (
              <Card key={index} withBorder data-testid={`scorecard-rule-${index}`}>
                <Group align="flex-start" gap="xs" mb="xs">
                  <TextInput label="Identifier" size="xs" value={rule.identifier} onChange={(e) => setRule(index, { identifier: e.currentTarget.value })} error={problem(`/rules/${index}/identifier`)} />
                  <TextInput label="Title" size="xs" value={rule.title} onChange={(e) => setRule(index, { title: e.currentTarget.value })} />
                  <Select label="Level" size="xs" w={140} data={levelTitles.slice(1)} value={rule.level} onChange={(level) => setRule(index, { level: level ?? '' })} error={problem(`/rules/${index}/level`)} allowDeselect={false} />
                  <Select label="Match" size="xs" w={110} data={[{ value: 'and', label: 'all of' }, { value: 'or', label: 'any of' }]} value={rule.query.combinator} allowDeselect={false}
                    onChange={(combinator) => setRule(index, { query: { ...rule.query, combinator: combinator === 'or' ? 'or' : 'and' } })} />
                  <ActionIcon mt={22} variant="subtle" color="red" aria-label={`Remove rule ${rule.identifier || index + 1}`} onClick={() => setDraft({ ...draft, rules: draft.rules.filter((_, i) => i !== index) })}><IconTrash size={16} /></ActionIcon>
                </Group>
                {isFlat(rule.query)
                  ? <RuleBuilder blueprint={blueprint} rules={rule.query.rules} onChange={(rules) => setRule(index, { query: { ...rule.query, rules } })} />
                  : <Text size="sm" c="dimmed">This rule nests groups; edit it in the JSON tab.</Text>}
                {problem(`/rules/${index}/query`) && <Text size="xs" c="red" role="alert" mt={4}>{problem(`/rules/${index}/query`)}</Text>}
              </Card>
            ))}
            <Button size="xs" variant="light" w="fit-content" leftSection={<IconPlus size={14} />}
              onClick={() => setDraft({ ...draft, rules: [...draft.rules, { identifier: `rule${draft.rules.length + 1}`, title: '', description: null, level: levelTitles[1] ?? '', query: { combinator: 'and', rules: [] } }] })}>Add scorecard rule</Button>
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="json" pt="md"><JsonView draft={draft} onChange={setDraft} /></Tabs.Panel>
      </Tabs>
      <Card withBorder data-testid="scorecard-preview">
        <Title order={2} size="h4" mb="xs">Preview</Title>
        {previewError ? <Text size="sm" c="red" role="alert">{previewError.message}</Text> : preview.data
          ? <LevelBar levels={preview.data} label="Entities per level with this draft" />
          : <Text size="sm" c="dimmed">Fill in the rules to see how many entities would reach each level.</Text>}
      </Card>
      {save.error && !error?.details.length && <ErrorState error={save.error} what="save the scorecard" />}
      {error && error.details.length > 0 && <Alert color="red" title="The scorecard was not saved">{error.details.map((d) => <div key={d.path}><Code>{d.path}</Code> {d.message}</div>)}</Alert>}
      <Group>
        <Button loading={save.isPending} onClick={() => save.mutate({ scorecard: { ...draft, ...toRequest(draft) }, create: creating }, { onSuccess: () => navigate(`/scorecards/${blueprint.identifier}/${encodeURIComponent(draft.identifier)}`) })}>Save scorecard</Button>
        <Button variant="default" onClick={() => navigate(-1)}>Cancel</Button>
      </Group>
    </Stack>
  );
}

/** The draft as JSON (Port's scorecard shape is accepted too); applied when it parses. */
function JsonView({ draft, onChange }: { draft: Scorecard; onChange: (draft: Scorecard) => void }) {
  const [text, setText] = useState(() => JSON.stringify(toRequest(draft), null, 2));
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <SimpleGrid cols={1}>
      <JsonInput label="Scorecard JSON" autosize minRows={12} maxRows={30} value={text} error={problem} formatOnBlur
        onChange={(value) => {
          setText(value);
          try {
            const parsed = fromJson(JSON.parse(value) as unknown);
            setProblem(null);
            onChange({ ...draft, ...parsed, blueprint: draft.blueprint });
          } catch (cause) {
            setProblem((cause as Error).message);
          }
        }} />
    </SimpleGrid>
  );
}
