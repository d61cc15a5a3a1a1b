import type { FastifyInstance } from 'fastify';
import { type Entity, PorticoError, entityInputSchema, entitySearchRequestSchema } from '@portico/model';
import { actorId } from '../auth/auth.hook.ts';
import type { Actor } from '../auth/access.ts';
import { SqlParams } from './sql-params.ts';
import type { Database } from '../db/database.ts';
import type { BlueprintRegistry } from './blueprint-registry.ts';
import type { EntitySearchService } from './entity-search.service.ts';
import type { EntityService } from './entity.service.ts';
import { countFacet } from './facets.service.ts';
import type { CatalogCache } from './catalog-cache.ts';
import { buildGraph } from './graph.service.ts';
import type { WriteMode } from './entity-write.types.ts';
import type { CallerAccess } from './caller-access.ts';

const { $id: _e, ...entityBody } = entityInputSchema;
const { $id: _s, ...searchBody } = entitySearchRequestSchema;
const blueprintParams = { type: 'object', required: ['blueprint'], properties: { blueprint: { type: 'string' } } } as const;
const entityParams = { type: 'object', required: ['blueprint', 'identifier'], properties: { blueprint: { type: 'string' }, identifier: { type: 'string' } } } as const;
const tags = ['Entities'];

type EntityParams = { Params: { blueprint: string; identifier: string } };

export interface EntityRouteDeps {
  db: Database;
  entities: EntityService;
  search: EntitySearchService;
  registry: BlueprintRegistry;
  cache: CatalogCache;
  access: CallerAccess;
  /** Adds derived read-only fields (scorecard results) to entities before they are sent. */
  enrich?: (entities: Entity[]) => Promise<void>;
}

const MAX_BULK = 100_000;

