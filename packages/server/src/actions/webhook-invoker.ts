import { PorticoError, type WebhookInvoker } from '@portico/model';
import { REPLAY_WINDOW_SECONDS, SIGNATURE_HEADER, TIMESTAMP_HEADER, signWebhook } from './webhook-signature.ts';

const TIMEOUT_MS = 30_000;

/**
 * Calls a webhook with the run payload, signed. Network failures, timeouts, 429 and 5xx are
 * operational (the queue retries them; the receiver dedupes by the Idempotency-Key, the run id);
 * other 4xx are the receiver refusing the run, final. `headers` are the action's own (credentials,
 * opened for this call only).
 */
export async function invokeWebhook(invoker: WebhookInvoker, payload: unknown, secret: string, runId: string, signal: AbortSignal, headers: Record<string, string> = {}): Promise<{ status: number; json: Record<string, unknown> | null }> {
  const body = JSON.stringify(payload);
  const timestamp = Math.floor(Date.now() / 1000);
  let response: Response;
  try {
    response = await fetch(invoker.url, {
      method: invoker.method,
      headers: {
        // The action's own headers first: Portico's (which the action cannot name) are not overridden.
        ...headers,
        'content-type': 'application/json',
        'user-agent': 'Portico-Webhook/1',
        [TIMESTAMP_HEADER]: String(timestamp),
        [SIGNATURE_HEADER]: signWebhook(secret, timestamp, body),
        'x-portico-replay-window': String(REPLAY_WINDOW_SECONDS),
        'x-portico-run-id': runId,
        'idempotency-key': runId,
      },
      body,
      signal: AbortSignal.any([signal, AbortSignal.timeout(TIMEOUT_MS)]),
      redirect: 'error',
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new PorticoError('UNAVAILABLE', `${new URL(invoker.url).host} could not be reached (${cause?.code ?? cause?.message ?? (error as Error).message})`);
  }
  const text = await response.text().catch(() => '');
  const excerpt = text.slice(0, 300);
  if (response.status === 429 || response.status >= 500) throw new PorticoError('UNAVAILABLE', `${new URL(invoker.url).host} answered HTTP ${response.status}${excerpt ? `: ${excerpt}` : ''}`);
  if (!response.ok) throw new PorticoError('CONFLICT', `${new URL(invoker.url).host} refused the run with HTTP ${response.status}${excerpt ? `: ${excerpt}` : ''}`);
  let json: Record<string, unknown> | null = null;
  try {
    const parsed = text ? JSON.parse(text) as unknown : null;
    json = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed as Record<string, unknown> : null;
  } catch {
    json = null;
  }
  return { status: response.status, json };
}
