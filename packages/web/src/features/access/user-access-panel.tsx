import { useState } from 'react';
import { Alert, Badge, Button, Group, Select, Skeleton, Stack, Table, Text, TextInput } from '@mantine/core';
import { useBlueprints, useUserAccess, useUsers } from '../../api/catalog.hooks.ts';
import { ErrorState } from '../../components/error-state.tsx';
import type { EntityAction } from '../../api/types.ts';

const ACTIONS: EntityAction[] = ['read', 'create', 'update', 'delete'];
const REACH = {
  all: { label: 'all', color: 'green' },
  owned: { label: 'own teams\u2019', color: 'yellow' },
  none: { label: 'none', color: 'red' },
} as const;

/** "What can this user do?": their role and teams, reach per blueprint, and the decision on one entity with the reason. */
export function UserAccessPanel({ user, onUser }: { user: string | null; onUser: (user: string | null) => void }) {
  const users = useUsers('');
  const blueprints = useBlueprints();
  const [blueprint, setBlueprint] = useState<string | null>(null);
  const [identifier, setIdentifier] = useState('');
  const [entity, setEntity] = useState<{ blueprint: string; identifier: string } | null>(null);
  const report = useUserAccess(user, entity);
  const options = (users.data?.users ?? []).map((u) => ({ value: u.identifier, label: `${u.title} (${u.identifier})` }));
  if (user && !options.some((o) => o.value === user)) options.push({ value: user, label: user });
  return (
    <Stack>
      <Select label="Person" placeholder="Choose someone" searchable maw={360} data={options} value={user} onChange={onUser} />
      <Group align="flex-end">
        <Select label="Blueprint" placeholder="optional" data={(blueprints.data ?? []).map((b) => b.identifier)} value={blueprint} onChange={setBlueprint} clearable w={200} />
        <TextInput label="Entity" placeholder="identifier" value={identifier} onChange={(e) => setIdentifier(e.currentTarget.value)} w={220} />
        <Button variant="default" disabled={!user || !blueprint || !identifier} onClick={() => blueprint && setEntity({ blueprint, identifier })}>Check entity</Button>
      </Group>
      {!user ? null : report.error ? <ErrorState error={report.error} what="check this person's access" /> : !report.data ? <Skeleton h={200} /> : (
        <>
          <Group gap="xs" data-testid="access-summary">
            <Text size="sm">Role</Text><Badge variant="dot">{report.data.role}</Badge>
            <Text size="sm">Teams</Text>{report.data.teams.length ? report.data.teams.map((t) => <Badge key={t} variant="dot" color="gray">{t}</Badge>) : <Text size="sm" c="dimmed">none</Text>}
            {report.data.moderates.length > 0 && <><Text size="sm">Moderates</Text>{report.data.moderates.map((b) => <Badge key={b} variant="dot" color="grape">{b}</Badge>)}</>}
          </Group>
          {report.data.entity && (
            <Alert title={`On ${report.data.entity.blueprint} "${report.data.entity.identifier}" (owned by ${report.data.entity.team.join(', ') || 'no team'})`} data-testid="entity-decisions">
              <Stack gap={4}>
                {ACTIONS.map((action) => {
                  const decision = report.data.entity?.decisions[action];
                  return decision && (
                    <Group key={action} gap="xs" wrap="nowrap">
                      <Badge variant="dot" color={decision.allowed ? 'green' : 'red'} w={110}>{action}: {decision.allowed ? 'yes' : 'no'}</Badge>
                      <Text size="sm">{decision.reason}</Text>
                    </Group>
                  );
                })}
              </Stack>
            </Alert>
          )}
          <Table striped withTableBorder data-testid="access-table">
            <Table.Thead><Table.Tr><Table.Th>Blueprint</Table.Th>{ACTIONS.map((a) => <Table.Th key={a}>{a}</Table.Th>)}</Table.Tr></Table.Thead>
            <Table.Tbody>
              {report.data.blueprints.map((row) => (
                <Table.Tr key={row.blueprint}>
                  <Table.Td>{row.blueprint}</Table.Td>
                  {ACTIONS.map((a) => <Table.Td key={a}><Badge variant="dot" color={REACH[row.reach[a]].color}>{REACH[row.reach[a]].label}</Badge></Table.Td>)}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </Stack>
  );
}
