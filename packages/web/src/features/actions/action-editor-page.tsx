import { Alert, Button, Card, Code, CopyButton, Grid, Group, JsonInput, Skeleton, Stack, Tabs, Text, Title } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useAction, useSaveAction } from '../../api/action.hooks.ts';
import { ApiError } from '../../api/http.ts';
import type { PortalAction } from '../../api/types.ts';
import { ErrorState } from '../../components/error-state.tsx';
import { ActionForm } from './action-form.tsx';
import { ActionBuilder } from './builder/action-builder.tsx';

const TEMPLATE = {
  identifier: 'new-action',
  title: 'New action',
  description: 'What it does, for the people who run it.',
  operation: 'CREATE',
  blueprint: null,
  userInputs: {
    properties: { name: { type: 'string', title: 'Name', pattern: '^[a-z][a-z0-9-]*$' }, replicas: { type: 'number', title: 'Replicas', default: 2, minimum: 1 } },
    required: ['name'],
    order: ['name', 'replicas'],
  },
  invoker: { type: 'WEBHOOK', url: 'https://ci.example.com/hooks/new-action', synchronized: false },
  approval: null,
};

const strip = (action: PortalAction) => {
  const { allowed: _a, updatedAt: _u, ...rest } = action as PortalAction & { createdAt?: string; createdBy?: string; updatedBy?: string };
  const { createdAt: _c, createdBy: _cb, updatedBy: _ub, ...clean } = rest as Record<string, unknown>;
  return clean;
};

/**
 * Admins build an action with the form builder or edit it as JSON (Portico's shape or Port's) —
 * one document, two views — with the form previewed live.
 */
export default function ActionEditorPage() {
  const { action: id } = useParams();
  const existing = useAction(id);
  const save = useSaveAction();
  const [text, setText] = useState(JSON.stringify(TEMPLATE, null, 2));
  const [secret, setSecret] = useState<string | null>(null);
  const [view, setView] = useState<string | null>('builder');
  useEffect(() => { if (existing.data) setText(JSON.stringify(strip(existing.data), null, 2)); }, [existing.data]);
  const parsed = useMemo(() => {
    try {
      return JSON.parse(text) as Record<string, unknown>;
    } catch {
      return null;
    }
  }, [text]);
  if (id && existing.error) return <ErrorState error={existing.error} what="open the action" />;
  if (id && !existing.data) return <Skeleton h={300} />;
  const error = save.error instanceof ApiError ? save.error : null;
  const inputs = (parsed?.userInputs ?? (parsed?.trigger as { userInputs?: unknown } | undefined)?.userInputs) as PortalAction['userInputs'] | undefined;
  const preview = inputs && typeof inputs === 'object' && inputs.properties ? { title: String(parsed?.title ?? 'Preview'), userInputs: { ...inputs, required: inputs.required ?? [] } } : null;
  return (
    <Stack maw={1300}>
      <Title order={1} size="h2">{id ? `Edit ${existing.data?.title ?? id}` : 'New action'}</Title>
      <Text size="sm" c="dimmed">Build it below, or in the JSON view paste Portico's shape or Port's action JSON (trigger, invocationMethod, requiredApproval). Inputs are JSON Schema; <Code>format: entity</Code> with <Code>blueprint</Code> makes an entity picker, <Code>format: secret</Code> an encrypted field.</Text>
      {secret && (
        <Alert color="teal" title="Webhook signing secret — shown once" data-testid="webhook-secret">
          <Group><Code>{secret}</Code><CopyButton value={secret}>{({ copied, copy }) => <Button size="xs" variant="light" onClick={copy}>{copied ? 'Copied' : 'Copy'}</Button>}</CopyButton></Group>
          <Text size="xs" mt={4}>Receivers verify <Code>X-Portico-Signature</Code> = v1=HMAC-SHA256(secret, timestamp + "." + body) and refuse timestamps older than 5 minutes.</Text>
        </Alert>
      )}
      {save.isSuccess && !save.data.warnings.length && !save.data.webhookSecret && <Alert color="teal" title="Saved" data-testid="action-saved">Runs from now on use this definition.</Alert>}
      {save.data?.warnings.length ? (
        <Alert color="yellow" title="Saved; not carried over from Port">{save.data.warnings.map((w) => <div key={w.path}><Code>{w.path}</Code> {w.message}</div>)}</Alert>
      ) : null}
      {error && <Alert color="red" title="The server refused the action" role="alert">{error.message}{error.details.length > 1 && <ul>{error.details.map((d) => <li key={d.path + d.message}><Code>{d.path}</Code> {d.message}</li>)}</ul>}</Alert>}
      <Grid align="flex-start">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Tabs value={view} onChange={setView} keepMounted={false}>
            <Tabs.List mb="sm">
              <Tabs.Tab value="builder">Builder</Tabs.Tab>
              <Tabs.Tab value="json">JSON</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="builder">
              {parsed ? <ActionBuilder draft={parsed} editing={Boolean(id)} onChange={(draft) => setText(JSON.stringify(draft, null, 2))} /> : <Alert color="red" title="The JSON does not parse">Fix it in the JSON view to use the builder.</Alert>}
            </Tabs.Panel>
            <Tabs.Panel value="json">
              <JsonInput aria-label="Action JSON" value={text} onChange={setText} autosize minRows={24} validationError="Not valid JSON" />
            </Tabs.Panel>
          </Tabs>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Card withBorder style={{ position: 'sticky', top: 70 }} data-testid="action-preview">
            <Text fw={600} mb="xs">Form preview</Text>
            {preview ? <ActionForm action={preview} submitLabel="Run (preview)" onSubmit={() => undefined} /> : <Text size="sm" c="dimmed">Fix the JSON to see the form.</Text>}
          </Card>
        </Grid.Col>
      </Grid>
      <Group>
        <Button disabled={!parsed} loading={save.isPending} onClick={() => parsed && save.mutate({ action: parsed, create: !id }, { onSuccess: (result) => setSecret(result.webhookSecret ?? null) })}>{id ? 'Save action' : 'Create action'}</Button>
        <Button variant="default" component={Link} to="/self-service">Back to self-service</Button>
      </Group>
    </Stack>
  );
}
