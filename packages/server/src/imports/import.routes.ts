import { PassThrough } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { actorId } from '../auth/auth.hook.ts';
import type { Database } from '../db/database.ts';
import type { BackstageCatalogService } from '../backstage/index.ts';
import type { CallerAccess } from '../catalog/index.ts';
import { exportCatalog } from './export.service.ts';
import type { ImportProgress, ImportReport, ImportService } from './import.service.ts';
import { toPorticoError } from '../http/error-handler.ts';
import { type ImportRequest, importRequestSchema } from './import.schema.ts';

const tags = ['Import and export'];

/** `POST /api/v1/import` and `GET /api/v1/export`. */
export function importRoutes(deps: { imports: ImportService; db: Database; backstage: BackstageCatalogService; access: CallerAccess }) {
  return async (app: FastifyInstance) => {
    app.post<{ Body: ImportRequest }>('/api/v1/import', {
      config: { access: 'write' },
      schema: {
        tags, body: importRequestSchema,
        summary: 'Import Backstage YAML, CSV or JSON (dryRun reports what would change)',
        description: 'With `Accept: application/x-ndjson` a long import streams `{"progress":{"done","total"}}` lines once writing starts, '
          + 'then one `{"report":…}` (or `{"error":…}`) line. Problems found before writing answer as usual, with a 4xx.',
      },
    }, async (request, reply) => {
      const guard = await deps.access.guard(request.actor);
      if (!String(request.headers.accept ?? '').includes('application/x-ndjson')) return deps.imports.import(request.body, actorId(request), undefined, guard);
      return streamImport(reply, (onProgress) => deps.imports.import(request.body, actorId(request), onProgress, guard));
    });

    app.get<{ Querystring: { format?: 'backstage' | 'json'; blueprint?: string[] } }>('/api/v1/export', {
      config: { access: 'read' },
      schema: {
        tags, summary: 'Export entities as Backstage YAML or JSON',
        querystring: { type: 'object', properties: { format: { enum: ['backstage', 'json'] }, blueprint: { type: 'array', items: { type: 'string' } } } },
      },
    }, async (request, reply) => {
      const format = request.query.format ?? 'json';
      const body = await exportCatalog(deps.db, deps.backstage, format, request.query.blueprint, await deps.access.visibility(request.actor));
      return reply.type(format === 'json' ? 'application/json' : 'application/yaml').send(body);
    });
  };
}

/**
 * Runs an import, streaming its progress as NDJSON once writing starts. Until then nothing is
 * sent, so input errors still answer with their 4xx; after it, the outcome is the stream's last line.
 */
async function streamImport(reply: FastifyReply, run: (onProgress: ImportProgress) => Promise<ImportReport>): Promise<unknown> {
  let stream: PassThrough | null = null;
  const line = (value: unknown) => stream?.write(`${JSON.stringify(value)}\n`);
  const onProgress: ImportProgress = (progress) => {
    if (!stream) {
      stream = new PassThrough();
      void reply.type('application/x-ndjson').send(stream);
    }
    line({ progress });
  };
  try {
    const report = await run(onProgress);
    if (!stream) return report;
    line({ report });
  } catch (error) {
    if (!stream) throw error;
    const failure = toPorticoError(error);
    if (failure.code === 'INTERNAL') reply.log.error(error);
    line({ error: { code: failure.code, message: failure.message, details: failure.details } });
  }
  (stream as PassThrough | null)?.end();
  return reply;
}
