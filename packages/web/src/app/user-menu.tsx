import { Avatar, Menu, Text, UnstyledButton } from '@mantine/core';
import { IconLogout } from '@tabler/icons-react';
import { useSession, useSignOut } from '../api/catalog.hooks.ts';
import { avatarColour } from '../components/team-avatar.tsx';

/** The signed-in person in the header, with sign-out. */
export function UserMenu() {
  const session = useSession();
  const signOut = useSignOut();
  const actor = session.data?.actor;
  if (!actor) return null;
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <UnstyledButton data-testid="user-menu" style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
          <Avatar size={28} radius="xl" color={avatarColour(actor.name)} variant="light" aria-hidden>{actor.name.split(/\s+/).slice(0, 2).map((w) => w[0]?.toUpperCase()).join('')}</Avatar>
          <Text size="sm" visibleFrom="sm">{actor.name}</Text>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{actor.email ?? actor.id} · {actor.role}</Menu.Label>
        {actor.via === 'session' && <Menu.Item leftSection={<IconLogout size={14} />} onClick={() => signOut.mutate()}>Sign out</Menu.Item>}
      </Menu.Dropdown>
    </Menu>
  );
}
