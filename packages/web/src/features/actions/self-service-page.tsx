import { Anchor, Badge, Button, Card, Group, SimpleGrid, Skeleton, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { useActions } from '../../api/action.hooks.ts';
import { useBlueprints, useSession } from '../../api/catalog.hooks.ts';
import { ErrorState } from '../../components/error-state.tsx';

const OPERATION_LABEL = { CREATE: 'Create', 'DAY-2': 'Day-2', DELETE: 'Delete' } as const;

/** The self-service hub: every action, grouped by what it works on, searchable. */
export default function SelfServicePage() {
  const actions = useActions();
  const blueprints = useBlueprints();
  const session = useSession();
  const [search, setSearch] = useState('');
  const groups = useMemo(() => {
    const text = search.trim().toLowerCase();
    const shown = (actions.data ?? []).filter((a) => !text || `${a.title} ${a.description ?? ''} ${a.identifier}`.toLowerCase().includes(text));
    const byGroup = new Map<string, typeof shown>();
    for (const action of shown) {
      const key = action.blueprint ?? '';
      byGroup.set(key, [...(byGroup.get(key) ?? []), action]);
    }
    return [...byGroup].sort(([a], [b]) => a.localeCompare(b));
  }, [actions.data, search]);
  const titleOf = (id: string) => blueprints.data?.find((b) => b.identifier === id)?.title ?? id;
  const isAdmin = session.data?.actor?.role === 'admin';
  return (
    <Stack maw={1200}>
      <Group justify="space-between" align="flex-end">
        <Title order={1} size="h2">Self-service</Title>
        <Group>
          <Button size="xs" variant="default" component={Link} to="/runs">Runs and approvals</Button>
          {isAdmin && <Button size="xs" component={Link} to="/self-service/new">New action</Button>}
        </Group>
      </Group>
      <TextInput aria-label="Search actions" placeholder="Search actions" leftSection={<IconSearch size={14} />} value={search} onChange={(e) => setSearch(e.currentTarget.value)} maw={360} />
      {actions.error ? <ErrorState error={actions.error} what="list actions" /> : !actions.data ? <Skeleton h={200} /> : groups.length === 0 ? (
        <Text>{search ? 'No action matches.' : 'No actions yet. An admin creates them here or POSTs Port action JSON to /api/v1/actions.'}</Text>
      ) : groups.map(([blueprint, list]) => (
        <Stack key={blueprint} gap="xs">
          <Title order={2} size="h4">{blueprint ? titleOf(blueprint) : 'General'}</Title>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
            {list.map((action) => (
              <Card key={action.identifier} withBorder data-testid={`action-${action.identifier}`}>
                <Group justify="space-between" mb={4} wrap="nowrap">
                  <Text fw={600}>{action.title}</Text>
                  <Badge variant="light" tt="none">{OPERATION_LABEL[action.operation]}</Badge>
                </Group>
                {action.description && <Text size="sm" c="dimmed" lineClamp={3}>{action.description}</Text>}
                <Group mt="sm" gap="xs">
                  {action.allowed === false ? <Text size="xs" c="dimmed">You may not run this action.</Text> : (
                    <Button size="xs" component={Link} to={`/self-service/${encodeURIComponent(action.identifier)}`}>{action.operation === 'CREATE' ? 'Start' : 'Choose an entity'}</Button>
                  )}
                  <Anchor size="xs" component={Link} to={`/runs?action=${encodeURIComponent(action.identifier)}`}>Runs</Anchor>
                  {isAdmin && <Anchor size="xs" component={Link} to={`/self-service/${encodeURIComponent(action.identifier)}/edit`}>Edit</Anchor>}
                </Group>
              </Card>
            ))}
          </SimpleGrid>
        </Stack>
      ))}
    </Stack>
  );
}
