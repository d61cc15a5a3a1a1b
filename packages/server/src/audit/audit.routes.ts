import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/database.ts';
import type { CallerAccess } from '../catalog/index.ts';
import { isAdmin } from '../auth/access.ts';
import { type AuditFilter, listAuditEntries } from './audit.repo.ts';

const filterProperties = {
  actor: { type: 'string' }, action: { enum: ['create', 'update', 'delete', 'deny'] }, resourceType: { enum: ['blueprint', 'entity', 'token', 'session', 'request', 'role', 'permission', 'scorecard', 'initiative', 'action', 'run'] },
  blueprint: { type: 'string' }, identifier: { type: 'string' },
  from: { type: 'string', format: 'date-time' }, to: { type: 'string', format: 'date-time' },
} as const;

const EXPORT_PAGE = 1000;

/** `GET /api/v1/audit`: who changed what, newest first; `GET /api/v1/audit/export`: the same as JSON lines. */
export function auditRoutes(db: Database, access: CallerAccess) {
  return async (app: FastifyInstance) => {
    app.get<{ Querystring: Omit<AuditFilter, 'limit'> & { limit?: number } }>('/api/v1/audit', {
      config: { access: 'read' },
      schema: {
        tags: ['Audit'], summary: 'The audit log, newest first; page with beforeId',
        querystring: {
          type: 'object', additionalProperties: false,
          properties: { ...filterProperties, beforeId: { type: 'string', pattern: '^[0-9]{1,18}$' }, limit: { type: 'integer', minimum: 1, maximum: 1000 } },
        },
      },
    }, async (request) => {
      // Admins read everything; others the history of what they may read (an entity's history tab).
      const visibleTo = isAdmin(request.actor) ? undefined : await access.visibility(request.actor);
      const entries = await listAuditEntries(db, { ...request.query, limit: request.query.limit ?? 100, ...(visibleTo ? { visibleTo } : {}) });
      return { entries, next: entries.length > 0 && entries.length === (request.query.limit ?? 100) ? entries[entries.length - 1]?.id : null };
    });

    app.get<{ Querystring: Omit<AuditFilter, 'limit' | 'beforeId'> }>('/api/v1/audit/export', {
      config: { access: 'admin' },
      schema: { tags: ['Audit'], summary: 'Every matching entry as JSON lines (newest first), for archives and SIEMs', querystring: { type: 'object', additionalProperties: false, properties: filterProperties } },
    }, async (request, reply) => {
      const stream = new PassThrough();
      void reply.type('application/x-ndjson').header('content-disposition', 'attachment; filename="portico-audit.jsonl"').send(stream);
      // Page by id so a long export holds one page in memory at a time.
      let beforeId: string | undefined;
      for (;;) {
        const page = await listAuditEntries(db, { ...request.query, limit: EXPORT_PAGE, ...(beforeId ? { beforeId } : {}) });
        for (const entry of page) stream.write(`${JSON.stringify(entry)}\n`);
        if (page.length < EXPORT_PAGE) break;
        beforeId = page[page.length - 1]?.id;
      }
      stream.end();
      return reply;
    });
  };
}
