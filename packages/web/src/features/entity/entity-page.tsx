import { lazy, Suspense, useEffect } from 'react';
import { Grid, Skeleton, Stack, Tabs, Title } from '@mantine/core';
import { useParams, useSearchParams } from 'react-router-dom';
import { useBlueprint, useEntity } from '../../api/catalog.hooks.ts';
import { ErrorState } from '../../components/error-state.tsx';
import { NotFoundPage } from '../../components/not-found-page.tsx';
import { recentEntities } from '../../lib/recent.ts';
import { ApiDefinition } from './api-definition.tsx';
import { EntityHeader } from './entity-header.tsx';
import { HistoryTab } from './history-tab.tsx';
import { PropertiesPanel } from './properties-panel.tsx';
import { RawTab } from './raw-tab.tsx';
import { RelationsPanel } from './relations-panel.tsx';
import { ActionsTab } from './actions-tab.tsx';
import { ScorecardsTab } from './scorecards-tab.tsx';

// React Flow and ELK are large; they load only when the graph tab opens.
const RelationsGraph = lazy(() => import('./relations-graph.tsx'));

/** One entity: header, overview (properties and relations), graph, API reference, history, raw document. */
export default function EntityPage() {
  const { blueprint: blueprintId = '', identifier = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'overview';
  const blueprint = useBlueprint(blueprintId);
  const entity = useEntity(blueprintId, identifier);
  useEffect(() => {
    if (entity.data) recentEntities.add({ blueprint: entity.data.blueprint, identifier: entity.data.identifier, title: entity.data.title });
  }, [entity.data]);

  if (entity.isLoading || blueprint.isLoading) return <Skeleton h={300} />;
  if (entity.error) return <ErrorState error={entity.error} what={`load ${blueprintId} “${identifier}”`} onRetry={() => void entity.refetch()} />;
  if (!entity.data || !blueprint.data) return <NotFoundPage />;
  const definition = entity.data.properties.definition;
  return (
    <Stack gap="md">
      <EntityHeader blueprint={blueprint.data} entity={entity.data} />
      <Tabs value={tab} onChange={(value) => setParams(value && value !== 'overview' ? { tab: value } : {}, { replace: true })} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="overview">Overview</Tabs.Tab>
          <Tabs.Tab value="graph">Relations graph</Tabs.Tab>
          {typeof definition === 'string' && <Tabs.Tab value="definition">API definition</Tabs.Tab>}
          <Tabs.Tab value="scorecards">Scorecards</Tabs.Tab>
          <Tabs.Tab value="actions">Actions</Tabs.Tab>
          <Tabs.Tab value="history">History</Tabs.Tab>
          <Tabs.Tab value="raw">Raw</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="overview" pt="md">
          <Grid gap="lg">
            <Grid.Col span={{ base: 12, lg: 7 }}><Title order={2} size="h4" mb="xs">Properties</Title><PropertiesPanel blueprint={blueprint.data} entity={entity.data} /></Grid.Col>
            <Grid.Col span={{ base: 12, lg: 5 }}><Title order={2} size="h4" mb="xs">Relations</Title><RelationsPanel blueprint={blueprintId} identifier={entity.data.identifier} /></Grid.Col>
          </Grid>
        </Tabs.Panel>
        <Tabs.Panel value="graph" pt="md"><Suspense fallback={<Skeleton h={480} />}><RelationsGraph blueprint={blueprintId} identifier={entity.data.identifier} /></Suspense></Tabs.Panel>
        {typeof definition === 'string' && <Tabs.Panel value="definition" pt="md"><ApiDefinition type={entity.data.properties.type} definition={definition} /></Tabs.Panel>}
        <Tabs.Panel value="scorecards" pt="md"><ScorecardsTab blueprint={blueprintId} identifier={entity.data.identifier} /></Tabs.Panel>
        <Tabs.Panel value="actions" pt="md"><ActionsTab entity={entity.data} /></Tabs.Panel>
        <Tabs.Panel value="history" pt="md"><HistoryTab blueprint={blueprintId} identifier={entity.data.identifier} /></Tabs.Panel>
        <Tabs.Panel value="raw" pt="md"><RawTab entity={entity.data} /></Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
