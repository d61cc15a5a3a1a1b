import type { FastifyInstance, FastifyRequest } from 'fastify';
import type {} from '@fastify/cookie';
import { PorticoError } from '@portico/model';
import { type Access, actorMay } from './access.ts';
import { type AuthService, SESSION_COOKIE, hashToken } from './auth.service.ts';
import { currentRequestContext } from '../http/request-context.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The one authentication + authorization hook. Every route must declare `config.access`
 * (registration fails otherwise), and every request passes this hook before its handler.
 */
export function registerAuthHook(app: FastifyInstance, auth: AuthService, recordDenial?: (denial: Denial) => Promise<void>): RouteAccess[] {
  const table: RouteAccess[] = [];
  app.decorateRequest('actor', null);
  const authorize = async (request: FastifyRequest) => {
    try {
      await check(request);
    } catch (error) {
      // Denied requests are part of the record: who (if anyone), what, from where, why.
      if (recordDenial && error instanceof PorticoError) {
        await recordDenial({ actor: request.actor?.id ?? 'anonymous', method: request.method, url: request.url.split('?')[0] ?? request.url, ip: request.ip, code: error.code, reason: error.message })
          .catch((cause: unknown) => request.log.error(cause));
      }
      throw error;
    }
  };
  const check = async (request: FastifyRequest) => {
    const access: Access = request.routeOptions.config.access ?? 'admin';
    const actor = await auth.authenticate(request.headers.authorization, request.cookies[SESSION_COOKIE]);
    if (actor && 'refused' in actor) {
      if (actor.refused === 'session') throw new PorticoError('UNAUTHENTICATED', 'Your session has ended (signed out, expired or unknown); sign in again');
      const why = { invalid: 'is not valid (unknown or malformed)', expired: 'has expired; create a new one', revoked: 'was revoked' }[actor.refused];
      throw new PorticoError('UNAUTHENTICATED', `The bearer token ${why}`);
    }
    request.actor = actor;
    const context = currentRequestContext();
    if (context && actor?.tokenId) context.tokenId = actor.tokenId;
    // Cookies ride along on cross-site requests; a write made with one must also prove it came
    // from the portal by echoing the CSRF token only the portal's pages can read.
    if (actor?.session && !SAFE_METHODS.has(request.method)) {
      const presented = request.headers['x-csrf-token'];
      if (typeof presented !== 'string' || hashToken(presented) !== actor.session.csrfHash) {
        throw new PorticoError('FORBIDDEN', 'Missing or wrong CSRF token: send the portico_csrf cookie\'s value in the X-CSRF-Token header');
      }
    }
    if (access === 'public') return;
    if (!actor) throw new PorticoError('UNAUTHENTICATED', 'Authentication required: send "Authorization: Bearer <token>"');
    if (!actorMay(actor, access)) {
      throw new PorticoError('FORBIDDEN', actor.scope !== 'admin' && actorMay({ role: actor.role, scope: 'admin' }, access)
        ? `This token's scope (${actor.scope}) does not allow ${access} access`
        : `Your role (${actor.role}) does not allow ${access} access here`);
    }
  };
  app.addHook('onRoute', (route) => {
    const config = (route.config ?? {}) as { access?: Access };
    // The API reference pages come from a plugin; they are the only routes made public here.
    if (!config.access && route.url.startsWith('/api/docs')) route.config = { ...config, access: 'public' };
    else if (!config.access) throw new Error(`Route ${String(route.method)} ${route.url} declares no config.access`);
    const access = (route.config as { access: Access }).access;
    for (const method of [route.method].flat()) if (method !== 'HEAD') table.push({ method, url: route.url, access });
    // A route-level hook, appended last: plugins registered earlier (the rate limiter) run first,
    // so failed authentications are counted and limited too.
    route.onRequest = [...[route.onRequest ?? []].flat(), authorize] as typeof route.onRequest;
  });
  return table;
}

/** A request the hook refused. */
export interface Denial {
  actor: string;
  method: string;
  url: string;
  ip: string;
  code: string;
  reason: string;
}

/** One row of the route table: what the access matrix tests walk. */
export interface RouteAccess {
  method: string;
  url: string;
  access: Access;
}

/** The actor of an authenticated request (routes behind the hook always have one). */
export function actorId(request: { actor: { id: string } | null }): string {
  return request.actor?.id ?? 'anonymous';
}
