import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './http.ts';
import type { PortalAction, Run, RunLog } from './types.ts';

const enc = encodeURIComponent;

export function useActions() {
  return useQuery({ queryKey: ['actions', 'list'], queryFn: async () => (await api<{ actions: PortalAction[] }>('GET', '/api/v1/actions')).actions });
}

export function useAction(identifier: string | undefined) {
  return useQuery({
    queryKey: ['actions', 'one', identifier],
    queryFn: async () => (await api<{ action: PortalAction }>('GET', `/api/v1/actions/${enc(identifier ?? '')}`)).action,
    enabled: Boolean(identifier),
  });
}

export function useSaveAction() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ action, create }: { action: Record<string, unknown>; create: boolean }) => create
      ? api<{ action: PortalAction; warnings: { path: string; message: string }[]; webhookSecret?: string }>('POST', '/api/v1/actions', action)
      : api<{ action: PortalAction; warnings: { path: string; message: string }[]; webhookSecret?: string }>('PUT', `/api/v1/actions/${enc(String(action.identifier))}`, action),
    onSuccess: () => client.invalidateQueries({ queryKey: ['actions'] }),
  });
}

export function useRunAction(identifier: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { inputs: Record<string, unknown>; entity?: string | null }) => api<{ run: Run }>('POST', `/api/v1/actions/${enc(identifier)}/runs`, body),
    onSuccess: () => client.invalidateQueries({ queryKey: ['runs'] }),
  });
}

export function useRuns(filter: Record<string, string | undefined>) {
  const query = new URLSearchParams(Object.entries(filter).filter((e): e is [string, string] => Boolean(e[1]))).toString();
  return useQuery({ queryKey: ['runs', 'list', query], queryFn: async () => (await api<{ runs: Run[] }>('GET', `/api/v1/runs${query ? `?${query}` : ''}`)).runs });
}

export function useRunCommand(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (command: { kind: 'approval'; decision: 'APPROVE' | 'DECLINE'; reason: string } | { kind: 'cancel' } | { kind: 'rerun' }) => command.kind === 'approval'
      ? api<{ run: Run }>('POST', `/api/v1/runs/${enc(id)}/approval`, { decision: command.decision, reason: command.reason })
      : api<{ run: Run }>('POST', `/api/v1/runs/${enc(id)}/${command.kind}`),
    onSuccess: () => client.invalidateQueries({ queryKey: ['runs'] }),
  });
}

/**
 * A run and its log, live: the server-sent event stream delivers log lines and status changes
 * until the run ends (then the connection closes).
 */
export function useLiveRun(id: string | undefined) {
  const [run, setRun] = useState<Run | null>(null);
  const [logs, setLogs] = useState<RunLog[]>([]);
  const [error, setError] = useState<Error | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (!id) return undefined;
    setLogs([]);
    let cancelled = false;
    void api<{ run: Run }>('GET', `/api/v1/runs/${enc(id)}`).then((r) => { if (!cancelled) setRun(r.run); }, (e: Error) => setError(e));
    const source = new EventSource(`/api/v1/runs/${enc(id)}/stream`);
    source.addEventListener('log', (event) => {
      const line = JSON.parse((event as MessageEvent<string>).data) as RunLog;
      setLogs((current) => (current.some((l) => l.id === line.id) ? current : [...current, line]));
    });
    source.addEventListener('status', (event) => setRun(JSON.parse((event as MessageEvent<string>).data) as Run));
    source.addEventListener('end', () => {
      source.close();
      void api<{ run: Run }>('GET', `/api/v1/runs/${enc(id)}`).then((r) => { if (!cancelled) setRun(r.run); });
    });
    return () => {
      cancelled = true;
      source.close();
    };
  }, [id, version]);
  return { run, logs, error, refresh: () => setVersion((v) => v + 1) };
}
