import { Anchor, Badge, Group, Skeleton, Stack, Table, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import { useGraph } from '../../api/catalog.hooks.ts';
import { ErrorState } from '../../components/error-state.tsx';

/** Relations grouped by name, in both directions: what this entity points at, and what points at it. */
export function RelationsPanel({ blueprint, identifier }: { blueprint: string; identifier: string }) {
  const graph = useGraph(blueprint, identifier, 1, 'both');
  if (graph.isLoading) return <Skeleton h={120} />;
  if (graph.error) return <ErrorState error={graph.error} what="load relations" onRetry={() => void graph.refetch()} />;
  const data = graph.data;
  if (!data) return null;
  const nodes = new Map(data.nodes.map((n) => [n.id, n]));
  const groups = new Map<string, { direction: 'outgoing' | 'incoming'; relation: string; ids: string[] }>();
  for (const edge of data.edges) {
    const outgoing = edge.source === data.root;
    const key = `${outgoing ? 'out' : 'in'}:${edge.relation}`;
    const group = groups.get(key) ?? { direction: outgoing ? 'outgoing' as const : 'incoming' as const, relation: edge.relation, ids: [] };
    group.ids.push(outgoing ? edge.target : edge.source);
    groups.set(key, group);
  }
  if (groups.size === 0) return <Text c="dimmed" size="sm">No relations yet.</Text>;
  return (
    <Table withTableBorder data-testid="relations">
      <Table.Tbody>
        {[...groups.values()].sort((a, b) => a.direction.localeCompare(b.direction) || a.relation.localeCompare(b.relation)).map((g) => (
          <Table.Tr key={`${g.direction}:${g.relation}`}>
            <Table.Th w={220}>
              <Stack gap={2}>
                <Text size="sm" fw={600}>{g.direction === 'outgoing' ? g.relation : `${g.relation} (from)`}</Text>
                <Badge size="xs" variant="dot" color={g.direction === 'outgoing' ? 'blue' : 'grape'}>{g.direction === 'outgoing' ? 'upstream' : 'downstream'}</Badge>
              </Stack>
            </Table.Th>
            <Table.Td>
              <Group gap="sm">
                {g.ids.map((id) => {
                  const node = nodes.get(id);
                  if (!node) return null;
                  return node.resolved
                    ? <Anchor key={id} component={Link} to={`/catalog/${node.blueprint}/${encodeURIComponent(node.identifier)}`} size="sm">{node.title} <Text span size="xs" c="dimmed">{node.blueprint}</Text></Anchor>
                    : <Text key={id} size="sm" c="dimmed">{node.identifier} (missing)</Text>;
                })}
              </Group>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
