/** One field the server rejected: a JSON pointer and the reason. */
export interface ErrorDetail {
  path: string;
  message: string;
}

/** A failed API call, with what the server said about it. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly details: ErrorDetail[]) {
    super(message);
  }

  /** The server's reason for the field at `path` (and its children), for showing next to a form field. */
  detailFor(path: string): string | undefined {
    return this.details.find((d) => d.path === path || d.path.startsWith(`${path}/`))?.message;
  }
}

/**
 * Calls the Portico API on the same origin. JSON in, JSON out; errors become ApiError with the
 * server's message, or a message saying the server could not be reached.
 */
/** The CSRF token of a signed-in browser: writes echo it so the server knows they come from the portal. */
function csrfHeader(method: string): Record<string, string> {
  if (method === 'GET' || method === 'HEAD') return {};
  const token = document.cookie.split('; ').find((c) => c.startsWith('portico_csrf='))?.slice('portico_csrf='.length);
  return token ? { 'x-csrf-token': decodeURIComponent(token) } : {};
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: { ...csrfHeader(method), ...(body === undefined ? { accept: 'application/json' } : { 'content-type': 'application/json', accept: 'application/json' }) },
      body: body === undefined ? null : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, 'NETWORK', 'The Portico server could not be reached. Check that it is running, then retry.', []);
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const parsed: unknown = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const error = (parsed as { error?: { code?: string; message?: string; details?: ErrorDetail[] } } | null)?.error;
    throw new ApiError(response.status, error?.code ?? 'HTTP', error?.message ?? `${method} ${path} failed with ${response.status}`, error?.details ?? []);
  }
  return parsed as T;
}

/**
 * POST that accepts the server's NDJSON progress stream (`{ progress }` lines, then `{ result-key }`),
 * calling `onProgress` for each progress line; a plain JSON answer is handled as by `api`.
 */
export async function apiWithProgress<T>(path: string, body: unknown, resultKey: string, onProgress: (progress: { done: number; total: number }) => void): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { method: 'POST', headers: { ...csrfHeader('POST'), 'content-type': 'application/json', accept: 'application/x-ndjson, application/json' }, body: JSON.stringify(body), credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'NETWORK', 'The Portico server could not be reached. Check that it is running, then retry.', []);
  }
  if (!(response.headers.get('content-type') ?? '').includes('ndjson') || !response.body) {
    const parsed = JSON.parse(await response.text()) as T & { error?: { code?: string; message?: string; details?: ErrorDetail[] } };
    if (!response.ok) throw new ApiError(response.status, parsed.error?.code ?? 'HTTP', parsed.error?.message ?? `POST ${path} failed with ${response.status}`, parsed.error?.details ?? []);
    return parsed;
  }
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (value) buffered += decoder.decode(value, { stream: true });
    let newline: number;
    while ((newline = buffered.indexOf('\n')) !== -1) {
      const line = JSON.parse(buffered.slice(0, newline)) as Record<string, unknown>;
      buffered = buffered.slice(newline + 1);
      if (line.progress) onProgress(line.progress as { done: number; total: number });
      if (line[resultKey]) return line[resultKey] as T;
      const error = line.error as { code: string; message: string; details: ErrorDetail[] } | undefined;
      if (error) throw new ApiError(500, error.code, error.message, error.details);
    }
    if (done) throw new ApiError(0, 'INCOMPLETE', 'The server stopped before reporting; check the catalog and the server log.', []);
  }
}
