import { lazy, Suspense } from 'react';
import { Anchor, Button, Group, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { Link } from 'react-router-dom';
import { useBlueprints, useCatalogStats } from '../../api/catalog.hooks.ts';
import { BlueprintIcon } from '../../components/blueprint-icon.tsx';
import { ErrorState } from '../../components/error-state.tsx';

const BlueprintGraph = lazy(() => import('./blueprint-graph.tsx'));

/** The data model: every blueprint with its relations, as a graph and as a list. */
export default function DataModelPage() {
  const blueprints = useBlueprints();
  const stats = useCatalogStats();
  if (blueprints.isLoading) return <Skeleton h={300} />;
  if (blueprints.error) return <ErrorState error={blueprints.error} what="load the data model" onRetry={() => void blueprints.refetch()} />;
  const list = blueprints.data ?? [];
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">Data model</Title>
        <Button size="xs" leftSection={<IconPlus size={14} />} component={Link} to="/data-model/new">New blueprint</Button>
      </Group>
      <Suspense fallback={<Skeleton h={480} />}><BlueprintGraph blueprints={list} /></Suspense>
      <Table striped withTableBorder>
        <Table.Thead><Table.Tr><Table.Th>Blueprint</Table.Th><Table.Th>Properties</Table.Th><Table.Th>Relations</Table.Th><Table.Th>Entities</Table.Th></Table.Tr></Table.Thead>
        <Table.Tbody>
          {list.map((b) => (
            <Table.Tr key={b.identifier}>
              <Table.Td><Anchor component={Link} to={`/data-model/${b.identifier}`}><Group gap={6}><BlueprintIcon blueprint={b} size={16} />{b.title}</Group></Anchor><Text size="xs" c="dimmed">{b.identifier}</Text></Table.Td>
              <Table.Td><Text size="sm">{Object.keys(b.schema.properties).join(', ') || '—'}</Text></Table.Td>
              <Table.Td><Text size="sm">{Object.entries(b.relations).map(([n, r]) => `${n} → ${[r.target].flat().join('|')}`).join(', ') || '—'}</Text></Table.Td>
              <Table.Td><Anchor component={Link} to={`/catalog/${b.identifier}`} size="sm">{stats.data?.[b.identifier] ?? 0}</Anchor></Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
