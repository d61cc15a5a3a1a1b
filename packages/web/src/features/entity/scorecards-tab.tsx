import { Anchor, Badge, Card, Group, List, Skeleton, Stack, Stepper, Text, Title } from '@mantine/core';
import { IconCheck, IconX } from '@tabler/icons-react';
import { Link } from 'react-router-dom';
import { useEntityScorecards } from '../../api/catalog.hooks.ts';
import { ErrorState } from '../../components/error-state.tsx';
import { levelColour } from '../scorecards/level-colour.ts';

/** An entity's scorecards: the ladder with the level reached, and each rule with pass/fail and why. */
export function ScorecardsTab({ blueprint, identifier }: { blueprint: string; identifier: string }) {
  const scorecards = useEntityScorecards(blueprint, identifier);
  if (scorecards.error) return <ErrorState error={scorecards.error} what="load the scorecards" />;
  if (!scorecards.data) return <Skeleton h={200} />;
  if (scorecards.data.length === 0) return <Text c="dimmed">No scorecard scores this entity. <Anchor component={Link} to="/scorecards">Scorecards</Anchor></Text>;
  return (
    <Stack>
      {scorecards.data.map((card) => (
        <Card key={card.identifier} withBorder data-testid={`scorecard-${card.identifier}`}>
          <Group justify="space-between" mb="sm">
            <Anchor component={Link} to={`/scorecards/${blueprint}/${encodeURIComponent(card.identifier)}`} fw={600}>{card.title}</Anchor>
            <Badge variant="dot" color={levelColour(card.levels[card.levelIndex]?.color ?? 'gray')} size="lg" data-testid="reached-level">{card.level}</Badge>
          </Group>
          <Stepper active={card.levelIndex} size="xs" allowNextStepsSelect={false} aria-label={`${card.title} levels`}>
            {card.levels.map((level, index) => (
              <Stepper.Step key={level.title} label={level.title} color={levelColour(level.color)} completedIcon={<IconCheck size={12} />} {...(index === card.levelIndex ? { description: 'reached' } : {})} />
            ))}
          </Stepper>
          <Title order={3} size="h5" mt="md" mb={4}>Rules</Title>
          <Stack gap={6}>
            {card.rules.map((rule) => (
              <div key={rule.identifier}>
                <Group gap="xs" wrap="nowrap">
                  {rule.status === 'SUCCESS' ? <IconCheck size={16} color="var(--mantine-color-green-7)" aria-label="passed" /> : <IconX size={16} color="var(--mantine-color-red-7)" aria-label="failed" />}
                  <Text size="sm">{rule.title}</Text>
                  <Badge variant="dot" size="xs" color={levelColour(card.levels.find((l) => l.title === rule.level)?.color ?? 'gray')}>{rule.level}</Badge>
                </Group>
                {rule.failures.length > 0 && (
                  <List size="xs" c="dimmed" ml={28}>{rule.failures.map((failure, i) => <List.Item key={i}>{failure.message}</List.Item>)}</List>
                )}
              </div>
            ))}
          </Stack>
        </Card>
      ))}
    </Stack>
  );
}
