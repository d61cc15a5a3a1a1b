import { Checkbox, Group, Skeleton, Stack, Text } from '@mantine/core';
import { useFacets } from '../../api/catalog.hooks.ts';

/** One facet: the values of a property with their counts, as checkboxes. */
function FacetList({ blueprint, property, label, selected, onChange }: { blueprint: string; property: string; label: string; selected: string[]; onChange: (values: string[]) => void }) {
  const facets = useFacets(blueprint, property);
  const values = (facets.data ?? []).filter((f) => f.value !== null && f.value !== '');
  if (facets.isLoading) return <Skeleton h={60} />;
  if (values.length === 0) return null;
  return (
    <Checkbox.Group label={label} value={selected} onChange={onChange} size="xs">
      <Stack gap={4} mt={4}>
        {values.slice(0, 12).map((f) => {
          const value = String(f.value);
          return (
            <Checkbox key={value} value={value} label={<Group gap={6} wrap="nowrap" justify="space-between"><Text size="xs" truncate maw={140}>{value}</Text><Text size="xs" c="dimmed">{f.count}</Text></Group>} />
          );
        })}
      </Stack>
    </Checkbox.Group>
  );
}

/** The filter sidebar: counts per value from the server's facets, one list per chosen property. */
export function FacetSidebar({ blueprint, facets, selected, onChange }: {
  blueprint: string;
  facets: { property: string; label: string }[];
  selected: Record<string, string[]>;
  onChange: (property: string, values: string[]) => void;
}) {
  return (
    <Stack gap="md" aria-label="Filters" component="aside">
      {facets.map((f) => (
        <FacetList key={f.property} blueprint={blueprint} property={f.property} label={f.label} selected={selected[f.property] ?? []} onChange={(values) => onChange(f.property, values)} />
      ))}
    </Stack>
  );
}
