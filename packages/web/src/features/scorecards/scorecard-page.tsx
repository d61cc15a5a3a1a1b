import '@mantine/charts/styles.css';
import { AreaChart } from '@mantine/charts';
import { Anchor, Badge, Button, Card, Group, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { IconEdit } from '@tabler/icons-react';
import { Link, useParams } from 'react-router-dom';
import { useScorecard, useScorecardInsights } from '../../api/catalog.hooks.ts';
import { ErrorState } from '../../components/error-state.tsx';
import type { Scorecard } from '../../api/types.ts';
import { LevelBar } from './level-bar.tsx';
import { levelColour, levelColourVar } from './level-colour.ts';

/** The explorer, filtered to one level of a scorecard. */
export function explorerAtLevel(scorecard: Scorecard, level: string): string {
  return `/catalog/${scorecard.blueprint}?rules=${encodeURIComponent(JSON.stringify([{ property: `scorecards.${scorecard.identifier}.level`, operator: '=', value: level }]))}`;
}

/** One scorecard: its distribution, per team, per rule, and over time. */
export default function ScorecardPage() {
  const { blueprint = '', identifier = '' } = useParams();
  const scorecard = useScorecard(blueprint, identifier);
  const insights = useScorecardInsights(blueprint, identifier);
  if (scorecard.error) return <ErrorState error={scorecard.error} what="load the scorecard" />;
  if (!scorecard.data) return <Skeleton h={300} />;
  const { scorecard: card, levels } = scorecard.data;
  return (
    <Stack maw={1200}>
      <Group justify="space-between">
        <div>
          <Title order={1} size="h2">{card.title}</Title>
          <Text size="sm" c="dimmed">Scorecard of <Anchor underline="always" component={Link} to={`/catalog/${card.blueprint}`}>{card.blueprint}</Anchor>{card.description ? ` · ${card.description}` : ''}</Text>
        </div>
        <Button size="xs" variant="default" leftSection={<IconEdit size={14} />} component={Link} to={`/scorecards/${card.blueprint}/${encodeURIComponent(card.identifier)}/edit`}>Edit</Button>
      </Group>
      <Card withBorder>
        <LevelBar levels={levels} label="Entities per level" />
        <Group gap="xs" mt="sm">
          {levels.map((level) => (
            <Anchor key={level.title} component={Link} to={explorerAtLevel(card, level.title)} size="sm">See {level.title} ({level.count})</Anchor>
          ))}
        </Group>
      </Card>
      {insights.error ? <ErrorState error={insights.error} what="load the insights" /> : !insights.data ? <Skeleton h={200} /> : (
        <>
          <Card withBorder>
            <Title order={2} size="h4" mb="sm">Trend (last 30 days)</Title>
            <AreaChart
              h={220} type="stacked" dataKey="day" withLegend aria-label="Entities per level by day"
              data={insights.data.trend.map((point) => ({ day: point.day.slice(5), ...Object.fromEntries(card.levels.map((l, i) => [l.title, point.levels[i] ?? 0])) }))}
              series={card.levels.map((l) => ({ name: l.title, color: levelColourVar(l.color) }))}
            />
          </Card>
          <Card withBorder>
            <Title order={2} size="h4" mb="sm">By team</Title>
            <Table striped data-testid="levels-by-team">
              <Table.Thead><Table.Tr><Table.Th>Team</Table.Th>{card.levels.map((l) => <Table.Th key={l.title}>{l.title}</Table.Th>)}</Table.Tr></Table.Thead>
              <Table.Tbody>
                {insights.data.teams.map((row) => (
                  <Table.Tr key={row.team ?? ''}>
                    <Table.Td>{row.team ?? <Text span c="dimmed" size="sm">no team</Text>}</Table.Td>
                    {card.levels.map((l, i) => <Table.Td key={l.title}>{row.levels[i] ?? 0}</Table.Td>)}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Card>
          <Card withBorder>
            <Title order={2} size="h4" mb="sm">Rules</Title>
            <Table striped data-testid="rule-pass-rates">
              <Table.Thead><Table.Tr><Table.Th>Rule</Table.Th><Table.Th>Level</Table.Th><Table.Th>Passing</Table.Th><Table.Th>Failing</Table.Th></Table.Tr></Table.Thead>
              <Table.Tbody>
                {insights.data.rules.map((rule) => {
                  const level = card.levels.find((l) => l.title === rule.level);
                  const failingLink = `/catalog/${card.blueprint}?rules=${encodeURIComponent(JSON.stringify([{ property: `scorecards.${card.identifier}.rules.${rule.identifier}`, operator: '=', value: 'FAILURE' }]))}`;
                  return (
                    <Table.Tr key={rule.identifier}>
                      <Table.Td>{rule.title}</Table.Td>
                      <Table.Td><Badge variant="dot" color={levelColour(level?.color ?? 'gray')}>{rule.level}</Badge></Table.Td>
                      <Table.Td>{rule.passing}</Table.Td>
                      <Table.Td>{rule.failing > 0 ? <Anchor component={Link} to={failingLink} size="sm">{rule.failing}</Anchor> : 0}</Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Card>
        </>
      )}
    </Stack>
  );
}
