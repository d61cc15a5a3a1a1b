import { Alert, Card, Select, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { useAction, useRunAction } from '../../api/action.hooks.ts';
import { ApiError, api } from '../../api/http.ts';
import type { EntityPage } from '../../api/types.ts';
import { ErrorState } from '../../components/error-state.tsx';
import { Markdown } from '../../components/markdown.tsx';
import { ActionForm } from './action-form.tsx';

/** An action's form: the entity it acts on (day-2), the inputs, and off it goes. */
export default function RunActionPage() {
  const { action: id } = useParams();
  const [params, setParams] = useSearchParams();
  const entity = params.get('entity');
  const action = useAction(id);
  const run = useRunAction(id ?? '');
  const navigate = useNavigate();
  const needsEntity = Boolean(action.data && action.data.operation !== 'CREATE' && action.data.blueprint);
  const candidates = useQuery({
    queryKey: ['action-entities', action.data?.identifier],
    queryFn: async () => (await api<EntityPage>('POST', '/api/v1/entities/search', {
      query: { combinator: 'and', rules: [{ property: '$blueprint', operator: '=', value: action.data?.blueprint }, ...(action.data?.condition ? [action.data.condition] : [])] },
      sort: [{ property: '$title', order: 'asc' }], limit: 200,
    })).entities,
    enabled: needsEntity,
  });
  if (action.error) return <ErrorState error={action.error} what="open the action" />;
  if (!action.data) return <Skeleton h={300} />;
  const error = run.error instanceof ApiError ? run.error : null;
  return (
    <Stack maw={760}>
      <Title order={1} size="h2">{action.data.title}</Title>
      {action.data.description && <Markdown text={action.data.description} />}
      {action.data.approval && <Text size="sm" c="dimmed">Runs of this action wait for approval ({action.data.approval.type === 'ALL' ? 'all approvers' : 'any approver'}).</Text>}
      <Card withBorder>
        <Stack>
          {needsEntity && (
            <Select
              label={`${action.data.blueprint} to act on`} required searchable data={(candidates.data ?? []).map((e) => ({ value: e.identifier, label: e.title }))}
              value={entity} onChange={(value) => setParams(value ? { entity: value } : {})} error={error?.detailFor('/entity')}
              nothingFoundMessage="No entity this action applies to"
            />
          )}
          {error && <Alert color="red" title="The run was refused" role="alert" data-testid="run-error">{error.message}</Alert>}
          <ActionForm
            action={action.data} submitLabel="Run" busy={run.isPending} serverErrors={error?.details ?? []}
            onSubmit={(inputs) => run.mutate({ inputs, ...(needsEntity ? { entity } : {}) }, { onSuccess: ({ run: created }) => void navigate(`/runs/${created.id}`) })}
          />
        </Stack>
      </Card>
    </Stack>
  );
}
