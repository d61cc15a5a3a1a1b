import { Badge } from '@mantine/core';
import type { RunStatus } from '../../api/types.ts';

const COLORS: Record<RunStatus, string> = {
  WAITING_FOR_APPROVAL: 'yellow', QUEUED: 'gray', RUNNING: 'blue', SUCCESS: 'teal', FAILURE: 'red', DECLINED: 'orange', CANCELLED: 'gray', TIMED_OUT: 'red',
};
const LABELS: Record<RunStatus, string> = {
  WAITING_FOR_APPROVAL: 'Waiting for approval', QUEUED: 'Queued', RUNNING: 'Running', SUCCESS: 'Success', FAILURE: 'Failure', DECLINED: 'Declined', CANCELLED: 'Cancelled', TIMED_OUT: 'Timed out',
};

export function RunStatusBadge({ status, label }: { status: RunStatus; label?: string | null }) {
  return <Badge color={COLORS[status]} variant="dot" tt="none" data-testid="run-status">{LABELS[status]}{label ? ` · ${label}` : ''}</Badge>;
}
