import { Anchor, Group } from '@mantine/core';
import { Link } from 'react-router-dom';
import type { RelationDefinition } from '../api/types.ts';

/** Where a relation value points: a plain identifier for single-target relations, `blueprint:identifier` otherwise. */
export function relationTarget(definition: RelationDefinition | undefined, value: string): { blueprint: string; identifier: string } | null {
  const targets = definition ? [definition.target].flat() : [];
  if (targets.length === 1 && targets[0] !== '*') return { blueprint: targets[0] ?? '', identifier: value };
  const colon = value.indexOf(':');
  return colon > 0 ? { blueprint: value.slice(0, colon), identifier: value.slice(colon + 1) } : null;
}

/** Links to the entities a relation value names. */
export function RelationLinks({ definition, value }: { definition: RelationDefinition | undefined; value: unknown }) {
  const values = (Array.isArray(value) ? value : value ? [value] : []).map(String);
  if (values.length === 0) return <>—</>;
  return (
    <Group gap={6}>
      {values.map((v) => {
        const target = relationTarget(definition, v);
        return target
          ? <Anchor key={v} component={Link} to={`/catalog/${target.blueprint}/${encodeURIComponent(target.identifier)}`} size="sm" style={{ whiteSpace: 'nowrap' }}>{v}</Anchor>
          : <span key={v}>{v}</span>;
      })}
    </Group>
  );
}
