import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { FINAL_RUN_STATUSES, RUN_STATUSES, PorticoError } from '@portico/model';
import { actorId } from '../auth/auth.hook.ts';
import type { Actor } from '../auth/access.ts';
import type { ActionService } from './action.service.ts';
import type { RunService } from './run.service.ts';
import type { ActionRow } from './action.repo.ts';
import { mayExecute, mayView } from './action-permissions.ts';

const tags = ['Actions'];
const identifierParams = { type: 'object', required: ['identifier'], properties: { identifier: { type: 'string' } } } as const;
const runParams = { type: 'object', required: ['id'], properties: { id: { type: 'string' } } } as const;
const anyBody = { type: 'object' } as const;

const present = (row: ActionRow) => ({ ...row.action, createdAt: row.createdAt, updatedAt: row.updatedAt, createdBy: row.createdBy, updatedBy: row.updatedBy });
const runToken = (request: FastifyRequest) => {
  const header = request.headers['x-run-token'];
  return typeof header === 'string' && header ? header : undefined;
};
const requireActor = (actor: Actor | null): Actor => {
  if (!actor) throw new PorticoError('UNAUTHENTICATED', 'Authentication required');
  return actor;
};

/**
 * `/api/v1/actions` (definitions; Port action JSON accepted) and `/api/v1/runs` (runs, their logs,
 * receivers' reports with the run token, approvals, cancel, re-run, live log stream).
 */
