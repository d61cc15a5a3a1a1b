import type { FastifyInstance } from 'fastify';
import { initiativeInputSchema } from '@portico/model';
import { actorId } from '../auth/auth.hook.ts';
import type { Actor } from '../auth/access.ts';
import type { CallerAccess } from '../catalog/index.ts';
import type { InitiativeService } from './initiative.service.ts';
import type { InitiativeRow } from './initiative.repo.ts';

const { $id: _id, ...initiativeBody } = initiativeInputSchema;
const params = { type: 'object', required: ['identifier'], properties: { identifier: { type: 'string' } } } as const;
const tags = ['Initiatives'];

const present = (row: InitiativeRow) => ({ ...row.initiative, createdAt: row.createdAt, updatedAt: row.updatedAt, createdBy: row.createdBy, updatedBy: row.updatedBy });

/** `/api/v1/initiatives`: campaigns with a scorecard target, a scope, a deadline and an owner. */
export function initiativeRoutes(deps: { initiatives: InitiativeService; access: CallerAccess & { assertModerates(actor: Actor | null, blueprint: string): void } }) {
  const { initiatives, access } = deps;
  const blueprintOf = (body: unknown) => String((body as { blueprint?: unknown } | null)?.blueprint ?? '');
  return async (app: FastifyInstance) => {
    app.get('/api/v1/initiatives', {
      config: { access: 'read' }, schema: { tags, summary: 'Every initiative with its progress (entities you may read)' },
    }, async (request) => ({
      initiatives: (await initiatives.list(await access.visibility(request.actor))).map((row) => ({ ...present(row), progress: row.progress })),
    }));

    app.post<{ Body: Record<string, unknown> }>('/api/v1/initiatives', {
      config: { access: 'moderate' }, schema: { tags, summary: 'Create an initiative (admins and moderators of its blueprint)', body: initiativeBody },
    }, async (request, reply) => {
      access.assertModerates(request.actor, blueprintOf(request.body));
      const { row } = await initiatives.save(request.body, actorId(request), 'create');
      return reply.status(201).send({ initiative: present(row) });
    });

    app.get<{ Params: { identifier: string } }>('/api/v1/initiatives/:identifier', {
      config: { access: 'read' }, schema: { tags, summary: 'An initiative: progress, standing and to-do list per owning team, daily history', params },
    }, async (request) => {
      const detail = await initiatives.detail(request.params.identifier, await access.visibility(request.actor));
      return { initiative: present(detail.row), progress: detail.progress, requiredRules: detail.requiredRules, teams: detail.teams, history: detail.history };
    });

    app.put<{ Params: { identifier: string }; Body: Record<string, unknown> }>('/api/v1/initiatives/:identifier', {
      config: { access: 'moderate' }, schema: { tags, summary: 'Replace an initiative', params, body: { ...initiativeBody, required: initiativeBody.required.filter((r) => r !== 'identifier') } },
    }, async (request) => {
      const current = await initiatives.get(request.params.identifier);
      access.assertModerates(request.actor, current.initiative.blueprint);
      access.assertModerates(request.actor, blueprintOf(request.body));
      const { row } = await initiatives.save(request.body, actorId(request), 'replace', request.params.identifier);
      return { initiative: present(row) };
    });

    app.delete<{ Params: { identifier: string } }>('/api/v1/initiatives/:identifier', {
      config: { access: 'moderate' }, schema: { tags, summary: 'Delete an initiative (its history goes with it)', params },
    }, async (request, reply) => {
      const current = await initiatives.get(request.params.identifier);
      access.assertModerates(request.actor, current.initiative.blueprint);
      await initiatives.delete(request.params.identifier, actorId(request));
      return reply.status(204).send();
    });
  };
}
