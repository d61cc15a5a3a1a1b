import type { FastifyInstance } from 'fastify';
import { actorId } from '../auth/auth.hook.ts';
import type { Database } from '../db/database.ts';
import type { BackstageCatalogService } from '../backstage/index.ts';
import { exportCatalog } from './export.service.ts';
import type { ImportService } from './import.service.ts';
import { type ImportRequest, importRequestSchema } from './import.schema.ts';

const tags = ['Import and export'];

/** `POST /api/v1/import` and `GET /api/v1/export`. */
export function importRoutes(deps: { imports: ImportService; db: Database; backstage: BackstageCatalogService }) {
  return async (app: FastifyInstance) => {
    app.post<{ Body: ImportRequest }>('/api/v1/import', {
      config: { access: 'write' },
      schema: { tags, summary: 'Import Backstage YAML, CSV or JSON (dryRun reports what would change)', body: importRequestSchema },
    }, async (request) => deps.imports.import(request.body, actorId(request)));

    app.get<{ Querystring: { format?: 'backstage' | 'json'; blueprint?: string[] } }>('/api/v1/export', {
      config: { access: 'read' },
      schema: {
        tags, summary: 'Export entities as Backstage YAML or JSON',
        querystring: { type: 'object', properties: { format: { enum: ['backstage', 'json'] }, blueprint: { type: 'array', items: { type: 'string' } } } },
      },
    }, async (request, reply) => {
      const format = request.query.format ?? 'json';
      const body = await exportCatalog(deps.db, deps.backstage, format, request.query.blueprint);
      return reply.type(format === 'json' ? 'application/json' : 'application/yaml').send(body);
    });
  };
}
