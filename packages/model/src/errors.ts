/**
 * The one error type of Portico. `kind` says who is at fault, which decides both the HTTP status
 * family and whether a job may retry (only `operational` errors are retried).
 */
export type ErrorKind = 'user' | 'operational' | 'unexpected';

export type ErrorCode =
  | 'BAD_REQUEST'
  | 'VALIDATION_FAILED'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'RATE_LIMITED'
  | 'UNAVAILABLE'
  | 'INTERNAL';

/** One problem with a request, located by a JSON pointer into what the client sent. */
export interface ErrorDetail {
  path: string;
  message: string;
}

export class PorticoError extends Error {
  readonly code: ErrorCode;
  readonly kind: ErrorKind;
  readonly details: ErrorDetail[];

  constructor(code: ErrorCode, message: string, details: ErrorDetail[] = [], kind?: ErrorKind) {
    super(message);
    this.name = 'PorticoError';
    this.code = code;
    this.details = details;
    this.kind = kind ?? (code === 'INTERNAL' ? 'unexpected' : code === 'UNAVAILABLE' ? 'operational' : 'user');
  }
}

/** Throws a VALIDATION_FAILED error when `details` is not empty. */
export function assertNoIssues(details: ErrorDetail[], message: string): void {
  if (details.length > 0) {
    const first = details[0];
    throw new PorticoError('VALIDATION_FAILED', first ? `${message}: ${first.path || '/'} ${first.message}` : message, details);
  }
}

/** Escapes one segment of a JSON pointer (RFC 6901). */
export function pointerSegment(segment: string | number): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Joins segments into a JSON pointer. */
export function toPointer(...segments: (string | number)[]): string {
  return segments.map((s) => `/${pointerSegment(s)}`).join('');
}
