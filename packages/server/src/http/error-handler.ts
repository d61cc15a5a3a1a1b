import type { FastifyError, FastifyInstance } from 'fastify';
import { type ErrorCode, type ErrorDetail, PorticoError } from '@portico/model';

/** HTTP status of each error code; the compiler checks the table covers every code. */
export const STATUS_BY_CODE: Record<ErrorCode, number> = {
  BAD_REQUEST: 400,
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BAD_REQUEST',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'BAD_REQUEST',
  FST_ERR_CTP_INVALID_JSON_BODY: 'BAD_REQUEST',
};

/** Turns any thrown error into PorticoError, so one place decides what a client sees. */
export function toPorticoError(error: unknown): PorticoError {
  if (error instanceof PorticoError) return error;
  const e = error as FastifyError & { validation?: { instancePath: string; message?: string; params?: Record<string, unknown> }[]; validationContext?: string; code?: string };
  if (e.validation) {
    const prefix = e.validationContext && e.validationContext !== 'body' ? `/${e.validationContext}` : '';
    const details: ErrorDetail[] = e.validation.map((v) => {
      const missing = v.params?.missingProperty;
      const extra = v.params?.additionalProperty;
      const path = prefix + v.instancePath + (typeof missing === 'string' ? `/${missing}` : typeof extra === 'string' ? `/${extra}` : '');
      const message = typeof missing === 'string' ? 'is required' : typeof extra === 'string' ? 'is not allowed here' : (v.message ?? 'is invalid');
      return { path, message };
    });
    const first = details[0];
    return new PorticoError('VALIDATION_FAILED', first ? `Invalid request: ${first.path || '/'} ${first.message}` : 'Invalid request', details);
  }
  const mapped = e.code ? FASTIFY_CODES[e.code] : undefined;
  if (mapped) return new PorticoError(mapped, e.message);
  if (e instanceof SyntaxError) return new PorticoError('BAD_REQUEST', `Malformed JSON body: ${e.message}`);
  // SQLSTATE class 22 (data exception) can only come from a value a client sent.
  const sqlState = (error as { code?: unknown }).code;
  if (typeof sqlState === 'string' && /^22[0-9A-Z]{3}$/.test(sqlState)) return new PorticoError('BAD_REQUEST', `A value in the request is out of range: ${e.message}`);
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    const code = (Object.entries(STATUS_BY_CODE).find(([, status]) => status === e.statusCode)?.[0] ?? 'BAD_REQUEST') as ErrorCode;
    return new PorticoError(code, e.message);
  }
  return new PorticoError('INTERNAL', 'Internal error; the server log has the details');
}

/** Installs the one error hook: `{ error: { code, message, details } }` for every failure. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const portico = toPorticoError(error);
    const status = STATUS_BY_CODE[portico.code];
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    void reply.status(status).send({ error: { code: portico.code, message: portico.message, details: portico.details } });
  });
  app.setNotFoundHandler((request, reply) => {
    void reply.status(404).send({ error: { code: 'NOT_FOUND', message: `No route ${request.method} ${request.url.split('?')[0]}`, details: [] } });
  });
}
