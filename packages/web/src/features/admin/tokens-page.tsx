import { useState } from 'react';
import { Alert, Badge, Button, Checkbox, Code, CopyButton, Group, NumberInput, SegmentedControl, Skeleton, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useCreateToken, useRevokeToken, useSession, useTokens } from '../../api/catalog.hooks.ts';
import { ApiError } from '../../api/http.ts';
import { ErrorState } from '../../components/error-state.tsx';
import { RelativeTime } from '../../components/property-value.tsx';

const SCOPES = ['read', 'write', 'admin'] as const;

/** API tokens: create one (its secret shown once), see when each was last used, revoke. */
export default function TokensPage() {
  const tokens = useTokens();
  const session = useSession();
  const create = useCreateToken();
  const revoke = useRevokeToken();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<'personal' | 'service'>('personal');
  const [scopes, setScopes] = useState<string[]>(['read']);
  const [days, setDays] = useState<number | string>(90);
  const [secret, setSecret] = useState<string | null>(null);
  const error = create.error instanceof ApiError ? create.error : null;
  const isAdmin = session.data?.actor?.role === 'admin' && session.data.actor.scope === 'admin';
  return (
    <Stack maw={1100}>
      <Title order={1} size="h2">API tokens</Title>
      <Text c="dimmed" size="sm">Tokens let scripts, CI jobs and the <Code>portico</Code> command call the API. A personal token acts for you; a service token for a system. The secret is shown once.</Text>
      <Group align="flex-end" wrap="wrap">
        <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} error={error?.detailFor('/name')} placeholder="ci-deploy" />
        {isAdmin && <SegmentedControl value={kind} onChange={(v) => setKind(v as typeof kind)} data={[{ value: 'personal', label: 'Personal' }, { value: 'service', label: 'Service' }]} aria-label="Kind" />}
        <Checkbox.Group label="Scopes" value={scopes} onChange={setScopes} error={error?.detailFor('/scopes')}>
          <Group gap="sm" mt={6}>{SCOPES.map((s) => <Checkbox key={s} value={s} label={s} />)}</Group>
        </Checkbox.Group>
        <NumberInput label="Expires in (days)" value={days} onChange={setDays} min={1} max={3650} w={150} />
        <Button loading={create.isPending} onClick={() => create.mutate({ name, kind, scopes, ...(days ? { expiresInDays: Number(days) } : {}) }, { onSuccess: (r) => { setSecret(r.secret); setName(''); } })}>Create token</Button>
      </Group>
      {create.error && !error?.details.length && <ErrorState error={create.error} what="create the token" />}
      {secret && (
        <Alert color="green" title="Copy the token now: it will not be shown again" data-testid="new-token">
          <Group><Code>{secret}</Code><CopyButton value={secret}>{({ copied, copy }) => <Button size="xs" variant="light" onClick={copy}>{copied ? 'Copied' : 'Copy'}</Button>}</CopyButton></Group>
        </Alert>
      )}
      {tokens.error ? <ErrorState error={tokens.error} what="list tokens" /> : tokens.isLoading ? <Skeleton h={120} /> : (
        <Table striped withTableBorder data-testid="tokens">
          <Table.Thead><Table.Tr><Table.Th>Name</Table.Th><Table.Th>Kind</Table.Th><Table.Th>Scopes</Table.Th><Table.Th>Token</Table.Th><Table.Th>Last used</Table.Th><Table.Th>Expires</Table.Th><Table.Th /></Table.Tr></Table.Thead>
          <Table.Tbody>
            {(tokens.data ?? []).map((t) => (
              <Table.Tr key={t.id}>
                <Table.Td>{t.name}{t.owner && <Text size="xs" c="dimmed">{t.owner}</Text>}</Table.Td>
                <Table.Td>{t.kind}</Table.Td>
                <Table.Td><Group gap={4}>{t.scopes.map((s) => <Badge key={s} variant="dot" size="sm">{s}</Badge>)}</Group></Table.Td>
                <Table.Td><Code>{t.prefix}…</Code></Table.Td>
                <Table.Td>{t.lastUsedAt ? <RelativeTime iso={t.lastUsedAt} /> : <Text size="sm" c="dimmed">never</Text>}</Table.Td>
                <Table.Td>{t.revokedAt ? <Badge color="red" variant="dot">revoked</Badge> : t.expiresAt ? new Date(t.expiresAt).toLocaleDateString() : <Text size="sm" c="dimmed">never</Text>}</Table.Td>
                <Table.Td>{!t.revokedAt && <Button size="xs" color="red" variant="light" onClick={() => revoke.mutate(t.id)} aria-label={`Revoke ${t.name}`}>Revoke</Button>}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
