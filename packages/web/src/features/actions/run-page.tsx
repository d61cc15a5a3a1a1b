import { Alert, Anchor, Button, Card, Code, Group, ScrollArea, Skeleton, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useLiveRun, useRunCommand } from '../../api/action.hooks.ts';
import { useSession } from '../../api/catalog.hooks.ts';
import { ApiError } from '../../api/http.ts';
import { ErrorState } from '../../components/error-state.tsx';
import { RunStatusBadge } from './run-status.tsx';

const ENDED = ['SUCCESS', 'FAILURE', 'DECLINED', 'CANCELLED', 'TIMED_OUT'];

/** A run: status, inputs, links, approvals, and its log as it streams in. */
export default function RunPage() {
  const { id } = useParams();
  const { run, logs, error } = useLiveRun(id);
  const command = useRunCommand(id ?? '');
  const session = useSession();
  const navigate = useNavigate();
  const [reason, setReason] = useState('');
  if (error) return <ErrorState error={error} what="open the run" />;
  if (!run) return <Skeleton h={300} />;
  const me = session.data?.actor;
  const mine = me && (me.id === run.requestedBy || (me.user && `user:${me.user}` === run.requestedBy));
  const failure = command.error instanceof ApiError ? command.error : null;
  return (
    <Stack maw={1100}>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={1} size="h2">{run.definition.title}</Title>
          <Text size="sm" c="dimmed">
            Requested by {run.requestedBy} · {new Date(run.createdAt).toLocaleString()}
            {run.entity && run.blueprint && <> · on <Anchor underline="always" component={Link} to={`/catalog/${run.blueprint}/${encodeURIComponent(run.entity)}`}>{run.entity}</Anchor></>}
          </Text>
        </div>
        <Group>
          <RunStatusBadge status={run.status} label={run.statusLabel} />
          {!ENDED.includes(run.status) && (mine || me?.role === 'admin') && <Button size="xs" variant="default" color="red" onClick={() => command.mutate({ kind: 'cancel' })}>Cancel</Button>}
          {ENDED.includes(run.status) && <Button size="xs" variant="default" onClick={() => command.mutate({ kind: 'rerun' }, { onSuccess: ({ run: next }) => void navigate(`/runs/${next.id}`) })}>Run again</Button>}
        </Group>
      </Group>
      {failure && <Alert color="red" role="alert">{failure.message}</Alert>}
      {run.error && <Alert color="red" title="Why it failed" data-testid="run-failure">{run.error}</Alert>}
      {run.status === 'WAITING_FOR_APPROVAL' && !mine && (
        <Card withBorder data-testid="approval-box">
          <Text fw={600} mb="xs">This run waits for approval</Text>
          <Textarea label="Reason" value={reason} onChange={(e) => setReason(e.currentTarget.value)} autosize minRows={1} mb="sm" />
          <Group>
            <Button color="teal" onClick={() => command.mutate({ kind: 'approval', decision: 'APPROVE', reason })}>Approve</Button>
            <Button color="red" variant="light" onClick={() => command.mutate({ kind: 'approval', decision: 'DECLINE', reason })}>Decline</Button>
          </Group>
        </Card>
      )}
      <Group align="flex-start" grow>
        <Card withBorder>
          <Title order={2} size="h5" mb="xs">Inputs</Title>
          <Table variant="vertical" layout="fixed">
            <Table.Tbody>
              {Object.entries(run.inputs).map(([name, value]) => (
                <Table.Tr key={name}><Table.Th w={160}>{name}</Table.Th><Table.Td><Code>{typeof value === 'string' ? value : JSON.stringify(value)}</Code></Table.Td></Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
        <Card withBorder>
          <Title order={2} size="h5" mb="xs">Result</Title>
          {run.summary && <Text size="sm" mb="xs">{run.summary}</Text>}
          {run.links.map((link) => (link.startsWith('/')
            ? <Anchor key={link} component={Link} to={link} size="sm" display="block">{link}</Anchor>
            : <Anchor key={link} href={link} target="_blank" rel="noreferrer" size="sm" display="block">{link}</Anchor>))}
          {run.approvals.map((a) => <Text key={a.user + a.at} size="sm">{a.decision === 'APPROVE' ? 'Approved' : 'Declined'} by {a.user}{a.reason ? `: ${a.reason}` : ''}</Text>)}
          {!run.summary && run.links.length === 0 && run.approvals.length === 0 && <Text size="sm" c="dimmed">Nothing reported yet.</Text>}
        </Card>
      </Group>
      <Card withBorder>
        <Title order={2} size="h5" mb="xs">Log</Title>
        <ScrollArea.Autosize mah={420}>
          <pre data-testid="run-log" style={{ margin: 0, fontSize: 12, whiteSpace: 'pre-wrap' }}>
            {logs.map((line) => `${new Date(line.at).toLocaleTimeString()}  ${line.level.padEnd(7)} ${line.message}`).join('\n') || 'No log lines yet.'}
          </pre>
        </ScrollArea.Autosize>
      </Card>
    </Stack>
  );
}
