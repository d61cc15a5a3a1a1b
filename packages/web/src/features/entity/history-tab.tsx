import { Badge, Code, Group, Skeleton, Table, Text, Timeline } from '@mantine/core';
import { useAudit } from '../../api/catalog.hooks.ts';
import { ErrorState } from '../../components/error-state.tsx';
import { RelativeTime } from '../../components/property-value.tsx';

const short = (value: unknown) => {
  const text = JSON.stringify(value);
  return text === undefined ? '' : text.length > 120 ? `${text.slice(0, 120)}…` : text;
};

/** Who changed what, when: the audit log of this entity with each change's JSON Patch. */
export function HistoryTab({ blueprint, identifier }: { blueprint: string; identifier: string }) {
  const audit = useAudit({ resourceType: 'entity', blueprint, identifier });
  if (audit.isLoading) return <Skeleton h={200} />;
  if (audit.error) return <ErrorState error={audit.error} what="load the history" onRetry={() => void audit.refetch()} />;
  const entries = audit.data ?? [];
  if (entries.length === 0) return <Text c="dimmed" size="sm">No recorded changes.</Text>;
  return (
    <Timeline bulletSize={14} lineWidth={2} data-testid="history">
      {entries.map((entry) => (
        <Timeline.Item key={entry.id} title={<Group gap="xs"><Badge size="sm" variant="dot" color={entry.action === 'create' ? 'green' : entry.action === 'delete' ? 'red' : 'blue'}>{entry.action}</Badge><Text size="sm">by {entry.actor}</Text><Text size="xs" c="dimmed"><RelativeTime iso={entry.at} /></Text></Group>}>
          {entry.diff && entry.diff.length > 0 && (
            <Table mt={4} withTableBorder fz="xs">
              <Table.Tbody>
                {entry.diff.map((op, i) => (
                  <Table.Tr key={i}>
                    <Table.Td w={70}><Badge size="xs" variant="outline">{op.op}</Badge></Table.Td>
                    <Table.Td><Code>{op.path}</Code></Table.Td>
                    <Table.Td>{op.op !== 'remove' && <Code>{short(op.value)}</Code>}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Timeline.Item>
      ))}
    </Timeline>
  );
}
