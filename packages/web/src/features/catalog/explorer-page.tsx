import { useEffect, useMemo, useState } from 'react';
import { Badge, Button, Checkbox, Grid, Group, Popover, ScrollArea, Skeleton, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconColumns, IconDownload, IconFilter, IconPlus, IconSearch } from '@tabler/icons-react';
import { Link, useParams } from 'react-router-dom';
import { useBlueprint, useBlueprintScorecards, useEntitySearch } from '../../api/catalog.hooks.ts';
import { BlueprintIcon } from '../../components/blueprint-icon.tsx';
import { ErrorState } from '../../components/error-state.tsx';
import { NotFoundPage } from '../../components/not-found-page.tsx';
import { availableColumns, defaultColumnIds, facetProperties } from './explorer-columns.ts';
import { explorerQuery, useExplorerState } from './explorer-state.ts';
import { EntityTable } from './entity-table.tsx';
import { FacetSidebar } from './facet-sidebar.tsx';
import { RuleBuilder } from './rule-builder.tsx';
import { exportViewAsCsv } from './csv-export.ts';
import { SavedViewsMenu } from './saved-views-menu.tsx';

const PAGE = 50;

/** The catalog explorer of one blueprint: facets, rules, sortable columns, pages from the server. */
export default function ExplorerPage() {
  const { blueprint: blueprintId = '' } = useParams();
  const blueprint = useBlueprint(blueprintId);
  const [state, update] = useExplorerState();
  const [text, setText] = useState(state.text);
  const [debouncedText] = useDebouncedValue(text, 250);
  const [cursors, setCursors] = useState<string[]>([]);
  const [showRules, setShowRules] = useState(state.rules.length > 0);
  useEffect(() => { if (debouncedText !== state.text) update({ text: debouncedText }); }, [debouncedText]); // eslint-disable-line react-hooks/exhaustive-deps

  const scorecards = useBlueprintScorecards(blueprintId);
  const facets = useMemo(() => (blueprint.data ? facetProperties(blueprint.data, scorecards.data) : []), [blueprint.data, scorecards.data]);
  const operators = Object.fromEntries(facets.map((f) => [f.property, f.operator]));
  const query = explorerQuery(blueprintId, state, operators);
  const sort = state.sort ? [state.sort] : [{ property: '$title', order: 'asc' as const }];
  const cursor = cursors[cursors.length - 1];
  const page = useEntitySearch({ query, sort, limit: PAGE, ...(cursor ? { cursor } : {}) }, { enabled: Boolean(blueprint.data) });
  const queryKey = JSON.stringify([query, sort]);
  useEffect(() => setCursors([]), [queryKey]);

  if (blueprint.isLoading) return <Skeleton h={300} />;
  if (blueprint.error) return <ErrorState error={blueprint.error} what="load the data model" onRetry={() => void blueprint.refetch()} />;
  if (!blueprint.data) return <NotFoundPage />;
  const bp = blueprint.data;
  const all = availableColumns(bp, scorecards.data);
  const chosen = state.columns ?? defaultColumnIds(bp);
  const columns = chosen.map((id) => all.find((c) => c.id === id)).filter((c) => c !== undefined);
  const total = page.data?.total;

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Group gap="sm">
          <BlueprintIcon blueprint={bp} size={26} />
          <Title order={1} size="h2">{bp.title}</Title>
          {total !== undefined && <Badge variant="light" size="lg" data-testid="entity-count">{total}</Badge>}
        </Group>
        <Group gap="xs">
          <SavedViewsMenu blueprint={bp.identifier} state={state} onOpen={(view) => {
            setText(view.text ?? '');
            update({ text: view.text ?? '', facets: view.facets ?? {}, rules: view.rules ?? [], sort: view.sort ?? null, columns: view.columns ?? null });
          }} />
          <Popover position="bottom-end" shadow="md" withinPortal>
            <Popover.Target><Button variant="default" size="xs" leftSection={<IconColumns size={14} />}>Columns</Button></Popover.Target>
            <Popover.Dropdown>
              <ScrollArea.Autosize mah={360}>
                <Checkbox.Group value={chosen} onChange={(ids) => update({ columns: all.map((c) => c.id).filter((id) => ids.includes(id)) })} label="Show columns">
                  <Stack gap={4} mt={6}>{all.map((c) => <Checkbox key={c.id} value={c.id} label={c.kind === 'relation' ? `${c.label} (relation)` : c.label} size="xs" />)}</Stack>
                </Checkbox.Group>
              </ScrollArea.Autosize>
            </Popover.Dropdown>
          </Popover>
          <Button variant="default" size="xs" leftSection={<IconDownload size={14} />} onClick={() => {
            exportViewAsCsv(bp, query, sort, columns).then(
              (rows) => notifications.show({ message: `Exported ${rows} rows as CSV` }),
              (error: Error) => notifications.show({ color: 'red', title: 'Export failed', message: error.message }),
            );
          }}>Export CSV</Button>
          <Button size="xs" leftSection={<IconPlus size={14} />} component={Link} to={`/catalog/${bp.identifier}/new`}>New {bp.title.toLowerCase()}</Button>
        </Group>
      </Group>
      {bp.description && <Text c="dimmed" size="sm">{bp.description}</Text>}
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 3, lg: 2 }}>
          <FacetSidebar blueprint={bp.identifier} facets={facets} selected={state.facets} onChange={(property, values) => update({ facets: { ...state.facets, [property]: values } })} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 9, lg: 10 }}>
          <Stack gap="sm">
            <Group gap="xs">
              <TextInput placeholder="Filter by title or identifier" aria-label="Filter by title or identifier" leftSection={<IconSearch size={14} />} value={text} onChange={(e) => setText(e.currentTarget.value)} size="xs" w={280} />
              <Button size="xs" variant={showRules ? 'light' : 'default'} leftSection={<IconFilter size={14} />} onClick={() => setShowRules(!showRules)}>Rules{state.rules.length ? ` (${state.rules.length})` : ''}</Button>
              {(state.text || state.rules.length > 0 || Object.values(state.facets).some((v) => v.length)) && (
                <Button size="xs" variant="subtle" onClick={() => { setText(''); update({ text: '', facets: {}, rules: [] }); }}>Clear filters</Button>
              )}
            </Group>
            {showRules && <RuleBuilder blueprint={bp} rules={state.rules} onChange={(rules) => update({ rules })} />}
            {page.error ? <ErrorState error={page.error} what="load entities" onRetry={() => void page.refetch()} />
              : page.isLoading ? <Skeleton h={400} />
              : page.data && page.data.entities.length === 0
                ? <Text c="dimmed" ta="center" py="xl">No {bp.title.toLowerCase()} entities match. {Object.keys(state.facets).length || state.text || state.rules.length ? 'Clear some filters, or ' : ''}<Link to={`/catalog/${bp.identifier}/new`}>create one</Link>.</Text>
                : <EntityTable blueprint={bp} entities={page.data?.entities ?? []} columns={columns} sort={state.sort} onSort={(s) => update({ sort: s })} />}
            <Group justify="space-between">
              <Text size="xs" c="dimmed">{total !== undefined ? `${cursors.length * PAGE + 1}–${cursors.length * PAGE + (page.data?.entities.length ?? 0)} of ${total}` : ''}</Text>
              <Group gap="xs">
                <Button size="xs" variant="default" disabled={cursors.length === 0} onClick={() => setCursors(cursors.slice(0, -1))}>Previous</Button>
                <Button size="xs" variant="default" disabled={!page.data?.next} onClick={() => page.data?.next && setCursors([...cursors, page.data.next])}>Next</Button>
              </Group>
            </Group>
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
