import { Anchor, Badge, Button, Group, Stack, Text, Title, Tooltip } from '@mantine/core';
import { IconEdit, IconExternalLink, IconLock } from '@tabler/icons-react';
import { useEntityAccess } from '../../api/catalog.hooks.ts';
import { Link } from 'react-router-dom';
import type { Blueprint, Entity } from '../../api/types.ts';
import { BlueprintIcon } from '../../components/blueprint-icon.tsx';
import { enumColour } from '../../components/property-value.tsx';
import { TeamAvatars } from '../../components/team-avatar.tsx';

const STATUS_PROPERTIES = ['lifecycle', 'type', 'status', 'tier', 'environment'];

/** Edit, when the caller may update this entity; otherwise the reason they may not. */
function EditButton({ blueprint, identifier }: { blueprint: string; identifier: string }) {
  const access = useEntityAccess(blueprint, identifier);
  const update = access.data?.update;
  if (update && !update.allowed) {
    return <Tooltip label={update.reason} multiline w={320}><Button size="xs" variant="default" leftSection={<IconLock size={14} />} data-disabled onClick={(e) => e.preventDefault()}>Read only</Button></Tooltip>;
  }
  return <Button size="xs" variant="default" leftSection={<IconEdit size={14} />} component={Link} to={`/catalog/${blueprint}/${encodeURIComponent(identifier)}/edit`}>Edit</Button>;
}

/** Title, blueprint, owners, status badges and the entity's links (repository, runbook, dashboards). */
export function EntityHeader({ blueprint, entity }: { blueprint: Blueprint; entity: Entity }) {
  const badges = STATUS_PROPERTIES.filter((p) => typeof entity.properties[p] === 'string' || typeof entity.properties[p] === 'number');
  const links: { title: string; url: string }[] = [];
  for (const [name, schema] of Object.entries(blueprint.schema.properties)) {
    const value = entity.properties[name];
    if (schema.format === 'url' && typeof value === 'string') links.push({ title: schema.title ?? name, url: value });
  }
  const listed = entity.properties.links;
  if (Array.isArray(listed)) for (const l of listed as { url?: unknown; title?: unknown }[]) if (typeof l?.url === 'string') links.push({ title: typeof l.title === 'string' ? l.title : l.url, url: l.url });
  return (
    <Stack gap={6}>
      <Group justify="space-between" align="flex-start">
        <Group gap="sm" align="center">
          <BlueprintIcon blueprint={blueprint} size={30} />
          <Title order={1} size="h2">{entity.title}</Title>
          <Badge variant="outline" component={Link} to={`/catalog/${blueprint.identifier}`} style={{ cursor: 'pointer' }}>{blueprint.title}</Badge>
          {badges.map((p) => <Badge key={p} variant="dot" color={enumColour(String(entity.properties[p]), blueprint.schema.properties[p])} tt="none">{String(entity.properties[p])}</Badge>)}
        </Group>
        <EditButton blueprint={blueprint.identifier} identifier={entity.identifier} />
      </Group>
      <Group gap="lg">
        <Text size="sm" c="dimmed">{entity.identifier}</Text>
        {entity.team.length > 0 && (
          <Group gap={6}><Text size="sm" c="dimmed">Owned by</Text><TeamAvatars teams={entity.team} />{entity.team.map((t) => <Anchor key={t} component={Link} to={`/catalog/team/${encodeURIComponent(t)}`} size="sm">{t}</Anchor>)}</Group>
        )}
        {links.map((l) => (
          <Anchor key={l.url} href={l.url} target="_blank" rel="noopener noreferrer" size="sm"><Group gap={4}><IconExternalLink size={14} aria-hidden />{l.title}</Group></Anchor>
        ))}
      </Group>
    </Stack>
  );
}
