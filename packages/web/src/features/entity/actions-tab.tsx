import { Button, Card, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router-dom';
import { useActions, useRuns } from '../../api/action.hooks.ts';
import type { Entity } from '../../api/types.ts';
import { RunTable } from '../actions/runs-page.tsx';

/** The day-2 actions offered on this entity, and the runs that touched it. */
export function ActionsTab({ entity }: { entity: Entity }) {
  const actions = useActions();
  const runs = useRuns({ blueprint: entity.blueprint, entity: entity.identifier });
  const offered = (actions.data ?? []).filter((a) => a.blueprint === entity.blueprint && a.operation !== 'CREATE' && a.allowed !== false);
  return (
    <Stack>
      <Card withBorder>
        <Title order={2} size="h5" mb="xs">Actions</Title>
        {!actions.data ? <Skeleton h={40} /> : offered.length === 0 ? <Text size="sm" c="dimmed">No day-2 actions for this {entity.blueprint}.</Text> : (
          <Group>
            {offered.map((a) => (
              <Button key={a.identifier} size="xs" variant="light" component={Link} to={`/self-service/${encodeURIComponent(a.identifier)}?entity=${encodeURIComponent(entity.identifier)}`}>{a.title}</Button>
            ))}
          </Group>
        )}
        <Text size="xs" c="dimmed" mt="xs">An action offered here may still refuse this entity if it does not meet the action's condition.</Text>
      </Card>
      <Card withBorder>
        <Title order={2} size="h5" mb="xs">Runs</Title>
        {!runs.data ? <Skeleton h={40} /> : runs.data.length === 0 ? <Text size="sm" c="dimmed">No runs on this entity yet.</Text> : <RunTable runs={runs.data} />}
      </Card>
    </Stack>
  );
}
