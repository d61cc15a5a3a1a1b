import { Anchor, Card, Group, Skeleton, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useBlueprints, useSearch } from '../../api/catalog.hooks.ts';
import { ErrorState } from '../../components/error-state.tsx';
import { Highlighted } from '../../components/highlighted.tsx';

/** Full search results, grouped by blueprint; the URL holds the query. */
export default function SearchPage() {
  const [params, setParams] = useSearchParams();
  const [q, setQ] = useState(params.get('q') ?? '');
  const [debounced] = useDebouncedValue(q, 150);
  const search = useSearch(debounced);
  const blueprints = useBlueprints();
  return (
    <Stack maw={900}>
      <Title order={1} size="h2">Search</Title>
      <TextInput aria-label="Search" value={q} placeholder="Search the catalog" onChange={(e) => { setQ(e.currentTarget.value); setParams({ q: e.currentTarget.value }, { replace: true }); }} />
      {search.error && <ErrorState error={search.error} what="search" onRetry={() => void search.refetch()} />}
      {search.isLoading && <Skeleton h={200} />}
      {search.data?.groups.length === 0 && <Text c="dimmed">Nothing matches “{debounced}”.</Text>}
      {search.data?.groups.map((group) => (
        <Card key={group.blueprint} withBorder>
          <Title order={2} size="h5" mb="xs">{blueprints.data?.find((b) => b.identifier === group.blueprint)?.title ?? group.blueprint}</Title>
          <Stack gap={6}>
            {group.hits.map((hit) => (
              <div key={hit.identifier}>
                <Anchor component={Link} to={`/catalog/${hit.blueprint}/${encodeURIComponent(hit.identifier)}`} fw={500}><Highlighted html={hit.highlights.title} fallback={hit.title} /></Anchor>
                {hit.description && <Text size="sm" c="dimmed" lineClamp={2}><Highlighted html={hit.highlights.description} fallback={hit.description} /></Text>}
                <Group gap={4}><Text size="xs" c="dimmed">{hit.identifier}</Text></Group>
              </div>
            ))}
          </Stack>
        </Card>
      ))}
    </Stack>
  );
}
