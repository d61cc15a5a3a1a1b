import type { FastifyInstance } from 'fastify';
import { blueprintInputSchema } from '@portico/model';
import { actorId } from '../auth/auth.hook.ts';
import type { Actor } from '../auth/access.ts';
import type { BlueprintService } from './blueprint.service.ts';

const { $id: _id, ...blueprintBody } = blueprintInputSchema;
const params = { type: 'object', required: ['blueprint'], properties: { blueprint: { type: 'string' } } } as const;
const tags = ['Blueprints'];

/** `/api/v1/blueprints`: the data model. */
export function blueprintRoutes(blueprints: BlueprintService, access: { assertModerates(actor: Actor | null, blueprint: string): void }) {
  /** Admins change any blueprint; moderators the ones they moderate (a missing one is a 404 for both). */
  const moderated = async (request: { params: { blueprint: string }; actor: Actor | null }) => {
    await blueprints.get(request.params.blueprint);
    access.assertModerates(request.actor, request.params.blueprint);
  };
  return async (app: FastifyInstance) => {
    app.get('/api/v1/blueprints', { config: { access: 'read' }, schema: { tags, summary: 'List blueprints' } }, async () => ({ blueprints: await blueprints.list() }));

    app.post('/api/v1/blueprints', { config: { access: 'admin' }, schema: { tags, summary: 'Create a blueprint', body: blueprintBody } }, async (request, reply) => {
      const blueprint = await blueprints.create(request.body, actorId(request));
      return reply.status(201).send({ blueprint });
    });

    app.get<{ Params: { blueprint: string } }>('/api/v1/blueprints/:blueprint', { config: { access: 'read' }, schema: { tags, summary: 'Get a blueprint', params } }, async (request) => ({
      blueprint: await blueprints.get(request.params.blueprint),
    }));

    app.put<{ Params: { blueprint: string } }>('/api/v1/blueprints/:blueprint', {
      config: { access: 'moderate' },
      schema: { tags, summary: 'Replace a blueprint; refused when existing entities would not fit (admins, and moderators of it)', params, body: { ...blueprintBody, required: [] } },
    }, async (request) => {
      await moderated(request);
      return { blueprint: await blueprints.update(request.params.blueprint, request.body, actorId(request), 'replace') };
    });

    app.patch<{ Params: { blueprint: string } }>('/api/v1/blueprints/:blueprint', {
      config: { access: 'moderate' },
      schema: { tags, summary: 'Change parts of a blueprint (properties and relations merge by name; admins, and moderators of it)', params, body: { type: 'object' } },
    }, async (request) => {
      await moderated(request);
      return { blueprint: await blueprints.update(request.params.blueprint, request.body, actorId(request), 'merge') };
    });

    app.delete<{ Params: { blueprint: string }; Querystring: { deleteEntities?: boolean } }>('/api/v1/blueprints/:blueprint', {
      config: { access: 'admin' },
      schema: { tags, summary: 'Delete a blueprint', params, querystring: { type: 'object', properties: { deleteEntities: { type: 'boolean' } } } },
    }, async (request, reply) => {
      await blueprints.delete(request.params.blueprint, actorId(request), { deleteEntities: request.query.deleteEntities === true });
      return reply.status(204).send();
    });
  };
}
