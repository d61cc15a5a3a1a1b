import type { FastifyInstance } from 'fastify';
import { PorticoError } from '@portico/model';
import type { AuthService, CreateTokenRequest } from './auth.service.ts';

const tags = ['API tokens'];

const createBody = {
  type: 'object', required: ['name'], additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9][A-Za-z0-9 ._-]*$' },
    kind: { enum: ['personal', 'service'], description: 'personal (default): acts for you; service: for CI and integrations (admins only)' },
    scopes: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: ['read', 'write', 'admin'] }, description: 'default ["read"]' },
    expiresAt: { type: 'string', format: 'date-time' },
    expiresInDays: { type: 'integer', minimum: 1, maximum: 3650 },
  },
} as const;

/** `/api/v1/tokens`: personal and service tokens, shown once, revocable. */
export function tokenRoutes(auth: AuthService) {
  return async (app: FastifyInstance) => {
    app.get('/api/v1/tokens', {
      config: { access: 'read' }, schema: { tags, summary: 'Your personal tokens (admins: every token); secrets are never shown again' },
    }, async (request) => ({ tokens: await auth.list(requireActor(request.actor)) }));

    app.post<{ Body: { name: string; kind?: 'personal' | 'service'; scopes?: CreateTokenRequest['scopes']; expiresAt?: string; expiresInDays?: number } }>('/api/v1/tokens', {
      config: { access: 'read' },
      schema: { tags, summary: 'Create a token; the response holds its secret, the only time it is shown', body: createBody },
    }, async (request, reply) => {
      const { name, kind = 'personal', scopes = ['read'], expiresAt, expiresInDays } = request.body;
      if (expiresAt && expiresInDays) throw new PorticoError('VALIDATION_FAILED', 'Give expiresAt or expiresInDays, not both', [{ path: '/expiresInDays', message: 'conflicts with expiresAt' }]);
      const expiry = expiresInDays ? new Date(Date.now() + expiresInDays * 86_400_000).toISOString() : expiresAt ?? null;
      const { secret, token } = await auth.issue({ name, kind, scopes, expiresAt: expiry }, requireActor(request.actor));
      return reply.status(201).header('cache-control', 'no-store').send({ secret, token });
    });

    app.delete<{ Params: { id: string } }>('/api/v1/tokens/:id', {
      config: { access: 'read' },
      schema: { tags, summary: 'Revoke a token at once (yours, or any for admins)', params: { type: 'object', required: ['id'], properties: { id: { type: 'string', pattern: '^[0-9]{1,18}$' } } } },
    }, async (request) => ({ token: await auth.revoke(request.params.id, requireActor(request.actor)) }));
  };
}

function requireActor<T>(actor: T | null): T {
  if (!actor) throw new PorticoError('UNAUTHENTICATED', 'Authentication required');
  return actor;
}
