import type { Action, Blueprint, Entity, EntitySearchRequest, ErrorDetail, Run, RunLog } from '@portico/model';

export interface ClientOptions {
  /** Base URL of the server, e.g. http://127.0.0.1:7007 */
  baseUrl: string;
  token?: string;
  fetch?: typeof fetch;
}

/** An error answer of the API, with its code and the field-level details. */
export class PorticoApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly details: ErrorDetail[]) {
    super(message);
    this.name = 'PorticoApiError';
  }
}

export interface SearchPage {
  entities: Entity[];
  next: string | null;
}

export interface WriteSummary {
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  results: { index: number; blueprint: string; identifier: string | null; status: string; error?: { code: string; message: string; details: ErrorDetail[] } }[];
}

export interface ImportReport extends WriteSummary {
  dryRun: boolean;
  errors: { location: string; severity?: 'error' | 'warning'; line?: number; column?: number; message: string }[];
}

export interface ImportPayload {
  format: 'backstage' | 'csv' | 'json';
  content?: string;
  files?: Record<string, string>;
  entry?: string;
  blueprint?: string;
  mapping?: Record<string, string>;
  dryRun?: boolean;
  createMissingRelated?: boolean;
}

/** A small typed client for the Portico REST API; the CLI reaches the server only through it. */
export class PorticoClient {
  private readonly fetch: typeof fetch;

