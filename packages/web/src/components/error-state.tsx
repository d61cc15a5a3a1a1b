import { Alert, Button, List, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { ApiError } from '../api/http.ts';

/** A failed request, saying what failed and what to do: the server's message, its field details, a retry. */
export function ErrorState({ error, what, onRetry }: { error: unknown; what: string; onRetry?: () => void }) {
  const apiError = error instanceof ApiError ? error : null;
  const advice = apiError?.status === 404 ? 'It may have been deleted or renamed; check the address.'
    : apiError?.status === 0 ? 'Start the server (npm start) or check the network, then retry.'
    : apiError && apiError.status >= 500 ? 'The server failed; its log has the details. Retry in a moment.'
    : 'Fix the request and try again.';
  return (
    <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} title={`Could not ${what}`} role="alert">
      <Stack gap={6}>
        <Text size="sm">{error instanceof Error ? error.message : String(error)}</Text>
        {apiError && apiError.details.length > 0 && (
          <List size="sm">{apiError.details.slice(0, 8).map((d) => <List.Item key={d.path + d.message}><code>{d.path || '/'}</code> {d.message}</List.Item>)}</List>
        )}
        <Text size="sm" c="dimmed">{advice}</Text>
        {onRetry && <Button size="xs" variant="light" color="red" onClick={onRetry} w="fit-content">Retry</Button>}
      </Stack>
    </Alert>
  );
}
