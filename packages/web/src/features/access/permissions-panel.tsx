import { useEffect, useState } from 'react';
import { Alert, Button, Card, Group, MultiSelect, Select, SimpleGrid, Skeleton, Stack, Switch, TagsInput, Text, Title } from '@mantine/core';
import { useBlueprintPermissions, useBlueprints, useSaveBlueprintPermissions } from '../../api/catalog.hooks.ts';
import { ApiError } from '../../api/http.ts';
import { ErrorState } from '../../components/error-state.tsx';
import type { BlueprintPermissions, EntityAction, PermissionRule, Role } from '../../api/types.ts';
import { ROLE_OPTIONS } from './people-panel.tsx';

const ACTIONS: { action: EntityAction; title: string; help: string }[] = [
  { action: 'read', title: 'Read', help: 'See entities anywhere: lists, search, counts, graph, the Backstage API, exports.' },
  { action: 'create', title: 'Create', help: 'Register new entities.' },
  { action: 'update', title: 'Update', help: 'Change existing entities.' },
  { action: 'delete', title: 'Delete', help: 'Remove entities.' },
];

/** Who may read, create, update and delete a blueprint's entities; admins and its moderators always may. */
export function PermissionsPanel({ blueprint, onBlueprint }: { blueprint: string | null; onBlueprint: (blueprint: string | null) => void }) {
  const blueprints = useBlueprints();
  const permissions = useBlueprintPermissions(blueprint);
  return (
    <Stack>
      <Select
        label="Blueprint" placeholder="Choose a blueprint" searchable maw={360} value={blueprint} onChange={onBlueprint}
        data={(blueprints.data ?? []).map((b) => ({ value: b.identifier, label: b.title }))}
      />
      {blueprint && (permissions.error ? <ErrorState error={permissions.error} what="read the permissions" />
        : !permissions.data ? <Skeleton h={200} /> : <PermissionsForm key={blueprint} blueprint={blueprint} initial={permissions.data} />)}
    </Stack>
  );
}

function PermissionsForm({ blueprint, initial }: { blueprint: string; initial: BlueprintPermissions }) {
  const [draft, setDraft] = useState(initial);
  const save = useSaveBlueprintPermissions(blueprint);
  const [saved, setSaved] = useState(false);
  useEffect(() => setSaved(false), [draft]);
  const error = save.error instanceof ApiError ? save.error : null;
  const change = (action: EntityAction, patch: Partial<PermissionRule>) => setDraft({ entities: { ...draft.entities, [action]: { ...draft.entities[action], ...patch } } });
  return (
    <Stack>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        {ACTIONS.map(({ action, title, help }) => {
          const rule = draft.entities[action];
          return (
            <Card key={action} withBorder data-testid={`rule-${action}`}>
              <Title order={2} size="h4">{title}</Title>
              <Text size="xs" c="dimmed" mb="xs">{help}</Text>
              <Stack gap="xs">
                <MultiSelect label="Roles" placeholder="Roles" data={ROLE_OPTIONS} value={rule.roles} onChange={(roles) => change(action, { roles: roles as Role[] })} error={error?.detailFor(`/entities/${action}/roles`)} />
                <TagsInput label="Users" placeholder="user identifiers" value={rule.users} onChange={(users) => change(action, { users })} />
                <TagsInput label="Teams" placeholder="team identifiers" value={rule.teams} onChange={(teams) => change(action, { teams })} />
                <Switch label="Anyone in a team that owns the entity" checked={rule.ownedByTeam} onChange={(e) => change(action, { ownedByTeam: e.currentTarget.checked })} />
              </Stack>
            </Card>
          );
        })}
      </SimpleGrid>
      {save.error && !error?.details.length && <ErrorState error={save.error} what="save the permissions" />}
      {saved && <Alert color="green" title="Saved">The permissions apply from the next request on.</Alert>}
      <Group><Button loading={save.isPending} onClick={() => save.mutate(draft, { onSuccess: () => setSaved(true) })}>Save permissions</Button></Group>
    </Stack>
  );
}