  constructor(private readonly options: ClientOptions) {
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`;
    let response: Response;
    try {
      response = await this.fetch(new URL(path, this.options.baseUrl), { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    } catch (error) {
      throw new PorticoApiError(0, 'UNREACHABLE', `Cannot reach Portico at ${this.options.baseUrl}: ${(error as Error).message}`, []);
    }
    const text = await response.text();
    const parsed: unknown = text && (response.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text;
    if (!response.ok) {
      const error = (parsed as { error?: { code?: string; message?: string; details?: ErrorDetail[] } }).error;
      throw new PorticoApiError(response.status, error?.code ?? 'HTTP_ERROR', error?.message ?? `HTTP ${response.status}`, error?.details ?? []);
    }
    return parsed as T;
  }

  listBlueprints(): Promise<{ blueprints: Blueprint[] }> {
    return this.request('GET', '/api/v1/blueprints');
  }

  getBlueprint(identifier: string): Promise<{ blueprint: Blueprint }> {
    return this.request('GET', `/api/v1/blueprints/${encodeURIComponent(identifier)}`);
  }

  /** Creates the blueprint, or replaces it when it exists. */
  async applyBlueprint(document: { identifier: string } & Record<string, unknown>): Promise<{ blueprint: Blueprint; created: boolean }> {
    try {
      const { blueprint } = await this.request<{ blueprint: Blueprint }>('PUT', `/api/v1/blueprints/${encodeURIComponent(document.identifier)}`, document);
      return { blueprint, created: false };
    } catch (error) {
      if (!(error instanceof PorticoApiError) || error.status !== 404) throw error;
      const { blueprint } = await this.request<{ blueprint: Blueprint }>('POST', '/api/v1/blueprints', document);
      return { blueprint, created: true };
    }
  }

  listActions(): Promise<{ actions: (Action & { allowed?: boolean })[] }> {
    return this.request('GET', '/api/v1/actions');
  }

  /** Creates the action (Portico's shape, Port's JSON or a Backstage template), or replaces it when it exists. */
  async applyAction(document: { identifier?: unknown; metadata?: { name?: unknown } } & Record<string, unknown>): Promise<{ action: Action; warnings: ErrorDetail[]; created: boolean; webhookSecret?: string }> {
    const identifier = String(document.identifier ?? document.metadata?.name ?? '');
    try {
      const result = await this.request<{ action: Action; warnings: ErrorDetail[] }>('PUT', `/api/v1/actions/${encodeURIComponent(identifier)}`, document);
      return { ...result, created: false };
    } catch (error) {
      if (!(error instanceof PorticoApiError) || error.status !== 404) throw error;
      const result = await this.request<{ action: Action; warnings: ErrorDetail[]; webhookSecret?: string }>('POST', '/api/v1/actions', document);
      return { ...result, created: true };
    }
  }

  runAction(identifier: string, body: { inputs: Record<string, unknown>; entity?: string }): Promise<{ run: Run }> {
    return this.request('POST', `/api/v1/actions/${encodeURIComponent(identifier)}/runs`, body);
  }

  getRun(id: string): Promise<{ run: Run }> {
    return this.request('GET', `/api/v1/runs/${encodeURIComponent(id)}`);
  }

  /** Log lines after `afterId` (the last one already seen). */
  runLogs(id: string, afterId = '0'): Promise<{ logs: RunLog[] }> {
    return this.request('GET', `/api/v1/runs/${encodeURIComponent(id)}/logs?after=${encodeURIComponent(afterId)}`);
  }

  getEntity(blueprint: string, identifier: string): Promise<{ entity: Entity }> {
    return this.request('GET', `/api/v1/blueprints/${encodeURIComponent(blueprint)}/entities/${encodeURIComponent(identifier)}`);
  }

  upsertEntity(blueprint: string, entity: Record<string, unknown>): Promise<{ entity: Entity; status: string }> {
    return this.request('POST', `/api/v1/blueprints/${encodeURIComponent(blueprint)}/entities?upsert=true`, entity);
  }

  deleteEntity(blueprint: string, identifier: string, force = false): Promise<string> {
    return this.request('DELETE', `/api/v1/blueprints/${encodeURIComponent(blueprint)}/entities/${encodeURIComponent(identifier)}${force ? '?force=true' : ''}`);
  }

  searchEntities(request: EntitySearchRequest): Promise<SearchPage> {
    return this.request('POST', '/api/v1/entities/search', request);
  }

  bulkUpsert(entities: ({ blueprint: string } & Record<string, unknown>)[], options: { atomic?: boolean; dryRun?: boolean } = {}): Promise<WriteSummary> {
    return this.request('POST', '/api/v1/entities/bulk', { entities, ...options });
  }

  import(payload: ImportPayload): Promise<ImportReport> {
    return this.request('POST', '/api/v1/import', payload);
  }

  /**
   * Imports and reports progress while the server writes: asks for the NDJSON stream, calls
   * `onProgress` for each `{ progress }` line and resolves with the final report.
   */
  async importWithProgress(payload: ImportPayload, onProgress: (progress: { done: number; total: number }) => void): Promise<ImportReport> {
    const headers: Record<string, string> = { accept: 'application/x-ndjson, application/json', 'content-type': 'application/json' };
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`;
    let response: Response;
    try {
      response = await this.fetch(new URL('/api/v1/import', this.options.baseUrl), { method: 'POST', headers, body: JSON.stringify(payload) });
    } catch (error) {
      throw new PorticoApiError(0, 'UNREACHABLE', `Cannot reach Portico at ${this.options.baseUrl}: ${(error as Error).message}`, []);
    }
    if (!(response.headers.get('content-type') ?? '').includes('ndjson') || !response.body) {
      const parsed = JSON.parse(await response.text()) as ImportReport & { error?: { code?: string; message?: string; details?: ErrorDetail[] } };
      if (!response.ok) throw new PorticoApiError(response.status, parsed.error?.code ?? 'HTTP_ERROR', parsed.error?.message ?? `HTTP ${response.status}`, parsed.error?.details ?? []);
      return parsed;
    }
    let buffered = '';
    const decoder = new TextDecoder();
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffered += decoder.decode(chunk, { stream: true });
      let newline: number;
      while ((newline = buffered.indexOf('\n')) !== -1) {
        const line = JSON.parse(buffered.slice(0, newline)) as { progress?: { done: number; total: number }; report?: ImportReport; error?: { code: string; message: string; details: ErrorDetail[] } };
        buffered = buffered.slice(newline + 1);
        if (line.progress) onProgress(line.progress);
        if (line.report) return line.report;
        if (line.error) throw new PorticoApiError(500, line.error.code, line.error.message, line.error.details);
      }
    }
    throw new PorticoApiError(0, 'INCOMPLETE', 'The import stream ended without a report; check the catalog and the server log', []);
  }

  export(format: 'backstage' | 'json', blueprints: string[] = []): Promise<string | unknown> {
    const query = new URLSearchParams({ format });
    for (const b of blueprints) query.append('blueprint', b);
    return this.request('GET', `/api/v1/export?${query.toString()}`);
  }
}
