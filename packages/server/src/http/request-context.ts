import { AsyncLocalStorage } from 'node:async_hooks';
import type { FastifyInstance } from 'fastify';

/** What the audit log records about the request behind a write: where it came from, which token made it. */
export interface RequestContext {
  ip?: string;
  tokenId?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** The context of the request being served, if any (none in jobs and scripts). */
export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}

/**
 * Opens a context for every request before any other hook, so code far from HTTP (the audit
 * writer) knows the caller's address and token without threading them through every service.
 */
export function registerRequestContext(app: FastifyInstance): void {
  app.addHook('onRequest', (request, _reply, done) => {
    storage.run({ ip: request.ip }, done);
  });
}
