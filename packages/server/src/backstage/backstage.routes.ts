import type { FastifyInstance } from 'fastify';
import type { BackstageCatalogService, ByQueryRequest } from './backstage-catalog.service.ts';
import type { CallerAccess } from '../catalog/index.ts';
import type { Actor } from '../auth/access.ts';

const tags = ['Backstage-compatible catalog'];
const stringOrList = { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] } as const;
const fieldList = (value: string | string[] | undefined) => (value === undefined ? [] : (Array.isArray(value) ? value : [value]).flatMap((f) => f.split(',')).map((f) => f.trim()).filter(Boolean));

/**
 * Backstage's catalog read API under `/api/catalog`, so `@backstage/catalog-client`, scripts and
 * plugins that read a Backstage catalog work against Portico unchanged.
 */
export function backstageRoutes(service: BackstageCatalogService, access: CallerAccess) {
  const visible = (request: { actor: Actor | null }) => access.visibility(request.actor);
  return async (app: FastifyInstance) => {
    app.get<{ Querystring: ByQueryRequest }>('/api/catalog/entities/by-query', {
      config: { access: 'read' },
      schema: {
        tags, summary: 'Query entities (Backstage by-query)',
        querystring: {
          type: 'object',
          properties: {
            filter: stringOrList, fields: stringOrList, orderField: stringOrList, fullTextFilterTerm: { type: 'string' }, fullTextFilterFields: stringOrList,
            cursor: { type: 'string' }, limit: { type: 'integer', minimum: 0, maximum: 10000 }, offset: { type: 'integer', minimum: 0 },
          },
        },
      },
    }, async (request) => service.byQuery(request.query, await visible(request)));

    app.get<{ Querystring: { filter?: string | string[]; fields?: string | string[]; offset?: number; limit?: number } }>('/api/catalog/entities', {
      config: { access: 'read' },
      schema: { tags, summary: 'List entities (Backstage getEntities)', querystring: { type: 'object', properties: { filter: stringOrList, fields: stringOrList, offset: { type: 'integer', minimum: 0 }, limit: { type: 'integer', minimum: 0, maximum: 100000 }, after: { type: 'string' } } } },
    }, async (request) => service.list(request.query.filter, fieldList(request.query.fields), request.query.offset ?? 0, request.query.limit ?? 10000, await visible(request)));

    app.get<{ Params: { kind: string; namespace: string; name: string } }>('/api/catalog/entities/by-name/:kind/:namespace/:name', {
      config: { access: 'read' },
      schema: { tags, summary: 'Get an entity by kind, namespace and name', params: { type: 'object', required: ['kind', 'namespace', 'name'], properties: { kind: { type: 'string' }, namespace: { type: 'string' }, name: { type: 'string' } } } },
    }, async (request) => service.byName(request.params.kind, request.params.namespace, request.params.name, await visible(request)));

    app.get<{ Params: { uid: string } }>('/api/catalog/entities/by-uid/:uid', {
      config: { access: 'read' },
      schema: { tags, summary: 'Get an entity by uid', params: { type: 'object', required: ['uid'], properties: { uid: { type: 'string' } } } },
    }, async (request) => service.byUid(request.params.uid, await visible(request)));

    app.post<{ Body: { entityRefs: string[]; fields?: string[] }; Querystring: { filter?: string | string[] } }>('/api/catalog/entities/by-refs', {
      config: { access: 'read' },
      schema: {
        tags, summary: 'Get entities by refs, in order',
        querystring: { type: 'object', properties: { filter: stringOrList } },
        body: { type: 'object', required: ['entityRefs'], properties: { entityRefs: { type: 'array', maxItems: 10000, items: { type: 'string' } }, fields: { type: 'array', items: { type: 'string' } } } },
      },
    }, async (request) => ({ items: await service.byRefs(request.body.entityRefs, request.body.fields ?? [], request.query.filter, await visible(request)) }));

    app.get<{ Querystring: { facet: string | string[]; filter?: string | string[] } }>('/api/catalog/entity-facets', {
      config: { access: 'read' },
      schema: { tags, summary: 'Counts per value of entity fields', querystring: { type: 'object', required: ['facet'], properties: { facet: stringOrList, filter: stringOrList } } },
    }, async (request) => ({ facets: await service.facets(fieldList(request.query.facet), request.query.filter, await visible(request)) }));
  };
}
