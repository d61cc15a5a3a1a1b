import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiWithProgress } from './http.ts';
import type { AccessReport, ApiToken, EntityScorecard, LevelCount, Scorecard, ScorecardInsights, AuditEntry, BlueprintPermissions, DirectoryUser, EntityAction, Role, Blueprint, Entity, EntityPage, FacetValue, Graph, ImportReport, RuleGroup, SavedView, SearchResult, SessionInfo } from './types.ts';

// Every read and write of the UI goes through these hooks; components never call fetch.

const enc = encodeURIComponent;

export function useBlueprints() {
  return useQuery({
    queryKey: ['blueprints'],
    queryFn: async () => (await api<{ blueprints: Blueprint[] }>('GET', '/api/v1/blueprints')).blueprints,
    staleTime: 30_000,
  });
}

export function useBlueprint(identifier: string | undefined) {
  const blueprints = useBlueprints();
  return { ...blueprints, data: blueprints.data?.find((b) => b.identifier === identifier) };
}

export interface EntityQuery {
  query?: RuleGroup;
  sort?: { property: string; order: 'asc' | 'desc' }[];
  limit?: number;
  cursor?: string;
}

export function useEntitySearch(request: EntityQuery, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: ['entities', 'search', request],
    queryFn: () => api<EntityPage>('POST', '/api/v1/entities/search', { ...request, count: true }),
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true,
  });
}

export function useEntity(blueprint: string, identifier: string, options: { enabled?: boolean } = {}) {
  return useQuery({
    enabled: (options.enabled ?? true) && identifier !== '',
    queryKey: ['entity', blueprint, identifier.toLowerCase()],
    queryFn: async () => (await api<{ entity: Entity }>('GET', `/api/v1/blueprints/${enc(blueprint)}/entities/${enc(identifier)}`)).entity,
  });
}

export function useFacets(blueprint: string, property: string) {
  return useQuery({
    queryKey: ['facets', blueprint, property],
    queryFn: async () => (await api<{ values: FacetValue[] }>('GET', `/api/v1/blueprints/${enc(blueprint)}/facets?property=${enc(property)}&limit=30`)).values,
    staleTime: 10_000,
  });
}

export function useGraph(blueprint: string, identifier: string, depth: number, direction: 'upstream' | 'downstream' | 'both') {
  return useQuery({
    queryKey: ['graph', blueprint, identifier.toLowerCase(), depth, direction],
    queryFn: () => api<Graph>('GET', `/api/v1/blueprints/${enc(blueprint)}/entities/${enc(identifier)}/graph?depth=${depth}&direction=${direction}`),
  });
}

export function useAudit(filter: { blueprint?: string; identifier?: string; resourceType?: string; actor?: string; action?: string }) {
  const params = new URLSearchParams(Object.entries(filter).filter(([, v]) => v !== undefined) as [string, string][]);
  return useQuery({
    queryKey: ['audit', filter],
    queryFn: async () => (await api<{ entries: AuditEntry[] }>('GET', `/api/v1/audit?${params.toString()}&limit=100`)).entries,
  });
}

export function useSearch(q: string) {
  return useQuery({
    queryKey: ['search', q],
    queryFn: () => api<SearchResult>('GET', `/api/v1/search?q=${enc(q)}&limit=20`),
    enabled: q.trim().length > 0,
    placeholderData: keepPreviousData,
    staleTime: 5_000,
  });
}

/** After any catalog write: what the UI shows of the catalog is read again. */
function useInvalidateCatalog() {
  const client = useQueryClient();
  return () => Promise.all(['entities', 'entity', 'facets', 'graph', 'audit', 'search', 'blueprints', 'access', 'entity-scorecards', 'scorecards'].map((key) => client.invalidateQueries({ queryKey: [key] })));
}

export function useSaveBlueprint() {
  const invalidate = useInvalidateCatalog();
  return useMutation({
    mutationFn: ({ blueprint, isNew }: { blueprint: Record<string, unknown>; isNew: boolean }) => isNew
      ? api<{ blueprint: Blueprint }>('POST', '/api/v1/blueprints', blueprint)
      : api<{ blueprint: Blueprint }>('PUT', `/api/v1/blueprints/${enc(String(blueprint.identifier))}`, blueprint),
    onSuccess: invalidate,
  });
}

