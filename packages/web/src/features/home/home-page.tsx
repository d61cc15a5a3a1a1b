import { Anchor, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { spotlight } from '@mantine/spotlight';
import { IconSearch } from '@tabler/icons-react';
import { Link } from 'react-router-dom';
import { useBlueprints, useCatalogStats } from '../../api/catalog.hooks.ts';
import { BlueprintIcon } from '../../components/blueprint-icon.tsx';
import { recentEntities } from '../../lib/recent.ts';
import { MyTeamsWidget } from './my-teams-widget.tsx';

/** Search first, then a grid of widgets: what the catalog holds, what I looked at, where to go. */
export default function HomePage() {
  const blueprints = useBlueprints();
  const stats = useCatalogStats();
  const recent = recentEntities.list();
  const withEntities = (blueprints.data ?? []).filter((b) => (stats.data?.[b.identifier] ?? 0) > 0);
  return (
    <Stack gap="lg" maw={1200}>
      <Card withBorder padding="lg" component="button" type="button" onClick={() => spotlight.open()} style={{ cursor: 'text', textAlign: 'left', width: '100%' }}>
        <Group gap="sm"><IconSearch aria-hidden /><Text c="dimmed" size="lg">Search services, APIs, teams, anything — press Ctrl/⌘ K</Text></Group>
      </Card>
      <SimpleGrid cols={{ base: 1, md: 2, lg: 3 }}>
        <MyTeamsWidget />
        <Card withBorder>
          <Title order={2} size="h4" mb="sm">Catalog</Title>
          <Stack gap={4}>
            {withEntities.length === 0 && <Text c="dimmed" size="sm">The catalog is empty. <Anchor component={Link} to="/import">Import a catalog</Anchor> to begin.</Text>}
            {withEntities.map((b) => (
              <Group key={b.identifier} justify="space-between">
                <Anchor component={Link} to={`/catalog/${b.identifier}`} size="sm"><Group gap={6}><BlueprintIcon blueprint={b} size={16} />{b.title}</Group></Anchor>
                <Text size="sm" fw={600}>{stats.data?.[b.identifier]}</Text>
              </Group>
            ))}
          </Stack>
        </Card>
        <Card withBorder>
          <Title order={2} size="h4" mb="sm">Recently viewed</Title>
          <Stack gap={4}>
            {recent.length === 0 && <Text c="dimmed" size="sm">Entities you open appear here.</Text>}
            {recent.map((r) => (
              <Anchor key={`${r.blueprint}:${r.identifier}`} component={Link} to={`/catalog/${r.blueprint}/${encodeURIComponent(r.identifier)}`} size="sm">
                {r.title} <Text span c="dimmed" size="xs">{r.blueprint}</Text>
              </Anchor>
            ))}
          </Stack>
        </Card>
        <Card withBorder>
          <Title order={2} size="h4" mb="sm">Quick links</Title>
          <Stack gap={4}>
            <Anchor component={Link} to="/data-model" size="sm">Data model: blueprints and relations</Anchor>
            <Anchor component={Link} to="/data-model/new" size="sm">Create a blueprint</Anchor>
            <Anchor component={Link} to="/import" size="sm">Import Backstage YAML, CSV or JSON</Anchor>
            <Anchor href="/api/docs" size="sm">API reference</Anchor>
          </Stack>
        </Card>
      </SimpleGrid>
    </Stack>
  );
}
