import { Anchor, Button, Card, Group, Select, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useBlueprints, useScorecardOverview } from '../../api/catalog.hooks.ts';
import { ErrorState } from '../../components/error-state.tsx';
import { LevelBar } from './level-bar.tsx';

/** Every scorecard: where the catalog stands on each, and a way to add one. */
export default function ScorecardsPage() {
  const overview = useScorecardOverview();
  const blueprints = useBlueprints();
  const navigate = useNavigate();
  const [blueprint, setBlueprint] = useState<string | null>(null);
  return (
    <Stack maw={1200}>
      <Group justify="space-between" align="flex-end">
        <Title order={1} size="h2">Scorecards</Title>
        <Group align="flex-end">
          <Select aria-label="Blueprint for a new scorecard" placeholder="Blueprint" data={(blueprints.data ?? []).map((b) => ({ value: b.identifier, label: b.title }))} value={blueprint} onChange={setBlueprint} size="xs" searchable w={180} />
          <Button size="xs" disabled={!blueprint} onClick={() => blueprint && navigate(`/scorecards/${blueprint}/new`)}>New scorecard</Button>
        </Group>
      </Group>
      <Text c="dimmed" size="sm">Standards per blueprint: each entity climbs the levels by passing every rule of a level and of the levels below. Results update with every change.</Text>
      {overview.error ? <ErrorState error={overview.error} what="list scorecards" /> : !overview.data ? <Skeleton h={200} /> : overview.data.length === 0 ? (
        <Text>No scorecards yet. Pick a blueprint and create one, or POST Port scorecard JSON to the API.</Text>
      ) : (
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          {overview.data.map(({ scorecard, levels }) => (
            <Card key={`${scorecard.blueprint}/${scorecard.identifier}`} withBorder>
              <Group justify="space-between" mb="xs">
                <Anchor component={Link} to={`/scorecards/${scorecard.blueprint}/${encodeURIComponent(scorecard.identifier)}`} fw={600}>{scorecard.title}</Anchor>
                <Text size="xs" c="dimmed">{scorecard.blueprint} · {scorecard.rules.length} rules</Text>
              </Group>
              <LevelBar levels={levels} label={`${scorecard.title}: entities per level`} />
            </Card>
          ))}
        </SimpleGrid>
      )}
    </Stack>
  );
}
