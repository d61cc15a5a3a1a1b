import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/database.ts';
import type { CallerAccess } from '../catalog/index.ts';
import { searchCatalog } from './search.service.ts';

/** `GET /api/v1/search?q=`: the one search box. */
export function searchRoutes(db: Database, access: CallerAccess) {
  return async (app: FastifyInstance) => {
    app.get<{ Querystring: { q: string; limit?: number; blueprint?: string[] } }>('/api/v1/search', {
      config: { access: 'read' },
      schema: {
        tags: ['Search'], summary: 'Ranked full-text search over the catalog, typo-tolerant, grouped by blueprint',
        querystring: {
          type: 'object', required: ['q'],
          properties: { q: { type: 'string', maxLength: 500 }, limit: { type: 'integer', minimum: 1, maximum: 200 }, blueprint: { type: 'array', items: { type: 'string' } } },
        },
      },
    }, async (request) => searchCatalog(db, request.query.q, {
      limit: request.query.limit ?? 20, visibility: await access.visibility(request.actor), ...(request.query.blueprint ? { blueprints: request.query.blueprint } : {}),
    }));
  };
}