export function actionRoutes(deps: { actions: ActionService; runs: RunService }) {
  const { actions, runs } = deps;
  return async (app: FastifyInstance) => {
    app.get('/api/v1/actions', { config: { access: 'read' }, schema: { tags, summary: 'Every action, with whether you may run it' } }, async (request) => ({
      actions: (await actions.list()).filter((row) => mayView(requireActor(request.actor), row.action)).map((row) => {
        const decision = mayExecute(requireActor(request.actor), row.action, null);
        // "Owned by your team" actions are allowed on your team's entities: offered, checked per entity.
        return { ...present(row), allowed: decision.allowed || row.action.execute.ownedByTeam };
      }),
    }));

    app.post<{ Body: Record<string, unknown> }>('/api/v1/actions', {
      config: { access: 'admin' }, schema: { tags, summary: 'Create an action (Portico or Port JSON); the webhook signing secret is shown this once', body: anyBody },
    }, async (request, reply) => {
      const { row, warnings, webhookSecret } = await actions.save(request.body, actorId(request), 'create');
      return reply.status(201).send({ action: present(row), warnings, webhookSecret });
    });

    app.get<{ Params: { identifier: string } }>('/api/v1/actions/:identifier', {
      config: { access: 'read' }, schema: { tags, summary: 'An action', params: identifierParams },
    }, async (request) => {
      const row = await actions.get(request.params.identifier);
      // An action the caller may not see does not exist, as far as they can tell.
      if (!mayView(requireActor(request.actor), row.action)) throw new PorticoError('NOT_FOUND', `Action "${request.params.identifier}" does not exist`);
      return { action: present(row) };
    });

    app.put<{ Params: { identifier: string }; Body: Record<string, unknown> }>('/api/v1/actions/:identifier', {
      config: { access: 'admin' }, schema: { tags, summary: 'Replace an action (runs keep the definition they ran with)', params: identifierParams, body: anyBody },
    }, async (request) => {
      const { row, warnings } = await actions.save(request.body, actorId(request), 'replace', request.params.identifier);
      return { action: present(row), warnings };
    });

    app.delete<{ Params: { identifier: string } }>('/api/v1/actions/:identifier', {
      config: { access: 'admin' }, schema: { tags, summary: 'Delete an action (its runs stay in the history)', params: identifierParams },
    }, async (request, reply) => {
      await actions.delete(request.params.identifier, actorId(request));
      return reply.status(204).send();
    });

    app.post<{ Params: { identifier: string } }>('/api/v1/actions/:identifier/webhook-secret', {
      config: { access: 'admin' }, schema: { tags, summary: 'Rotate the webhook signing secret (shown this once)', params: identifierParams },
    }, async (request) => ({ webhookSecret: await actions.rotateSecret(request.params.identifier, actorId(request)) }));

    app.post<{ Params: { identifier: string }; Body: { inputs?: Record<string, unknown>; entity?: string | null } }>('/api/v1/actions/:identifier/runs', {
      config: { access: 'write' },
      schema: {
        tags, summary: 'Run an action: inputs are checked, then it waits for approval or is queued', params: identifierParams,
        body: { type: 'object', additionalProperties: false, properties: { inputs: { type: 'object' }, entity: { type: ['string', 'null'] } } },
      },
    }, async (request, reply) => reply.status(201).send({ run: await runs.create(request.params.identifier, request.body ?? {}, requireActor(request.actor)) }));

    app.get<{ Querystring: { action?: string; blueprint?: string; entity?: string; user?: string; status?: string; awaiting?: 'me'; limit?: number; before?: string } }>('/api/v1/runs', {
      config: { access: 'read' },
      schema: {
        tags, summary: 'Runs, newest first, by action, entity, requester or status; awaiting=me: the caller\'s approval inbox',
        querystring: {
          type: 'object', additionalProperties: false,
          properties: {
            action: { type: 'string' }, blueprint: { type: 'string' }, entity: { type: 'string' }, user: { type: 'string' },
            status: { enum: [...RUN_STATUSES] }, awaiting: { enum: ['me'] }, limit: { type: 'integer', minimum: 1, maximum: 500 }, before: { type: 'string', format: 'date-time' },
          },
        },
      },
    }, async (request) => {
      const q = request.query;
      return {
        runs: await runs.list({
          ...(q.action ? { action: q.action } : {}), ...(q.blueprint ? { blueprint: q.blueprint } : {}), ...(q.entity ? { entity: q.entity } : {}),
          ...(q.user ? { requestedBy: q.user } : {}), ...(q.status ? { status: q.status } : {}), ...(q.awaiting ? { awaitingMe: true } : {}), ...(q.before ? { before: q.before } : {}), limit: q.limit ?? 50,
        }, requireActor(request.actor)),
      };
    });

    app.get<{ Params: { id: string } }>('/api/v1/runs/:id', {
      config: { access: 'read' }, schema: { tags, summary: 'A run', params: runParams },
    }, async (request) => ({ run: await runs.get(request.params.id, requireActor(request.actor)) }));

    app.patch<{ Params: { id: string }; Body: { status?: 'SUCCESS' | 'FAILURE'; statusLabel?: string; link?: string | string[]; summary?: string; entities?: { blueprint: string; identifier: string }[] } }>('/api/v1/runs/:id', {
      config: { access: 'public' },
      schema: {
        tags, summary: 'A receiver reports: status, label, links, summary, entities it made (X-Run-Token header; or the requester / an admin)', params: runParams,
        body: {
          type: 'object', additionalProperties: false, minProperties: 1,
          properties: {
            status: { enum: ['SUCCESS', 'FAILURE'] }, statusLabel: { type: 'string', maxLength: 200 }, summary: { type: 'string', maxLength: 20000 },
            link: { anyOf: [{ type: 'string', format: 'uri' }, { type: 'array', maxItems: 20, items: { type: 'string', format: 'uri' } }] },
            entities: { type: 'array', maxItems: 100, items: { type: 'object', required: ['blueprint', 'identifier'], additionalProperties: false, properties: { blueprint: { type: 'string' }, identifier: { type: 'string' } } } },
          },
        },
      },
    }, async (request) => ({ run: await runs.report(request.params.id, runToken(request), request.actor, request.body) }));

    app.post<{ Params: { id: string }; Body: { message: string; level?: string; terminationStatus?: 'SUCCESS' | 'FAILURE'; statusLabel?: string } }>('/api/v1/runs/:id/logs', {
      config: { access: 'public' },
      schema: {
        tags, summary: 'A receiver adds a log line (X-Run-Token header); terminationStatus ends the run', params: runParams,
        body: {
          type: 'object', required: ['message'], additionalProperties: false,
          properties: { message: { type: 'string', minLength: 1, maxLength: 20000 }, level: { enum: ['DEBUG', 'INFO', 'WARNING', 'ERROR'] }, terminationStatus: { enum: ['SUCCESS', 'FAILURE'] }, statusLabel: { type: 'string', maxLength: 200 } },
        },
      },
    }, async (request, reply) => {
      await runs.appendLog(request.params.id, runToken(request), request.actor, request.body);
      return reply.status(202).send({ accepted: true });
    });

    app.get<{ Params: { id: string }; Querystring: { after?: string } }>('/api/v1/runs/:id/logs', {
      config: { access: 'read' },
      schema: { tags, summary: 'A run\'s log lines (after an id)', params: runParams, querystring: { type: 'object', additionalProperties: false, properties: { after: { type: 'string', pattern: '^[0-9]+$' } } } },
    }, async (request) => ({ logs: await runs.logs(request.params.id, requireActor(request.actor), request.query.after ?? '0') }));

    app.get<{ Params: { id: string } }>('/api/v1/runs/:id/stream', {
      config: { access: 'read' }, schema: { tags, summary: 'Server-sent events: log lines and status changes until the run ends', params: runParams },
    }, async (request, reply) => streamRun(request, reply, runs));

    app.post<{ Params: { id: string }; Body: { decision: 'APPROVE' | 'DECLINE'; reason?: string } }>('/api/v1/runs/:id/approval', {
      config: { access: 'write' },
      schema: {
        tags, summary: 'Approve or decline a run waiting for approval (not your own)', params: runParams,
        body: { type: 'object', required: ['decision'], additionalProperties: false, properties: { decision: { enum: ['APPROVE', 'DECLINE'] }, reason: { type: 'string', maxLength: 2000 } } },
      },
    }, async (request) => ({ run: await runs.decide(request.params.id, requireActor(request.actor), request.body.decision, request.body.reason ?? '') }));

    app.post<{ Params: { id: string } }>('/api/v1/runs/:id/cancel', {
      config: { access: 'write' }, schema: { tags, summary: 'Cancel a run that has not ended (the requester or an admin)', params: runParams },
    }, async (request) => ({ run: await runs.cancel(request.params.id, requireActor(request.actor)) }));

    app.post<{ Params: { id: string } }>('/api/v1/runs/:id/rerun', {
      config: { access: 'write' }, schema: { tags, summary: 'Run the same action again with the same inputs and entity', params: runParams },
    }, async (request, reply) => reply.status(201).send({ run: await runs.rerun(request.params.id, requireActor(request.actor)) }));
  };
}

/** Log lines and status as server-sent events, until the run ends or the client leaves. */
async function streamRun(request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, runs: RunService): Promise<void> {
  const actor = requireActor(request.actor);
  let run = await runs.get(request.params.id, actor);
  reply.hijack();
  reply.raw.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-content-type-options': 'nosniff' });
  let closed = false;
  request.raw.on('close', () => { closed = true; });
  const send = (event: string, data: unknown) => reply.raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  let after = '0';
  let lastStatus = '';
  while (!closed) {
    for (const line of await runs.logs(run.id, actor, after)) {
      send('log', line);
      after = line.id;
    }
    if (run.status !== lastStatus) {
      send('status', run);
      lastStatus = run.status;
    }
    if ((FINAL_RUN_STATUSES as readonly string[]).includes(run.status)) break;
    await new Promise((r) => setTimeout(r, 250));
    run = await runs.get(run.id, actor);
  }
  if (!closed) {
    for (const line of await runs.logs(run.id, actor, after)) send('log', line);
    send('end', { status: run.status });
    reply.raw.end();
  }
}
