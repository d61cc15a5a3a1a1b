import { createHmac, timingSafeEqual } from 'node:crypto';

/** Headers a webhook receiver reads: when it was sent, and the signature over timestamp + body. */
export const SIGNATURE_HEADER = 'x-portico-signature';
export const TIMESTAMP_HEADER = 'x-portico-timestamp';
/** How old a signed call may be before a receiver should refuse it (replay window). */
export const REPLAY_WINDOW_SECONDS = 300;

/** `v1=<hex HMAC-SHA256 of "<timestamp>.<body>">`, the scheme Stripe and Slack use. */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * What a receiver does (exported for receivers written in TypeScript, and for tests): recompute
 * the signature, compare in constant time, and refuse calls outside the replay window.
 */
export function verifyWebhook(secret: string, headers: { signature?: string; timestamp?: string }, body: string, now = Date.now()): boolean {
  const timestamp = Number(headers.timestamp);
  if (!Number.isFinite(timestamp) || Math.abs(now / 1000 - timestamp) > REPLAY_WINDOW_SECONDS) return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const given = Buffer.from(headers.signature ?? '');
  return expected.length === given.length && timingSafeEqual(expected, given);
}
