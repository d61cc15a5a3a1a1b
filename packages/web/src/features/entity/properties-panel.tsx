import { Table, Text } from '@mantine/core';
import type { Blueprint, Entity } from '../../api/types.ts';
import { PropertyValue } from '../../components/property-value.tsx';

// Shown elsewhere: the definition in its own tab, links in the header.
const HIDDEN = new Set(['definition', 'links']);

/** Every property the blueprint defines (and any extra the entity carries), rendered by format. */
export function PropertiesPanel({ blueprint, entity }: { blueprint: Blueprint; entity: Entity }) {
  const names = [...new Set([...Object.keys(blueprint.schema.properties), ...Object.keys(entity.properties)])].filter((n) => !HIDDEN.has(n));
  const shown = names.filter((n) => entity.properties[n] !== undefined);
  if (shown.length === 0) return <Text c="dimmed" size="sm">No properties set.</Text>;
  return (
    <Table variant="vertical" layout="fixed" withTableBorder>
      <Table.Tbody>
        {shown.map((name) => (
          <Table.Tr key={name}>
            <Table.Th w={200}>{blueprint.schema.properties[name]?.title ?? name}</Table.Th>
            <Table.Td><PropertyValue value={entity.properties[name]} schema={blueprint.schema.properties[name]} /></Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
