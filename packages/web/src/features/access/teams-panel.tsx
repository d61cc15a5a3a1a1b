import { Anchor, Badge, Group, Skeleton, Table, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import { useEntitySearch } from '../../api/catalog.hooks.ts';
import { ErrorState } from '../../components/error-state.tsx';
import type { Entity } from '../../api/types.ts';

const byBlueprint = (blueprint: string) => ({ query: { combinator: 'and' as const, rules: [{ property: '$blueprint', operator: '=' as const, value: blueprint }] }, limit: 1000 });
const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : []);

/**
 * Teams (entities of the `team` blueprint) with their parent and members, whether membership is
 * written on the team (`members`) or on the person (`memberOf`). Teams are edited in the catalog.
 */
export function TeamsPanel() {
  const teams = useEntitySearch(byBlueprint('team'));
  const users = useEntitySearch(byBlueprint('user'));
  if (teams.error) return <ErrorState error={teams.error} what="list teams" />;
  if (!teams.data || !users.data) return <Skeleton h={160} />;
  const membersOf = (team: Entity) => {
    const key = team.identifier.toLowerCase();
    const viaUsers = users.data.entities.filter((u) => list(u.relations.memberOf).some((t) => t.toLowerCase() === key)).map((u) => u.identifier);
    return [...new Set([...list(team.relations.members), ...viaUsers])].sort();
  };
  return (
    <>
      <Text size="sm" c="dimmed" mb="xs">Members of a team also count as members of every team below it. Edit teams in the <Anchor component={Link} to="/catalog/team">catalog</Anchor>.</Text>
      <Table striped withTableBorder data-testid="teams">
        <Table.Thead><Table.Tr><Table.Th>Team</Table.Th><Table.Th>Parent</Table.Th><Table.Th>Members</Table.Th></Table.Tr></Table.Thead>
        <Table.Tbody>
          {teams.data.entities.map((team) => (
            <Table.Tr key={team.identifier}>
              <Table.Td><Anchor component={Link} to={`/catalog/team/${encodeURIComponent(team.identifier)}`}>{team.title}</Anchor></Table.Td>
              <Table.Td>{list(team.relations.parent)[0] ?? <Text size="sm" c="dimmed">—</Text>}</Table.Td>
              <Table.Td><Group gap={4}>{membersOf(team).map((m) => <Badge key={m} variant="dot" size="sm">{m}</Badge>)}</Group></Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </>
  );
}