export function useSaveEntity(blueprint: string) {
  const invalidate = useInvalidateCatalog();
  return useMutation({
    mutationFn: ({ entity, isNew }: { entity: Record<string, unknown>; isNew: boolean }) => isNew
      ? api<{ entity: Entity }>('POST', `/api/v1/blueprints/${enc(blueprint)}/entities`, entity)
      : api<{ entity: Entity }>('PUT', `/api/v1/blueprints/${enc(blueprint)}/entities/${enc(String(entity.identifier))}`, entity),
    onSuccess: invalidate,
  });
}

/** Imports, telling `onProgress` how many entities are written as the server streams it. */
export function useImport(onProgress: (progress: { done: number; total: number }) => void) {
  const invalidate = useInvalidateCatalog();
  return useMutation({
    mutationFn: (request: Record<string, unknown>) => apiWithProgress<ImportReport>('/api/v1/import', request, 'report', onProgress),
    onSuccess: (report) => (report.dryRun ? undefined : invalidate()),
  });
}

/** Entities per blueprint, for the navigation and the home page. */
export function useCatalogStats() {
  return useQuery({
    queryKey: ['entities', 'stats'],
    queryFn: async () => (await api<{ blueprints: Record<string, number> }>('GET', '/api/v1/stats')).blueprints,
    staleTime: 10_000,
  });
}

export function useSavedViews(blueprint: string) {
  return useQuery({
    queryKey: ['views', blueprint],
    queryFn: async () => (await api<{ views: SavedView[] }>('GET', `/api/v1/blueprints/${enc(blueprint)}/views`)).views,
  });
}

export function useSaveView(blueprint: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (view: { name: string; shared: boolean; state: SavedView['state'] }) => api<{ view: SavedView }>('POST', `/api/v1/blueprints/${enc(blueprint)}/views`, view),
    onSuccess: () => client.invalidateQueries({ queryKey: ['views', blueprint] }),
  });
}

export function useDeleteView(blueprint: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>('DELETE', `/api/v1/blueprints/${enc(blueprint)}/views/${enc(id)}`),
    onSuccess: () => client.invalidateQueries({ queryKey: ['views', blueprint] }),
  });
}

/** Who is using the portal, and how one signs in. */
export function useSession() {
  return useQuery({ queryKey: ['session'], queryFn: () => api<SessionInfo>('GET', '/api/v1/session'), staleTime: 60_000 });
}

export function useSignOut() {
  return useMutation({
    mutationFn: () => api<void>('POST', '/auth/logout'),
    // Everything cached belongs to the person who left: start over from a clean page.
    onSettled: () => window.location.assign('/'),
  });
}

export function useTokens() {
  return useQuery({ queryKey: ['tokens'], queryFn: async () => (await api<{ tokens: ApiToken[] }>('GET', '/api/v1/tokens')).tokens });
}

export function useCreateToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (request: { name: string; kind: 'personal' | 'service'; scopes: string[]; expiresInDays?: number }) => api<{ secret: string; token: ApiToken }>('POST', '/api/v1/tokens', request),
    onSuccess: () => client.invalidateQueries({ queryKey: ['tokens'] }),
  });
}

export function useRevokeToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<{ token: ApiToken }>('DELETE', `/api/v1/tokens/${enc(id)}`),
    onSuccess: () => client.invalidateQueries({ queryKey: ['tokens'] }),
  });
}

export function useUsers(q: string) {
  return useQuery({
    queryKey: ['users', q],
    queryFn: () => api<{ users: DirectoryUser[]; total: number; defaultRole: Role }>('GET', `/api/v1/users?limit=200${q ? `&q=${enc(q)}` : ''}`),
    placeholderData: keepPreviousData,
  });
}

export function useSetRole() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ user, role, moderates }: { user: string; role: Role; moderates: string[] }) =>
      api('PUT', `/api/v1/users/${enc(user)}/role`, role === 'moderator' ? { role, moderates } : { role }),
    onSuccess: () => Promise.all(['users', 'access', 'session'].map((key) => client.invalidateQueries({ queryKey: [key] }))),
  });
}

/** "What can this user do?", optionally on one entity. */
export function useUserAccess(user: string | null, entity: { blueprint: string; identifier: string } | null) {
  return useQuery({
    queryKey: ['access', user, entity],
    queryFn: () => api<AccessReport>('GET', `/api/v1/users/${enc(user ?? '')}/access${entity ? `?blueprint=${enc(entity.blueprint)}&entity=${enc(entity.identifier)}` : ''}`),
    enabled: Boolean(user),
    retry: false,
  });
}

