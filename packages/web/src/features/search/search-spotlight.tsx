import { useState } from 'react';
import { Group, Loader, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { Spotlight, spotlight } from '@mantine/spotlight';
import { IconClock, IconSearch } from '@tabler/icons-react';
import { useNavigate } from 'react-router-dom';
import { useBlueprints, useSearch } from '../../api/catalog.hooks.ts';
import { BlueprintIcon } from '../../components/blueprint-icon.tsx';
import { Highlighted } from '../../components/highlighted.tsx';
import { recentSearches } from '../../lib/recent.ts';

/** Ctrl/Cmd-K from anywhere: results as you type, grouped by blueprint, arrow keys and Enter to open. */
export function SearchSpotlight() {
  const [query, setQuery] = useState('');
  const [debounced] = useDebouncedValue(query, 40);
  const search = useSearch(debounced);
  const blueprints = useBlueprints();
  const navigate = useNavigate();
  const titleOf = (id: string) => blueprints.data?.find((b) => b.identifier === id)?.title ?? id;
  const open = (path: string) => {
    if (query.trim()) recentSearches.add(query);
    spotlight.close();
    void navigate(path);
  };
  const groups = debounced.trim() ? search.data?.groups ?? [] : [];
  const recent = query.trim() ? [] : recentSearches.list();
  return (
    <Spotlight.Root query={query} onQueryChange={setQuery} shortcut={['mod + K', '/']} scrollable maxHeight={480}>
      <Spotlight.Search placeholder="Search entities by name, description, tag…" leftSection={search.isFetching ? <Loader size={16} /> : <IconSearch size={18} aria-hidden />} />
      <Spotlight.ActionsList>
        {recent.length > 0 && (
          <Spotlight.ActionsGroup label="Recent searches">
            {recent.map((q) => (
              <Spotlight.Action key={q} onClick={() => setQuery(q)} closeSpotlightOnTrigger={false}>
                <Group gap="xs"><IconClock size={14} aria-hidden /><Text size="sm">{q}</Text></Group>
              </Spotlight.Action>
            ))}
          </Spotlight.ActionsGroup>
        )}
        {groups.map((group) => (
          <Spotlight.ActionsGroup key={group.blueprint} label={titleOf(group.blueprint)}>
            {group.hits.map((hit) => (
              <Spotlight.Action key={`${hit.blueprint}:${hit.identifier}`} onClick={() => open(`/catalog/${hit.blueprint}/${encodeURIComponent(hit.identifier)}`)} data-testid="search-hit">
                <Group wrap="nowrap" gap="sm" align="flex-start">
                  <BlueprintIcon blueprint={blueprints.data?.find((b) => b.identifier === hit.blueprint)} />
                  <div style={{ minWidth: 0 }}>
                    <Text size="sm" fw={500}><Highlighted html={hit.highlights.title} fallback={hit.title} /></Text>
                    {hit.description && <Text size="xs" c="dimmed" lineClamp={1}><Highlighted html={hit.highlights.description} fallback={hit.description} /></Text>}
                  </div>
                </Group>
              </Spotlight.Action>
            ))}
          </Spotlight.ActionsGroup>
        ))}
        {debounced.trim() && search.data && groups.length === 0 && <Spotlight.Empty>Nothing matches “{debounced}”. Try fewer or shorter words.</Spotlight.Empty>}
        {debounced.trim() && (
          <Spotlight.Action onClick={() => open(`/search?q=${encodeURIComponent(query)}`)}>
            <Text size="sm" c="dimmed">See all results for “{query}”</Text>
          </Spotlight.Action>
        )}
      </Spotlight.ActionsList>
    </Spotlight.Root>
  );
}
