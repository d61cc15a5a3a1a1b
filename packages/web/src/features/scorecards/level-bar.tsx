import { Group, Progress, Text, Tooltip } from '@mantine/core';
import type { LevelCount } from '../../api/types.ts';
import { levelColour } from './level-colour.ts';

/** How many entities stand on each level, as one bar with a section per level and a legend. */
export function LevelBar({ levels, label }: { levels: LevelCount[]; label: string }) {
  const total = levels.reduce((sum, l) => sum + l.count, 0);
  return (
    <div>
      <Progress.Root size="lg" title={label}>
        {levels.map((level) => level.count > 0 && (
          <Tooltip key={level.title} label={`${level.title}: ${level.count}`}>
            <Progress.Section value={(level.count / Math.max(total, 1)) * 100} color={levelColour(level.color)} aria-label={`${label}: ${level.title} ${level.count}`} />
          </Tooltip>
        ))}
      </Progress.Root>
      <Group gap="md" mt={4}>
        {levels.map((level) => (
          <Group key={level.title} gap={4}>
            <span style={{ width: 10, height: 10, borderRadius: 5, background: `var(--mantine-color-${levelColour(level.color)}-6)`, display: 'inline-block' }} aria-hidden />
            <Text size="xs">{level.title} <Text span c="dimmed" size="xs">{level.count}</Text></Text>
          </Group>
        ))}
      </Group>
    </div>
  );
}
