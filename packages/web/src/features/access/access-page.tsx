import { Stack, Tabs, Text, Title } from '@mantine/core';
import { useSearchParams } from 'react-router-dom';
import { PeoplePanel } from './people-panel.tsx';
import { TeamsPanel } from './teams-panel.tsx';
import { PermissionsPanel } from './permissions-panel.tsx';
import { UserAccessPanel } from './user-access-panel.tsx';

const TABS = ['people', 'teams', 'permissions', 'check'] as const;

/** Access administration: people and their roles, teams, blueprint permissions, and "what can this user do?". */
export default function AccessPage() {
  const [params, setParams] = useSearchParams();
  const tab = TABS.find((t) => t === params.get('tab')) ?? 'people';
  const user = params.get('user');
  const go = (next: string, extra: Record<string, string> = {}) => setParams({ tab: next, ...extra }, { replace: true });
  return (
    <Stack maw={1200}>
      <Title order={1} size="h2">Access</Title>
      <Text c="dimmed" size="sm">
        Roles: admins do everything; moderators own the blueprints they moderate; members read and change what their teams own (or what a blueprint&apos;s permissions allow); viewers read.
      </Text>
      <Tabs value={tab} onChange={(value) => go(value ?? 'people')} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="people">People and roles</Tabs.Tab>
          <Tabs.Tab value="teams">Teams</Tabs.Tab>
          <Tabs.Tab value="permissions">Blueprint permissions</Tabs.Tab>
          <Tabs.Tab value="check">What can this user do?</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="people" pt="md"><PeoplePanel onCheck={(identifier) => go('check', { user: identifier })} /></Tabs.Panel>
        <Tabs.Panel value="teams" pt="md"><TeamsPanel /></Tabs.Panel>
        <Tabs.Panel value="permissions" pt="md"><PermissionsPanel blueprint={params.get('blueprint')} onBlueprint={(b) => go('permissions', b ? { blueprint: b } : {})} /></Tabs.Panel>
        <Tabs.Panel value="check" pt="md"><UserAccessPanel user={user} onUser={(u) => go('check', u ? { user: u } : {})} /></Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