export function useBlueprintPermissions(blueprint: string | null) {
  return useQuery({
    queryKey: ['permissions', blueprint],
    queryFn: async () => (await api<{ permissions: BlueprintPermissions }>('GET', `/api/v1/blueprints/${enc(blueprint ?? '')}/permissions`)).permissions,
    enabled: Boolean(blueprint),
  });
}

export function useSaveBlueprintPermissions(blueprint: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (permissions: BlueprintPermissions) => api<{ permissions: BlueprintPermissions }>('PUT', `/api/v1/blueprints/${enc(blueprint)}/permissions`, permissions),
    onSuccess: () => Promise.all(['permissions', 'access', 'entities', 'entity', 'facets', 'search', 'graph'].map((key) => client.invalidateQueries({ queryKey: [key] }))),
  });
}

/** What the caller may do with one entity (Edit shows only when they may update it). */
export function useEntityAccess(blueprint: string, identifier: string) {
  return useQuery({
    queryKey: ['access', 'entity', blueprint, identifier.toLowerCase()],
    queryFn: async () => (await api<{ decisions: Record<EntityAction, { allowed: boolean; reason: string }> }>('GET', `/api/v1/blueprints/${enc(blueprint)}/entities/${enc(identifier)}/access`)).decisions,
    staleTime: 30_000,
  });
}

export function useScorecardOverview() {
  return useQuery({ queryKey: ['scorecards', 'overview'], queryFn: async () => (await api<{ scorecards: { scorecard: Scorecard; levels: LevelCount[] }[] }>('GET', '/api/v1/scorecards')).scorecards });
}

export function useBlueprintScorecards(blueprint: string) {
  return useQuery({ queryKey: ['scorecards', 'list', blueprint], queryFn: async () => (await api<{ scorecards: Scorecard[] }>('GET', `/api/v1/blueprints/${enc(blueprint)}/scorecards`)).scorecards, enabled: blueprint !== '' });
}

export function useScorecard(blueprint: string, identifier: string | undefined) {
  return useQuery({
    queryKey: ['scorecards', 'one', blueprint, identifier],
    queryFn: () => api<{ scorecard: Scorecard; levels: LevelCount[] }>('GET', `/api/v1/blueprints/${enc(blueprint)}/scorecards/${enc(identifier ?? '')}`),
    enabled: Boolean(identifier) && blueprint !== '',
  });
}

export function useScorecardInsights(blueprint: string, identifier: string) {
  return useQuery({
    queryKey: ['scorecards', 'insights', blueprint, identifier],
    queryFn: () => api<ScorecardInsights>('GET', `/api/v1/blueprints/${enc(blueprint)}/scorecards/${enc(identifier)}/insights`),
  });
}

/** How many entities a draft scorecard would put on each level; `null` while the draft is incomplete. */
export function useScorecardPreview(blueprint: string, draft: unknown | null) {
  return useQuery({
    queryKey: ['scorecards', 'preview', blueprint, draft],
    queryFn: async () => (await api<{ levels: LevelCount[] }>('POST', `/api/v1/blueprints/${enc(blueprint)}/scorecards/preview`, draft)).levels,
    enabled: draft !== null,
    placeholderData: keepPreviousData,
    retry: false,
  });
}

export function useSaveScorecard(blueprint: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ scorecard, create }: { scorecard: Scorecard; create: boolean }) => create
      ? api<{ scorecard: Scorecard }>('POST', `/api/v1/blueprints/${enc(blueprint)}/scorecards`, scorecard)
      : api<{ scorecard: Scorecard }>('PUT', `/api/v1/blueprints/${enc(blueprint)}/scorecards/${enc(scorecard.identifier)}`, scorecard),
    onSuccess: () => Promise.all(['scorecards', 'entity', 'entities', 'facets', 'entity-scorecards'].map((key) => client.invalidateQueries({ queryKey: [key] }))),
  });
}

export function useEntityScorecards(blueprint: string, identifier: string) {
  return useQuery({
    queryKey: ['entity-scorecards', blueprint, identifier.toLowerCase()],
    queryFn: async () => (await api<{ scorecards: EntityScorecard[] }>('GET', `/api/v1/blueprints/${enc(blueprint)}/entities/${enc(identifier)}/scorecards`)).scorecards,
  });
}
