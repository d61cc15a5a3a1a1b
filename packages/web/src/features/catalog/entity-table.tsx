import { Anchor, Badge, Group, Table, Text, UnstyledButton } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconSelector } from '@tabler/icons-react';
import { Link } from 'react-router-dom';
import type { Blueprint, Entity } from '../../api/types.ts';
import { PropertyValue } from '../../components/property-value.tsx';
import { RelationLinks } from '../../components/relation-link.tsx';
import { TeamAvatars } from '../../components/team-avatar.tsx';
import { cellValue, type Column } from './explorer-columns.ts';
import { levelColour } from '../scorecards/level-colour.ts';

/** The explorer's table: one page of entities from the server; headers sort on the server. */
export function EntityTable({ blueprint, entities, columns, sort, onSort }: {
  blueprint: Blueprint;
  entities: Entity[];
  columns: Column[];
  sort: { property: string; order: 'asc' | 'desc' } | null;
  onSort: (sort: { property: string; order: 'asc' | 'desc' } | null) => void;
}) {
  const header = (column: Column) => {
    if (!column.sortKey) return column.label;
    const active = sort?.property === column.sortKey;
    const Icon = active ? (sort?.order === 'asc' ? IconArrowUp : IconArrowDown) : IconSelector;
    const next = !active ? { property: column.sortKey, order: 'asc' as const } : sort?.order === 'asc' ? { property: column.sortKey, order: 'desc' as const } : null;
    return (
      <UnstyledButton onClick={() => onSort(next)} aria-label={`Sort by ${column.label}`}>
        <Group gap={4} wrap="nowrap"><Text fw={600} size="sm">{column.label}</Text><Icon size={14} aria-hidden /></Group>
      </UnstyledButton>
    );
  };
  return (
    <Table.ScrollContainer minWidth={600}>
      <Table striped highlightOnHover stickyHeader data-testid="entity-table">
        <Table.Thead>
          <Table.Tr>{columns.map((c) => <Table.Th key={c.id} aria-sort={sort?.property === c.sortKey ? (sort?.order === 'asc' ? 'ascending' : 'descending') : undefined}>{header(c)}</Table.Th>)}</Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entities.map((entity) => (
            <Table.Tr key={entity.identifier}>
              {columns.map((column) => (
                <Table.Td key={column.id}>
                  {column.id === '$title'
                    ? <Anchor component={Link} to={`/catalog/${blueprint.identifier}/${encodeURIComponent(entity.identifier)}`} size="sm" fw={500} style={{ whiteSpace: 'nowrap' }}>{entity.title}</Anchor>
                    : column.kind === 'relation'
                      ? <RelationLinks definition={blueprint.relations[column.id.slice(4)]} value={cellValue(entity, column)} />
                      : column.kind === 'scorecard'
                        ? (cellValue(entity, column) === null ? null : <Badge variant="dot" tt="none" color={levelColour(column.levelColors?.[String(cellValue(entity, column))] ?? 'gray')}>{String(cellValue(entity, column))}</Badge>)
                      : column.id === '$team'
                        ? <Group gap={6} wrap="nowrap"><TeamAvatars teams={entity.team} size={20} /><Text size="sm" style={{ whiteSpace: 'nowrap' }}>{entity.team.join(', ')}</Text></Group>
                        : <PropertyValue value={cellValue(entity, column)} schema={column.schema ?? (column.id.endsWith('At') ? { format: 'date-time' } : undefined)} compact />}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
