import type { FastifyInstance } from 'fastify';
import type { TimerService } from './timer.service.ts';

/** `GET /api/v1/entity-events`: the durable entity events (TTL expiries) the automations engine consumes. */
export function timerRoutes(timers: TimerService) {
  return async (app: FastifyInstance) => {
    app.get<{ Querystring: { type?: string; limit?: number } }>('/api/v1/entity-events', {
      config: { access: 'admin' },
      schema: {
        tags: ['Automations'], summary: 'Entity events, newest first (TIMER_EXPIRED when a TTL passes)',
        querystring: { type: 'object', additionalProperties: false, properties: { type: { enum: ['TIMER_EXPIRED'] }, limit: { type: 'integer', minimum: 1, maximum: 1000 } } },
      },
    }, async (request) => ({ events: await timers.events({ ...(request.query.type ? { type: request.query.type } : {}), limit: request.query.limit ?? 100 }) }));
  };
}
