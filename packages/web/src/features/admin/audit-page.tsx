import { useState } from 'react';
import { Anchor, Badge, Button, Code, Group, Select, Skeleton, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconDownload } from '@tabler/icons-react';
import { useAudit } from '../../api/catalog.hooks.ts';
import { ErrorState } from '../../components/error-state.tsx';
import { RelativeTime } from '../../components/property-value.tsx';

const COLOURS: Record<string, string> = { create: 'green', update: 'blue', delete: 'red', deny: 'orange' };

/** The audit log: filter by actor, action and resource; export what matches as JSON lines. */
export default function AuditPage() {
  const [actor, setActor] = useState('');
  const [debouncedActor] = useDebouncedValue(actor, 300);
  const [action, setAction] = useState<string | null>(null);
  const [resourceType, setResourceType] = useState<string | null>(null);
  const filter = { ...(debouncedActor ? { actor: debouncedActor } : {}), ...(action ? { action } : {}), ...(resourceType ? { resourceType } : {}) };
  const audit = useAudit(filter);
  const exportUrl = `/api/v1/audit/export?${new URLSearchParams(filter).toString()}`;
  return (
    <Stack maw={1200}>
      <Group justify="space-between">
        <Title order={1} size="h2">Audit log</Title>
        <Button component="a" href={exportUrl} size="xs" variant="default" leftSection={<IconDownload size={14} />}>Export JSON lines</Button>
      </Group>
      <Group>
        <TextInput label="Actor" placeholder="user:alice, token:ci" value={actor} onChange={(e) => setActor(e.currentTarget.value)} size="xs" />
        <Select label="Action" data={['create', 'update', 'delete', 'deny']} value={action} onChange={setAction} clearable size="xs" w={140} />
        <Select label="Resource" data={['entity', 'blueprint', 'scorecard', 'initiative', 'token', 'session', 'request', 'role', 'permission', 'action', 'run']} value={resourceType} onChange={setResourceType} clearable size="xs" w={160} />
      </Group>
      {audit.error ? <ErrorState error={audit.error} what="read the audit log" /> : audit.isLoading ? <Skeleton h={300} /> : (
        <Table striped withTableBorder data-testid="audit">
          <Table.Thead><Table.Tr><Table.Th>When</Table.Th><Table.Th>Actor</Table.Th><Table.Th>Action</Table.Th><Table.Th>What</Table.Th><Table.Th>From</Table.Th><Table.Th>Change</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {(audit.data ?? []).map((e) => (
              <Table.Tr key={e.id}>
                <Table.Td><RelativeTime iso={e.at} /></Table.Td>
                <Table.Td><Text size="sm">{e.actor}</Text></Table.Td>
                <Table.Td><Badge variant="dot" color={COLOURS[e.action] ?? 'gray'}>{e.action}</Badge></Table.Td>
                <Table.Td>
                  {e.resourceType === 'entity' && e.blueprint && e.identifier
                    ? <Anchor href={`/catalog/${e.blueprint}/${encodeURIComponent(e.identifier)}?tab=history`} size="sm">{e.blueprint}:{e.identifier}</Anchor>
                    : <Text size="sm">{e.resourceType}{e.identifier ? `: ${e.identifier}` : ''}</Text>}
                </Table.Td>
                <Table.Td><Text size="xs" c="dimmed">{e.ip ?? ''}{e.tokenId ? ` · token ${e.tokenId}` : ''}</Text></Table.Td>
                <Table.Td>{e.diff && e.diff.length > 0 ? <Code>{e.diff.slice(0, 3).map((d) => `${d.op} ${d.path}`).join(', ')}{e.diff.length > 3 ? ' …' : ''}</Code> : e.action === 'deny' ? <Text size="xs">{String((e.after as { reason?: string } | null)?.reason ?? '')}</Text> : null}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
