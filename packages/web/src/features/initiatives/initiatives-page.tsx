import { Anchor, Badge, Button, Card, Group, Progress, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router-dom';
import { useInitiatives } from '../../api/initiative.hooks.ts';
import { ErrorState } from '../../components/error-state.tsx';
import { deadlineLabel, targetLabel } from './initiative-format.ts';

/** Every initiative: how far each has come and how long is left. */
export default function InitiativesPage() {
  const initiatives = useInitiatives();
  return (
    <Stack maw={1200}>
      <Group justify="space-between" align="flex-end">
        <Title order={1} size="h2">Initiatives</Title>
        <Button size="xs" component={Link} to="/initiatives/new">New initiative</Button>
      </Group>
      <Text c="dimmed" size="sm">Campaigns to bring entities up to a scorecard level (or through chosen rules) by a deadline. Progress counts the entities in scope that meet the target, now.</Text>
      {initiatives.error ? <ErrorState error={initiatives.error} what="list initiatives" /> : !initiatives.data ? <Skeleton h={200} /> : initiatives.data.length === 0 ? (
        <Text>No initiatives yet. Create one from a scorecard's level or rules.</Text>
      ) : (
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          {initiatives.data.map((initiative) => {
            const deadline = deadlineLabel(initiative.deadline);
            return (
              <Card key={initiative.identifier} withBorder data-testid={`initiative-${initiative.identifier}`}>
                <Group justify="space-between" mb={4}>
                  <Anchor component={Link} to={`/initiatives/${encodeURIComponent(initiative.identifier)}`} fw={600}>{initiative.title}</Anchor>
                  <Badge variant="light" color={deadline.color} tt="none">{deadline.text}</Badge>
                </Group>
                <Text size="xs" c="dimmed" mb="xs">{targetLabel(initiative)} · {initiative.blueprint}{initiative.owner ? ` · owner ${initiative.owner}` : ''}</Text>
                {initiative.progress ? (
                  <>
                    <Progress value={initiative.progress.percent} size="lg" aria-label={`${initiative.title}: ${initiative.progress.percent}% compliant`} />
                    <Text size="sm" mt={4}>{initiative.progress.percent}% · {initiative.progress.compliant} of {initiative.progress.total} entities</Text>
                  </>
                ) : <Text size="sm" c="red">Its scorecard no longer exists.</Text>}
              </Card>
            );
          })}
        </SimpleGrid>
      )}
    </Stack>
  );
}
