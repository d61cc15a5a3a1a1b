import { Anchor, Skeleton, Stack, Table, Tabs, Text, Title } from '@mantine/core';
import { Link, useSearchParams } from 'react-router-dom';
import { useRuns } from '../../api/action.hooks.ts';
import { useSession } from '../../api/catalog.hooks.ts';
import { ErrorState } from '../../components/error-state.tsx';
import { RunStatusBadge } from './run-status.tsx';

/** Runs: mine, those waiting for my decision (the inbox: I may approve, did not ask, have not decided), and all I can see. */
export default function RunsPage() {
  const [params, setParams] = useSearchParams();
  const action = params.get('action') ?? undefined;
  const tab = params.get('tab') ?? (action ? 'all' : 'mine');
  const session = useSession();
  const me = session.data?.actor?.id;
  const runs = useRuns({ action, ...(tab === 'approvals' ? { awaiting: 'me' } : tab === 'mine' ? { user: me } : {}) });
  return (
    <Stack maw={1200}>
      <Title order={1} size="h2">{action ? `Runs of ${action}` : 'Runs'}</Title>
      <Tabs value={tab} onChange={(t) => setParams({ ...(t ? { tab: t } : {}), ...(action ? { action } : {}) })}>
        <Tabs.List>
          <Tabs.Tab value="mine">My runs</Tabs.Tab>
          <Tabs.Tab value="approvals">Waiting for my approval</Tabs.Tab>
          <Tabs.Tab value="all">All I can see</Tabs.Tab>
        </Tabs.List>
      </Tabs>
      {runs.error ? <ErrorState error={runs.error} what="list runs" /> : !runs.data ? <Skeleton h={200} /> : runs.data.length === 0 ? <Text>No runs here.</Text> : (
        <RunTable runs={runs.data} />
      )}
    </Stack>
  );
}

export function RunTable({ runs }: { runs: NonNullable<ReturnType<typeof useRuns>['data']> }) {
  return (
    <Table striped data-testid="runs-table">
      <Table.Thead><Table.Tr><Table.Th>Action</Table.Th><Table.Th>Entity</Table.Th><Table.Th>Status</Table.Th><Table.Th>Requested by</Table.Th><Table.Th>When</Table.Th></Table.Tr></Table.Thead>
      <Table.Tbody>
        {runs.map((run) => (
          <Table.Tr key={run.id}>
            <Table.Td><Anchor component={Link} to={`/runs/${run.id}`} size="sm">{run.definition.title}</Anchor></Table.Td>
            <Table.Td>{run.entity ?? '—'}</Table.Td>
            <Table.Td><RunStatusBadge status={run.status} label={run.statusLabel} /></Table.Td>
            <Table.Td>{run.requestedBy}</Table.Td>
            <Table.Td>{new Date(run.createdAt).toLocaleString()}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