/** `/api/v1/blueprints/{blueprint}/entities`, bulk writes, search, facets and the relations graph. */
export function entityRoutes(deps: EntityRouteDeps) {
  const { entities, search } = deps;
  return async (app: FastifyInstance) => {
    app.post<{ Params: { blueprint: string }; Querystring: { upsert?: boolean; merge?: boolean; createMissingRelated?: boolean } }>('/api/v1/blueprints/:blueprint/entities', {
      config: { access: 'write' },
      schema: {
        tags, summary: 'Create an entity (?upsert=true replaces an existing one; with &merge=true only the given fields change)', params: blueprintParams, body: entityBody,
        querystring: { type: 'object', properties: { upsert: { type: 'boolean' }, merge: { type: 'boolean' }, createMissingRelated: { type: 'boolean' } } },
      },
    }, async (request, reply) => {
      const mode: WriteMode = request.query.upsert ? 'upsert' : 'create';
      const result = await entities.writeOne(request.params.blueprint, request.body, { mode, actor: actorId(request), guard: await deps.access.guard(request.actor), createMissingRelated: request.query.createMissingRelated === true });
      return reply.status(result.status === 'created' ? 201 : 200).send({ entity: result.entity, status: result.status });
    });

    app.get<{ Params: { blueprint: string }; Querystring: { limit?: number; cursor?: string } }>('/api/v1/blueprints/:blueprint/entities', {
      config: { access: 'read' },
      schema: { tags, summary: 'List entities of a blueprint', params: blueprintParams, querystring: { type: 'object', properties: { limit: { type: 'integer', minimum: 1, maximum: 1000 }, cursor: { type: 'string' } } } },
    }, async (request) => {
      const page = await search.search({ ...(request.query.limit ? { limit: request.query.limit } : {}), ...(request.query.cursor ? { cursor: request.query.cursor } : {}) }, {
        blueprint: await requireBlueprint(deps, request.params.blueprint), visibility: await deps.access.visibility(request.actor),
      });
      await deps.enrich?.(page.entities);
      return page;
    });

    app.get<EntityParams>('/api/v1/blueprints/:blueprint/entities/:identifier', { config: { access: 'read' }, schema: { tags, summary: 'Get an entity (with its scorecard results)', params: entityParams } }, async (request) => {
      const entity = await entities.get(request.params.blueprint, request.params.identifier, await deps.access.visibility(request.actor));
      await deps.enrich?.([entity]);
      return { entity };
    });

    const replace = (mode: WriteMode) => async (request: { params: EntityParams['Params']; body: unknown; actor: Actor | null }) => {
      const body = request.body as Record<string, unknown>;
      if (typeof body === 'object' && body !== null && body.identifier !== undefined && String(body.identifier).toLowerCase() !== request.params.identifier.toLowerCase()) {
        throw new PorticoError('VALIDATION_FAILED', 'The identifier in the body differs from the one in the URL', [{ path: '/identifier', message: `must be "${request.params.identifier}" or absent` }]);
      }
      const result = await entities.writeOne(request.params.blueprint, { ...body, identifier: request.params.identifier }, { mode, actor: actorId(request), guard: await deps.access.guard(request.actor), createMissingRelated: false });
      return { entity: result.entity, status: result.status };
    };
    const partialBody = { ...entityBody, required: [] };
    app.put<EntityParams>('/api/v1/blueprints/:blueprint/entities/:identifier', { config: { access: 'write' }, schema: { tags, summary: 'Replace an entity', params: entityParams, body: partialBody } }, replace('replace'));
    app.patch<EntityParams>('/api/v1/blueprints/:blueprint/entities/:identifier', { config: { access: 'write' }, schema: { tags, summary: 'Change some fields of an entity', params: entityParams, body: partialBody } }, replace('merge'));

    app.delete<EntityParams & { Querystring: { force?: boolean } }>('/api/v1/blueprints/:blueprint/entities/:identifier', {
      config: { access: 'write' },
      schema: { tags, summary: 'Delete an entity (refused while other entities point at it, unless ?force=true)', params: entityParams, querystring: { type: 'object', properties: { force: { type: 'boolean' } } } },
    }, async (request, reply) => {
      await entities.delete(request.params.blueprint, request.params.identifier, actorId(request), { force: request.query.force === true, guard: await deps.access.guard(request.actor) });
      return reply.status(204).send();
    });

    app.post<{ Body: { entities: { blueprint: string }[]; atomic?: boolean; createMissingRelated?: boolean; dryRun?: boolean } }>('/api/v1/entities/bulk', {
      config: { access: 'write' },
      schema: {
        tags, summary: 'Upsert many entities of any blueprints in one request, with a result per item',
        body: {
          type: 'object', required: ['entities'], additionalProperties: false,
          properties: {
            entities: { type: 'array', maxItems: MAX_BULK, items: { type: 'object', required: ['blueprint'], properties: { blueprint: { type: 'string' } } } },
            atomic: { type: 'boolean', description: 'All or nothing: one failure rejects the whole request' },
            createMissingRelated: { type: 'boolean' },
            dryRun: { type: 'boolean' },
          },
        },
      },
    }, async (request) => {
      const items = request.body.entities.map((item) => {
        const { blueprint, ...input } = item as { blueprint: string } & Record<string, unknown>;
        return { blueprint, input };
      });
      return entities.write(items, {
        mode: 'upsert', atomic: request.body.atomic === true, createMissingRelated: request.body.createMissingRelated === true,
        actor: actorId(request), guard: await deps.access.guard(request.actor), dryRun: request.body.dryRun === true,
      });
    });

    app.post('/api/v1/entities/search', { config: { access: 'read' }, schema: { tags, summary: 'Search entities with the query language', body: searchBody } }, async (request) => {
      const page = await search.search(request.body, { visibility: await deps.access.visibility(request.actor) });
      await deps.enrich?.(page.entities);
      return page;
    });

    app.get<{ Params: { blueprint: string }; Querystring: { property: string; limit?: number } }>('/api/v1/blueprints/:blueprint/facets', {
      config: { access: 'read' },
      schema: { tags, summary: 'Count entities per value of a property (for filter sidebars)', params: blueprintParams, querystring: { type: 'object', required: ['property'], properties: { property: { type: 'string', minLength: 1 }, limit: { type: 'integer', minimum: 1, maximum: 1000 } } } },
    }, async (request) => {
      const blueprint = await deps.registry.get(request.params.blueprint);
      if (!blueprint) throw new PorticoError('NOT_FOUND', `Blueprint "${request.params.blueprint}" does not exist`);
      const { property, limit = 100 } = request.query;
      const visibility = await deps.access.visibility(request.actor);
      const values = await deps.cache.remember(`facet\u0000${blueprint.identifier}\u0000${property}\u0000${limit}\u0000${visibility.key}`,
        () => countFacet(deps.db, blueprint.identifier, property, limit, Object.keys(blueprint.relations), visibility));
      return { property: request.query.property, values };
    });

    app.get('/api/v1/stats', { config: { access: 'read' }, schema: { tags, summary: 'How many entities each blueprint holds (that you may read)' } }, async (request) => {
      const visibility = await deps.access.visibility(request.actor);
      const params = new SqlParams();
      const where = visibility.sql(params);
      return {
        blueprints: await deps.cache.remember(`stats\u0000${visibility.key}`, async () => Object.fromEntries(
          (await deps.db.query<{ blueprint: string; n: number }>(`select blueprint, count(*)::int as n from entities e where ${where} group by blueprint`, params.values)).map((r) => [r.blueprint, r.n]),
        )),
      };
    });

    app.get<EntityParams & { Querystring: { depth?: number; direction?: 'upstream' | 'downstream' | 'both' } }>('/api/v1/blueprints/:blueprint/entities/:identifier/graph', {
      config: { access: 'read' },
      schema: {
        tags, summary: 'Nodes and edges around an entity for the relations graph', params: entityParams,
        querystring: { type: 'object', properties: { depth: { type: 'integer', minimum: 1, maximum: 6 }, direction: { enum: ['upstream', 'downstream', 'both'] } } },
      },
    }, async (request) => buildGraph(deps.db, request.params.blueprint, request.params.identifier, {
      depth: request.query.depth ?? 1, direction: request.query.direction ?? 'both', maxNodes: 500, visibility: await deps.access.visibility(request.actor),
    }));
  };
}

async function requireBlueprint(deps: EntityRouteDeps, blueprint: string): Promise<string> {
  if (!(await deps.registry.get(blueprint))) throw new PorticoError('NOT_FOUND', `Blueprint "${blueprint}" does not exist`);
  return blueprint;
}
