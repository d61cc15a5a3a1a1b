import type { FastifyInstance } from 'fastify';
import type {} from '@fastify/cookie';
import { PorticoError } from '@portico/model';
import { CSRF_COOKIE, SESSION_COOKIE, type AuthService } from './auth.service.ts';
import { type OidcService, safeReturnTo } from './oidc.service.ts';

const tags = ['Sign-in'];

/**
 * Browser sign-in: `/auth/login` → the identity provider → `/auth/callback` (session cookie set)
 * → back where the person was; `POST /auth/logout` ends the session server-side.
 * `GET /api/v1/session` tells the portal who is signed in and how one signs in.
 */
export function signInRoutes(deps: { auth: AuthService; oidc: OidcService | null; publicUrl: string }) {
  const secure = deps.publicUrl.startsWith('https://');
  const cookie = (maxAgeSeconds: number, httpOnly: boolean) => ({ path: '/', httpOnly, secure, sameSite: 'lax' as const, maxAge: maxAgeSeconds });
  return async (app: FastifyInstance) => {
    app.get<{ Querystring: { returnTo?: string } }>('/auth/login', {
      config: { access: 'public' },
      schema: { tags, summary: 'Start single sign-on (redirects to the identity provider)', querystring: { type: 'object', properties: { returnTo: { type: 'string', maxLength: 2000 } } } },
    }, async (request, reply) => {
      if (!deps.oidc) throw new PorticoError('NOT_FOUND', 'Single sign-on is not configured (set PORTICO_OIDC_ISSUER, PORTICO_OIDC_CLIENT_ID and PORTICO_OIDC_CLIENT_SECRET)');
      return reply.redirect(await deps.oidc.beginLogin(safeReturnTo(request.query.returnTo)));
    });

    app.get('/auth/callback', {
      config: { access: 'public' }, schema: { tags, summary: 'Where the identity provider sends the browser back' },
    }, async (request, reply) => {
      if (!deps.oidc) throw new PorticoError('NOT_FOUND', 'Single sign-on is not configured');
      const opened = await deps.oidc.completeLogin(new URL(request.url, deps.publicUrl), request.ip);
      const maxAge = Math.floor((opened.expiresAt.getTime() - Date.now()) / 1000);
      return reply
        .setCookie(SESSION_COOKIE, opened.secret, cookie(maxAge, true))
        // Readable by the portal's own pages (and only theirs): the CSRF token they echo on writes.
        .setCookie(CSRF_COOKIE, opened.csrf, cookie(maxAge, false))
        .redirect(opened.returnTo);
    });

    app.post('/auth/logout', {
      config: { access: 'public' }, schema: { tags, summary: 'Sign out: the session ends on the server, the cookies are cleared' },
    }, async (request, reply) => {
      if (request.actor) await deps.auth.signOut(request.actor);
      return reply.clearCookie(SESSION_COOKIE, { path: '/' }).clearCookie(CSRF_COOKIE, { path: '/' }).status(204).send();
    });

    app.get('/api/v1/session', {
      config: { access: 'public' }, schema: { tags, summary: 'Who is signed in, and how to sign in' },
    }, async (request) => {
      const actor = request.actor;
      return {
        signedIn: actor !== null,
        actor: actor ? {
          id: actor.id, role: actor.role, scope: actor.scope, name: actor.session?.name ?? (actor.id === 'guest' ? 'Local guest' : actor.id), email: actor.session?.email ?? null,
          via: actor.session ? 'session' : actor.tokenId ? 'token' : 'guest', user: actor.user, teams: actor.teams, moderates: actor.moderates,
        } : null,
        signIn: { oidc: deps.oidc !== null, loginUrl: deps.oidc ? '/auth/login' : null },
      };
    });
  };
}
