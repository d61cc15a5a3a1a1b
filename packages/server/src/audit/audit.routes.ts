import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/database.ts';
import { type AuditFilter, listAuditEntries } from './audit.repo.ts';

/** `GET /api/v1/audit`: who changed what, newest first. */
export function auditRoutes(db: Database) {
  return async (app: FastifyInstance) => {
    app.get<{ Querystring: Omit<AuditFilter, 'limit'> & { limit?: number } }>('/api/v1/audit', {
      config: { access: 'read' },
      schema: {
        tags: ['Audit'], summary: 'The audit log, newest first; page with beforeId',
        querystring: {
          type: 'object', additionalProperties: false,
          properties: {
            actor: { type: 'string' }, action: { enum: ['create', 'update', 'delete'] }, resourceType: { enum: ['blueprint', 'entity', 'token', 'session'] },
            blueprint: { type: 'string' }, identifier: { type: 'string' },
            from: { type: 'string', format: 'date-time' }, to: { type: 'string', format: 'date-time' },
            beforeId: { type: 'string', pattern: '^[0-9]{1,18}$' }, limit: { type: 'integer', minimum: 1, maximum: 1000 },
          },
        },
      },
    }, async (request) => {
      const entries = await listAuditEntries(db, { ...request.query, limit: request.query.limit ?? 100 });
      return { entries, next: entries.length > 0 && entries.length === (request.query.limit ?? 100) ? entries[entries.length - 1]?.id : null };
    });
  };
}
