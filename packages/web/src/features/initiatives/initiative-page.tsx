import { LineChart } from '@mantine/charts';
import { Accordion, Anchor, Badge, Button, Card, Group, List, Progress, RingProgress, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { IconEdit } from '@tabler/icons-react';
import { Link, useParams } from 'react-router-dom';
import { useScorecard } from '../../api/catalog.hooks.ts';
import { useInitiative } from '../../api/initiative.hooks.ts';
import { ErrorState } from '../../components/error-state.tsx';
import { deadlineLabel, targetLabel } from './initiative-format.ts';

/** Accordion items need a non-empty value; entities without a team form their own group. */
const itemValue = (team: string | null) => team ?? 'no-team';

/** One initiative: progress now and over time, each team's standing, and what each team must fix. */
export default function InitiativePage() {
  const { identifier } = useParams();
  const detail = useInitiative(identifier);
  const scorecard = useScorecard(detail.data?.initiative.blueprint ?? '', detail.data?.initiative.scorecard);
  if (detail.error) return <ErrorState error={detail.error} what="load the initiative" />;
  if (!detail.data) return <Skeleton h={300} />;
  const { initiative, progress, teams, history } = detail.data;
  const ruleTitle = (id: string) => scorecard.data?.scorecard.rules.find((r) => r.identifier === id)?.title ?? id;
  const deadline = deadlineLabel(initiative.deadline);
  return (
    <Stack maw={1200}>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={1} size="h2">{initiative.title}</Title>
          <Text size="sm" c="dimmed">
            Target: {targetLabel(initiative)} for <Anchor underline="always" component={Link} to={`/catalog/${initiative.blueprint}`}>{initiative.blueprint}</Anchor>
            {initiative.owner ? ` · owner ${initiative.owner}` : ''}{initiative.description ? ` · ${initiative.description}` : ''}
          </Text>
        </div>
        <Group>
          <Badge variant="light" color={deadline.color} tt="none" size="lg">{deadline.text}</Badge>
          <Button size="xs" variant="default" leftSection={<IconEdit size={14} />} component={Link} to={`/initiatives/${encodeURIComponent(initiative.identifier)}/edit`}>Edit</Button>
        </Group>
      </Group>
      <Group align="stretch" grow>
        <Card withBorder>
          <Group>
            <RingProgress size={120} thickness={12} roundCaps sections={[{ value: progress.percent, color: progress.percent >= 100 ? 'teal' : 'blue' }]} label={<Text ta="center" fw={700}>{progress.percent}%</Text>} />
            <div>
              <Text fw={600} data-testid="initiative-progress">{progress.compliant} of {progress.total} entities meet the target</Text>
              <Text size="sm" c="dimmed">{progress.total - progress.compliant} to go</Text>
            </div>
          </Group>
        </Card>
        <Card withBorder>
          <Title order={2} size="h5" mb="xs">Progress over time</Title>
          <div role="img" aria-label={`Percent compliant by day: ${history.map((h) => `${h.day} ${h.percent}%`).join(', ')}`}>
            <LineChart h={120} dataKey="day" data={history.map((h) => ({ day: h.day.slice(5), Compliant: h.percent }))} series={[{ name: 'Compliant', color: 'blue.6' }]} yAxisProps={{ domain: [0, 100] }} unit="%" />
          </div>
        </Card>
      </Group>
      <Card withBorder>
        <Title order={2} size="h4" mb="sm">By team</Title>
        <Table striped data-testid="initiative-teams">
          <Table.Thead><Table.Tr><Table.Th>Team</Table.Th><Table.Th w="40%">Progress</Table.Th><Table.Th>Compliant</Table.Th><Table.Th>To fix</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {teams.map((team) => (
              <Table.Tr key={team.team ?? ''}>
                <Table.Td>{team.team ?? <Text span c="dimmed" size="sm">no team</Text>}</Table.Td>
                <Table.Td><Progress value={team.percent} aria-label={`${team.team ?? 'no team'}: ${team.percent}% compliant`} /></Table.Td>
                <Table.Td>{team.compliant} / {team.total}</Table.Td>
                <Table.Td>{team.total - team.compliant}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Card>
      <Card withBorder>
        <Title order={2} size="h4" mb="sm">What each team must fix</Title>
        {teams.every((t) => t.todo.length === 0) ? <Text size="sm">Nothing: every entity in scope meets the target.</Text> : (
          <Accordion multiple defaultValue={teams.filter((t) => t.todo.length > 0).slice(0, 3).map((t) => itemValue(t.team))} data-testid="initiative-todo">
            {teams.filter((t) => t.todo.length > 0).map((team) => (
              <Accordion.Item key={itemValue(team.team)} value={itemValue(team.team)}>
                <Accordion.Control>{team.team ?? 'No team'} · {team.total - team.compliant} to fix</Accordion.Control>
                <Accordion.Panel>
                  <List spacing={4} size="sm">
                    {team.todo.map((item) => (
                      <List.Item key={item.identifier}>
                        <Anchor underline="always" component={Link} to={`/catalog/${initiative.blueprint}/${encodeURIComponent(item.identifier)}?tab=scorecards`} size="sm">{item.title}</Anchor>
                        {' — '}{item.failing.map(ruleTitle).join(', ')}
                      </List.Item>
                    ))}
                  </List>
                  {team.more > 0 && <Text size="xs" c="dimmed" mt={4}>and {team.more} more</Text>}
                </Accordion.Panel>
              </Accordion.Item>
            ))}
          </Accordion>
        )}
      </Card>
    </Stack>
  );
}
