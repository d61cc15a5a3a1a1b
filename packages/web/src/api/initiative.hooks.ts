import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './http.ts';
import type { Initiative, InitiativeDetail, InitiativeProgress } from './types.ts';

const enc = encodeURIComponent;

export function useInitiatives() {
  return useQuery({
    queryKey: ['initiatives', 'list'],
    queryFn: async () => (await api<{ initiatives: (Initiative & { progress: InitiativeProgress | null })[] }>('GET', '/api/v1/initiatives')).initiatives,
  });
}

export function useInitiative(identifier: string | undefined) {
  return useQuery({
    queryKey: ['initiatives', 'one', identifier],
    queryFn: () => api<InitiativeDetail>('GET', `/api/v1/initiatives/${enc(identifier ?? '')}`),
    enabled: Boolean(identifier),
  });
}

export function useSaveInitiative() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ initiative, create }: { initiative: Initiative; create: boolean }) => create
      ? api<{ initiative: Initiative }>('POST', '/api/v1/initiatives', initiative)
      : api<{ initiative: Initiative }>('PUT', `/api/v1/initiatives/${enc(initiative.identifier)}`, initiative),
    onSuccess: () => client.invalidateQueries({ queryKey: ['initiatives'] }),
  });
}
