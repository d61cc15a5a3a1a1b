import { useState } from 'react';
import { Anchor, Card, Group, MultiSelect, Skeleton, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router-dom';
import { useEntitySearch } from '../../api/catalog.hooks.ts';
import { BlueprintIcon } from '../../components/blueprint-icon.tsx';

const KEY = 'portico.my-teams';

function storedTeams(): string[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.map(String) : [];
  } catch {
    return [];
  }
}

/**
 * "My stuff": entities owned by my teams. Until sign-in says who I am, the teams are chosen here
 * and remembered in this browser.
 */
export function MyTeamsWidget() {
  const [teams, setTeams] = useState<string[]>(storedTeams);
  const allTeams = useEntitySearch({ query: { combinator: 'and', rules: [{ property: '$blueprint', operator: '=', value: 'team' }] }, sort: [{ property: '$title', order: 'asc' }], limit: 500 });
  const owned = useEntitySearch({
    query: { combinator: 'and', rules: [{ property: '$team', operator: 'containsAny', value: teams }, { property: '$blueprint', operator: 'notIn', value: ['user', 'location'] }] },
    sort: [{ property: '$updatedAt', order: 'desc' }], limit: 12,
  }, { enabled: teams.length > 0 });
  const choose = (next: string[]) => {
    setTeams(next);
    localStorage.setItem(KEY, JSON.stringify(next));
  };
  return (
    <Card withBorder>
      <Title order={2} size="h4" mb="sm">My teams’ entities</Title>
      <MultiSelect aria-label="My teams" placeholder="Choose your teams" size="xs" searchable clearable mb="sm" value={teams} onChange={choose}
        data={(allTeams.data?.entities ?? []).map((t) => ({ value: t.identifier, label: t.title }))} />
      {teams.length === 0 ? <Text size="sm" c="dimmed">Pick your teams to see what they own.</Text>
        : owned.isLoading ? <Skeleton h={80} />
        : (owned.data?.entities ?? []).length === 0 ? <Text size="sm" c="dimmed">Your teams own nothing in the catalog yet.</Text>
        : (
          <Stack gap={4} data-testid="my-stuff">
            {(owned.data?.entities ?? []).map((e) => (
              <Group key={`${e.blueprint}:${e.identifier}`} gap={6} wrap="nowrap">
                <BlueprintIcon blueprint={{ identifier: e.blueprint, icon: null }} size={14} />
                <Anchor component={Link} to={`/catalog/${e.blueprint}/${encodeURIComponent(e.identifier)}`} size="sm">{e.title}</Anchor>
                <Text size="xs" c="dimmed">{e.blueprint}</Text>
              </Group>
            ))}
            {owned.data?.total !== undefined && owned.data.total > 12 && <Text size="xs" c="dimmed">and {owned.data.total - 12} more</Text>}
          </Stack>
        )}
    </Card>
  );
}
