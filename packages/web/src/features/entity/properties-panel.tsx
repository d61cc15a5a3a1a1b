import { Badge, Group, Table, Text, Tooltip } from '@mantine/core';
import { propertiesOf } from '../../api/blueprint-properties.ts';
import type { Blueprint, Entity } from '../../api/types.ts';
import { PropertyValue } from '../../components/property-value.tsx';

// Shown elsewhere: the definition in its own tab, links in the header.
const HIDDEN = new Set(['definition', 'links']);
const LABELS = { mirror: 'mirrored', calculation: 'calculated', aggregation: 'aggregated' } as const;

/** Every property the blueprint defines (and any extra the entity carries), rendered by format. */
export function PropertiesPanel({ blueprint, entity }: { blueprint: Blueprint; entity: Entity }) {
  const schemas = propertiesOf(blueprint);
  const names = [...new Set([...Object.keys(schemas), ...Object.keys(entity.properties)])].filter((n) => !HIDDEN.has(n));
  const shown = names.filter((n) => entity.properties[n] !== undefined);
  if (shown.length === 0) return <Text c="dimmed" size="sm">No properties set.</Text>;
  return (
    <Table variant="vertical" layout="fixed" withTableBorder>
      <Table.Tbody>
        {shown.map((name) => (
          <Table.Tr key={name}>
            <Table.Th w={200}>
              <Group gap={6} wrap="nowrap">
                <span>{schemas[name]?.title ?? name}</span>
                {schemas[name]?.derived && (
                  <Tooltip label={schemas[name]?.derivation}>
                    <Badge size="xs" variant="light" color="gray" tt="none">{LABELS[schemas[name]?.derived ?? 'mirror']}</Badge>
                  </Tooltip>
                )}
              </Group>
            </Table.Th>
            <Table.Td>{entity.properties[name] === null ? <Text c="dimmed" size="sm">—</Text> : <PropertyValue value={entity.properties[name]} schema={schemas[name]} />}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
