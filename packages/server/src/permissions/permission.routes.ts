import type { FastifyInstance } from 'fastify';
import { type BlueprintPermissions, PorticoError, type Role, blueprintPermissionsInputSchema, roleAssignmentInputSchema } from '@portico/model';
import type { Database } from '../db/database.ts';
import type { Actor } from '../auth/access.ts';
import type { AccessService } from './access.service.ts';
import { listDirectoryUsers } from './user-directory.repo.ts';

const { $id: _p, ...permissionsBody } = blueprintPermissionsInputSchema;
const { $id: _r, ...roleBody } = roleAssignmentInputSchema;
const blueprintParams = { type: 'object', required: ['blueprint'], properties: { blueprint: { type: 'string' } } } as const;
const userParams = { type: 'object', required: ['identifier'], properties: { identifier: { type: 'string', minLength: 1 } } } as const;
const tags = ['Access'];

/**
 * Permissions as data: each blueprint's entity permissions, people's roles, and the "what can
 * this user do?" check. Every change is audited by the service.
 */
export function permissionRoutes(deps: { access: AccessService; db: Database }) {
  const { access } = deps;
  const actorOf = (request: { actor: Actor | null }): Actor => {
    if (!request.actor) throw new Error('the auth hook lets no anonymous caller through here');
    return request.actor;
  };
  return async (app: FastifyInstance) => {
    app.get<{ Params: { blueprint: string } }>('/api/v1/blueprints/:blueprint/permissions', {
      config: { access: 'read' },
      schema: { tags, summary: 'Who may read, create, update and delete the entities of a blueprint', params: blueprintParams },
    }, async (request) => ({ blueprint: request.params.blueprint, permissions: await access.permissionsFor(request.params.blueprint) }));

    app.put<{ Params: { blueprint: string }; Body: { entities: Partial<BlueprintPermissions['entities']> } }>('/api/v1/blueprints/:blueprint/permissions', {
      config: { access: 'moderate' },
      schema: { tags, summary: 'Set a blueprint\'s entity permissions (admins, and moderators of it); unset actions take the defaults', params: blueprintParams, body: permissionsBody },
    }, async (request) => ({ blueprint: request.params.blueprint, permissions: await access.setPermissions(request.params.blueprint, request.body, actorOf(request)) }));

    app.get<{ Params: { blueprint: string; identifier: string } }>('/api/v1/blueprints/:blueprint/entities/:identifier/access', {
      config: { access: 'read' },
      schema: {
        tags, summary: 'What you may do with this entity, and why (for showing or hiding Edit and Delete)',
        params: { type: 'object', required: ['blueprint', 'identifier'], properties: { blueprint: { type: 'string' }, identifier: { type: 'string' } } },
      },
    }, async (request) => ({ decisions: await access.decisionsOn(actorOf(request), request.params.blueprint, request.params.identifier) }));

    app.get<{ Querystring: { q?: string; limit?: number; offset?: number } }>('/api/v1/users', {
      config: { access: 'admin' },
      schema: {
        tags, summary: 'People (user entities) with their roles',
        querystring: { type: 'object', additionalProperties: false, properties: { q: { type: 'string', maxLength: 200 }, limit: { type: 'integer', minimum: 1, maximum: 1000 }, offset: { type: 'integer', minimum: 0 } } },
      },
    }, async (request) => {
      const page = await listDirectoryUsers(deps.db, { limit: request.query.limit ?? 100, offset: request.query.offset ?? 0, ...(request.query.q ? { q: request.query.q } : {}) });
      return { ...page, defaultRole: access.defaultRole };
    });

    app.put<{ Params: { identifier: string }; Body: { role: Role; moderates?: string[] } }>('/api/v1/users/:identifier/role', {
      config: { access: 'admin' },
      schema: { tags, summary: 'Give a person a role (moderators: with the blueprints they moderate)', params: userParams, body: roleBody },
    }, async (request) => ({ assignment: await access.setRole(request.params.identifier, request.body, actorOf(request)) }));

    app.get<{ Params: { identifier: string }; Querystring: { blueprint?: string; entity?: string } }>('/api/v1/users/:identifier/access', {
      config: { access: 'admin' },
      schema: {
        tags, summary: 'What can this user do? Reach per blueprint and action, and with blueprint + entity the decision on that entity and why',
        params: userParams,
        querystring: { type: 'object', additionalProperties: false, properties: { blueprint: { type: 'string', minLength: 1 }, entity: { type: 'string', minLength: 1 } } },
      },
    }, async (request) => {
      const { blueprint, entity } = request.query;
      if (entity && !blueprint) throw new PorticoError('VALIDATION_FAILED', 'Name the blueprint of the entity to check', [{ path: '/querystring/blueprint', message: 'is required with entity' }]);
      return access.explain(request.params.identifier, blueprint && entity ? { blueprint, identifier: entity } : undefined);
    });
  };
}
