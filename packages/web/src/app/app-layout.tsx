import { ActionIcon, AppShell, Burger, Group, Kbd, NavLink, ScrollArea, Text, Tooltip, UnstyledButton, useComputedColorScheme, useMantineColorScheme } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { spotlight } from '@mantine/spotlight';
import { IconDatabaseImport, IconHistory, IconHome, IconKey, IconMoon, IconSchema, IconSearch, IconShieldLock, IconSun, IconFlag, IconRocket, IconTrophy } from '@tabler/icons-react';
import { Link, Outlet, useLocation } from 'react-router-dom';
import { useBlueprints, useCatalogStats, useSession } from '../api/catalog.hooks.ts';
import { SignInPage } from './sign-in-page.tsx';
import { UserMenu } from './user-menu.tsx';
import { BlueprintIcon } from '../components/blueprint-icon.tsx';
import { SearchSpotlight } from '../features/search/search-spotlight.tsx';

/** Signs people in first when the portal uses single sign-on; then the frame of every page. */
export function AppLayout() {
  const session = useSession();
  if (session.isPending) return null;
  if (session.data && !session.data.signedIn && session.data.signIn.loginUrl) return <SignInPage loginUrl={session.data.signIn.loginUrl} />;
  return <SignedInLayout />;
}

/** The frame of every page: header with search and theme switch, the catalog's blueprints on the left. */
function SignedInLayout() {
  const [opened, { toggle }] = useDisclosure();
  const location = useLocation();
  const blueprints = useBlueprints();
  const stats = useCatalogStats();
  const session = useSession();
  const isAdmin = session.data?.actor?.role === 'admin' && session.data.actor.scope === 'admin';
  const { setColorScheme } = useMantineColorScheme();
  const scheme = useComputedColorScheme('light');
  const isMac = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform);
  return (
    <AppShell header={{ height: 52 }} navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Text component={Link} to="/" fw={700} size="lg" style={{ textDecoration: 'none', color: 'inherit' }}>Portico</Text>
          </Group>
          <UnstyledButton onClick={() => spotlight.open()} data-testid="open-search"
            style={{ border: '1px solid var(--mantine-color-default-border)', borderRadius: 6, padding: '4px 10px', minWidth: 260 }}>
            <Group gap="xs" justify="space-between" wrap="nowrap">
              <Group gap={6} wrap="nowrap"><IconSearch size={16} aria-hidden /><Text size="sm" c="dimmed">Search the catalog…</Text></Group>
              <Kbd size="xs">{isMac ? '⌘' : 'Ctrl'} K</Kbd>
            </Group>
          </UnstyledButton>
          <Group gap="sm" wrap="nowrap">
          <UserMenu />
          <Tooltip label={scheme === 'dark' ? 'Light mode' : 'Dark mode'}>
            <ActionIcon variant="default" size="lg" aria-label="Toggle colour scheme" onClick={() => setColorScheme(scheme === 'dark' ? 'light' : 'dark')}>
              {scheme === 'dark' ? <IconSun size={18} /> : <IconMoon size={18} />}
            </ActionIcon>
          </Tooltip>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main">
        <NavLink component={Link} to="/" label="Home" leftSection={<IconHome size={16} aria-hidden />} active={location.pathname === '/'} />
        <NavLink component={Link} to="/data-model" label="Data model" leftSection={<IconSchema size={16} aria-hidden />} active={location.pathname.startsWith('/data-model')} />
        <NavLink component={Link} to="/self-service" label="Self-service" leftSection={<IconRocket size={16} aria-hidden />} active={location.pathname.startsWith('/self-service') || location.pathname.startsWith('/runs')} />
        <NavLink component={Link} to="/scorecards" label="Scorecards" leftSection={<IconTrophy size={16} aria-hidden />} active={location.pathname.startsWith('/scorecards')} />
        <NavLink component={Link} to="/initiatives" label="Initiatives" leftSection={<IconFlag size={16} aria-hidden />} active={location.pathname.startsWith('/initiatives')} />
        <NavLink component={Link} to="/import" label="Import" leftSection={<IconDatabaseImport size={16} aria-hidden />} active={location.pathname === '/import'} />
        <NavLink component={Link} to="/settings/tokens" label="API tokens" leftSection={<IconKey size={16} aria-hidden />} active={location.pathname === '/settings/tokens'} />
        <NavLink component={Link} to="/settings/audit" label="Audit log" leftSection={<IconHistory size={16} aria-hidden />} active={location.pathname === '/settings/audit'} />
        {isAdmin && <NavLink component={Link} to="/settings/access" label="Access" leftSection={<IconShieldLock size={16} aria-hidden />} active={location.pathname === '/settings/access'} />}
        <Text size="xs" fw={700} c="dimmed" tt="uppercase" mt="md" mb={4} px="sm">Catalog</Text>
        <AppShell.Section grow component={ScrollArea}>
          {(blueprints.data ?? []).map((b) => (
            <NavLink key={b.identifier} component={Link} to={`/catalog/${b.identifier}`} label={b.title}
              leftSection={<BlueprintIcon blueprint={b} size={16} />}
              rightSection={<Text size="xs" c="dimmed">{stats.data?.[b.identifier] ?? ''}</Text>}
              active={location.pathname === `/catalog/${b.identifier}` || location.pathname.startsWith(`/catalog/${b.identifier}/`)} />
          ))}
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
      <SearchSpotlight />
    </AppShell>
  );
}
