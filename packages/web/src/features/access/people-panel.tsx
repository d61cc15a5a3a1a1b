import { useState } from 'react';
import { Badge, Button, Group, MultiSelect, Select, Skeleton, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useBlueprints, useSetRole, useUsers } from '../../api/catalog.hooks.ts';
import { ErrorState } from '../../components/error-state.tsx';
import type { DirectoryUser, Role } from '../../api/types.ts';

export const ROLE_OPTIONS: { value: Role; label: string }[] = [
  { value: 'admin', label: 'Admin' }, { value: 'moderator', label: 'Moderator' }, { value: 'member', label: 'Member' }, { value: 'viewer', label: 'Viewer' },
];

/** People (user entities) with their roles; an admin changes a role in place. */
export function PeoplePanel({ onCheck }: { onCheck: (user: string) => void }) {
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q, 250);
  const users = useUsers(debounced);
  return (
    <>
      <TextInput label="Find people" placeholder="name, identifier or e-mail" value={q} onChange={(e) => setQ(e.currentTarget.value)} maw={360} mb="sm" />
      {users.error ? <ErrorState error={users.error} what="list people" /> : !users.data ? <Skeleton h={160} /> : (
        <>
          <Text size="sm" c="dimmed" mb="xs">{users.data.total} people; those without a role of their own are {users.data.defaultRole}s (the default).</Text>
          <Table striped withTableBorder data-testid="people">
            <Table.Thead><Table.Tr><Table.Th>Person</Table.Th><Table.Th>Role</Table.Th><Table.Th>Moderates</Table.Th><Table.Th /></Table.Tr></Table.Thead>
            <Table.Tbody>
              {users.data.users.map((user) => <PersonRow key={user.identifier} user={user} defaultRole={users.data.defaultRole} onCheck={onCheck} />)}
            </Table.Tbody>
          </Table>
        </>
      )}
    </>
  );
}

function PersonRow({ user, defaultRole, onCheck }: { user: DirectoryUser; defaultRole: Role; onCheck: (user: string) => void }) {
  const blueprints = useBlueprints();
  const setRole = useSetRole();
  const [moderates, setModerates] = useState(user.moderates);
  const role = user.role ?? defaultRole;
  const save = (next: Role, nextModerates = moderates) => setRole.mutate({ user: user.identifier, role: next, moderates: nextModerates });
  return (
    <Table.Tr>
      <Table.Td>
        <Text size="sm" fw={500}>{user.title}</Text>
        <Text size="xs" c="dimmed">{user.identifier}{user.email ? ` · ${user.email}` : ''}</Text>
      </Table.Td>
      <Table.Td>
        <Group gap="xs">
          <Select aria-label={`Role of ${user.identifier}`} data={ROLE_OPTIONS} value={role} onChange={(value) => value && save(value as Role)} size="xs" w={140} allowDeselect={false} />
          {user.role === null && <Badge variant="dot" color="gray" size="sm">default</Badge>}
        </Group>
        {setRole.error && <Text size="xs" c="red" role="alert">{setRole.error.message}</Text>}
      </Table.Td>
      <Table.Td>
        {role === 'moderator' ? (
          <MultiSelect
            aria-label={`Blueprints ${user.identifier} moderates`} placeholder="Blueprints" size="xs" searchable maw={320}
            data={(blueprints.data ?? []).map((b) => ({ value: b.identifier, label: b.title }))}
            value={moderates} onChange={setModerates} onDropdownClose={() => save('moderator')}
          />
        ) : <Text size="sm" c="dimmed">—</Text>}
      </Table.Td>
      <Table.Td><Button size="xs" variant="subtle" onClick={() => onCheck(user.identifier)}>What can they do?</Button></Table.Td>
    </Table.Tr>
  );
}
