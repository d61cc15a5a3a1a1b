import type { FastifyInstance } from 'fastify';
import { PorticoError } from '@portico/model';
import { actorId } from '../auth/auth.hook.ts';
import { isAdmin } from '../auth/access.ts';
import type { Database } from '../db/database.ts';
import type { BlueprintRegistry } from '../catalog/index.ts';
import { deleteView, findView, listVisibleViews, saveView } from './saved-view.repo.ts';

const tags = ['Saved views'];
const params = { type: 'object', required: ['blueprint'], properties: { blueprint: { type: 'string' } } } as const;
const viewParams = { type: 'object', required: ['blueprint', 'id'], properties: { blueprint: { type: 'string' }, id: { type: 'string', pattern: '^[0-9]{1,18}$' } } } as const;

/** What a view remembers of the explorer; unknown keys are refused so typos surface. */
const viewBody = {
  type: 'object', required: ['name', 'state'], additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 120, pattern: '\\S' },
    shared: { type: 'boolean', description: 'Visible to everyone who can read the blueprint (default: only to its owner)' },
    state: {
      type: 'object', additionalProperties: false,
      properties: {
        text: { type: 'string', maxLength: 500 },
        facets: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' }, maxItems: 200 } },
        rules: { type: 'array', maxItems: 50, items: { type: 'object' } },
        sort: { anyOf: [{ type: 'null' }, { type: 'object', required: ['property', 'order'], additionalProperties: false, properties: { property: { type: 'string' }, order: { enum: ['asc', 'desc'] } } }] },
        columns: { anyOf: [{ type: 'null' }, { type: 'array', maxItems: 100, items: { type: 'string' } }] },
      },
    },
  },
} as const;

/** `/api/v1/blueprints/{blueprint}/views`: explorer views saved per user, optionally shared. */
export function savedViewRoutes(deps: { db: Database; registry: BlueprintRegistry }) {
  const requireBlueprint = async (blueprint: string) => {
    if (!(await deps.registry.get(blueprint))) throw new PorticoError('NOT_FOUND', `Blueprint "${blueprint}" does not exist`);
  };
  return async (app: FastifyInstance) => {
    app.get<{ Params: { blueprint: string } }>('/api/v1/blueprints/:blueprint/views', {
      config: { access: 'read' }, schema: { tags, summary: 'The saved views of a blueprint you can see (yours and shared ones)', params },
    }, async (request) => {
      await requireBlueprint(request.params.blueprint);
      return { views: await listVisibleViews(deps.db, request.params.blueprint, actorId(request)) };
    });

    app.post<{ Params: { blueprint: string }; Body: { name: string; shared?: boolean; state: Record<string, unknown> } }>('/api/v1/blueprints/:blueprint/views', {
      config: { access: 'write' }, schema: { tags, summary: 'Save a view (a view of yours with the same name is replaced)', params, body: viewBody },
    }, async (request, reply) => {
      await requireBlueprint(request.params.blueprint);
      const { view, created } = await saveView(deps.db, {
        blueprint: request.params.blueprint, name: request.body.name.trim(), owner: actorId(request), shared: request.body.shared === true, state: request.body.state,
      });
      return reply.status(created ? 201 : 200).send({ view });
    });

    app.delete<{ Params: { blueprint: string; id: string } }>('/api/v1/blueprints/:blueprint/views/:id', {
      config: { access: 'write' }, schema: { tags, summary: 'Delete a view of yours (admins may delete any)', params: viewParams },
    }, async (request, reply) => {
      const view = await findView(deps.db, request.params.blueprint, request.params.id);
      const actor = actorId(request);
      // Someone else's private view does not exist as far as this actor can tell.
      if (!view || (view.owner !== actor && !view.shared)) throw new PorticoError('NOT_FOUND', `No saved view ${request.params.id} of blueprint "${request.params.blueprint}"`);
      if (view.owner !== actor && !isAdmin(request.actor)) throw new PorticoError('FORBIDDEN', `The view "${view.name}" belongs to ${view.owner}; only they or an admin may delete it`);
      await deleteView(deps.db, view.id);
      return reply.status(204).send();
    });
  };
}
