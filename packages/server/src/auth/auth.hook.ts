import type { FastifyInstance, FastifyRequest } from 'fastify';
import { PorticoError } from '@portico/model';
import { type Access, roleAllows } from './access.ts';
import type { AuthService } from './auth.service.ts';

/**
 * The one authentication + authorization hook. Every route must declare `config.access`
 * (registration fails otherwise), and every request passes this hook before its handler.
 */
export function registerAuthHook(app: FastifyInstance, auth: AuthService): RouteAccess[] {
  const table: RouteAccess[] = [];
  app.decorateRequest('actor', null);
  const authorize = async (request: FastifyRequest) => {
    const access: Access = request.routeOptions.config.access ?? 'admin';
    const actor = await auth.authenticate(request.headers.authorization);
    if (actor && 'refused' in actor) {
      const why = { invalid: 'is not valid (unknown or malformed)', expired: 'has expired; create a new one', revoked: 'was revoked' }[actor.refused];
      throw new PorticoError('UNAUTHENTICATED', `The bearer token ${why}`);
    }
    request.actor = actor;
    if (access === 'public') return;
    if (!actor) throw new PorticoError('UNAUTHENTICATED', 'Authentication required: send "Authorization: Bearer <token>"');
    if (!roleAllows(actor.role, access)) throw new PorticoError('FORBIDDEN', `Your role (${actor.role}) may not ${access} here`);
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
