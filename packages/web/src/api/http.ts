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
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: body === undefined ? { accept: 'application/json' } : { 'content-type': 'application/json', accept: 'application/json' },
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
