import type { FastifyInstance } from 'fastify';
import { scorecardInputSchema } from '@portico/model';
import { actorId } from '../auth/auth.hook.ts';
import type { Actor } from '../auth/access.ts';
import type { CallerAccess } from '../catalog/index.ts';
import type { ScorecardService } from './scorecard.service.ts';
import type { ScorecardRow } from './scorecard.repo.ts';

const { $id: _id, ...scorecardBody } = scorecardInputSchema;
const blueprintParams = { type: 'object', required: ['blueprint'], properties: { blueprint: { type: 'string' } } } as const;
const scorecardParams = { type: 'object', required: ['blueprint', 'identifier'], properties: { blueprint: { type: 'string' }, identifier: { type: 'string' } } } as const;
const entityParams = scorecardParams;
const tags = ['Scorecards'];

type Params = { blueprint: string; identifier: string };

/** What the API answers for a scorecard: the definition plus who made it and when. */
const present = (row: ScorecardRow) => ({ ...row.scorecard, createdAt: row.createdAt, updatedAt: row.updatedAt, createdBy: row.createdBy, updatedBy: row.updatedBy });

/**
 * `/api/v1/blueprints/{blueprint}/scorecards` (Port's scorecard JSON accepted as it is), the live
 * preview, an entity's scorecards with reasons, the CI check, and the level-change feed.
 */
export function scorecardRoutes(deps: { scorecards: ScorecardService; access: CallerAccess & { assertModerates(actor: Actor | null, blueprint: string): void } }) {
  const { scorecards, access } = deps;
  return async (app: FastifyInstance) => {
    app.get('/api/v1/scorecards', {
      config: { access: 'read' }, schema: { tags, summary: 'Every scorecard with how many entities stand on each level' },
    }, async (request) => ({
      scorecards: (await scorecards.overview(await access.visibility(request.actor))).map(({ scorecard, levels }) => ({ scorecard: present(scorecard), levels })),
    }));

    app.get<{ Params: Params; Querystring: { days?: number } }>('/api/v1/blueprints/:blueprint/scorecards/:identifier/insights', {
      config: { access: 'read' },
      schema: {
        tags, summary: 'Levels per owning team, each rule\'s pass count, and the daily level distribution (trend)', params: scorecardParams,
        querystring: { type: 'object', additionalProperties: false, properties: { days: { type: 'integer', minimum: 1, maximum: 365 } } },
      },
    }, async (request) => scorecards.insights(request.params.blueprint, request.params.identifier, await access.visibility(request.actor), request.query.days ?? 30));

    app.get<{ Params: { blueprint: string } }>('/api/v1/blueprints/:blueprint/scorecards', {
      config: { access: 'read' }, schema: { tags, summary: 'The scorecards of a blueprint', params: blueprintParams },
    }, async (request) => ({ scorecards: (await scorecards.list(request.params.blueprint)).map(present) }));

    app.post<{ Params: { blueprint: string }; Body: Record<string, unknown> }>('/api/v1/blueprints/:blueprint/scorecards', {
      config: { access: 'moderate' },
      schema: { tags, summary: 'Create a scorecard (Portico or Port JSON); every entity is scored before the answer', params: blueprintParams, body: scorecardBody },
    }, async (request, reply) => {
      access.assertModerates(request.actor, request.params.blueprint);
      const { row } = await scorecards.save(request.params.blueprint, request.body, actorId(request), 'create');
      return reply.status(201).send({ scorecard: present(row) });
    });

    app.post<{ Params: { blueprint: string }; Body: Record<string, unknown> }>('/api/v1/blueprints/:blueprint/scorecards/preview', {
      config: { access: 'read' },
      schema: { tags, summary: 'How many entities would stand on each level, without saving', params: blueprintParams, body: { ...scorecardBody, required: ['rules'] } },
    }, async (request) => scorecards.preview(request.params.blueprint, request.body, await access.visibility(request.actor)));

    app.get<{ Params: Params }>('/api/v1/blueprints/:blueprint/scorecards/:identifier', {
      config: { access: 'read' }, schema: { tags, summary: 'A scorecard, with how many entities stand on each level', params: scorecardParams },
    }, async (request) => ({
      scorecard: present(await scorecards.get(request.params.blueprint, request.params.identifier)),
      levels: await scorecards.distribution(request.params.blueprint, request.params.identifier, await access.visibility(request.actor)),
    }));

    app.put<{ Params: Params; Body: Record<string, unknown> }>('/api/v1/blueprints/:blueprint/scorecards/:identifier', {
      config: { access: 'moderate' },
      schema: { tags, summary: 'Create or replace a scorecard; its entities are re-scored before the answer', params: scorecardParams, body: { ...scorecardBody, required: ['rules'] } },
    }, async (request, reply) => {
      access.assertModerates(request.actor, request.params.blueprint);
      const { row, created } = await scorecards.save(request.params.blueprint, request.body, actorId(request), 'replace', request.params.identifier);
      return reply.status(created ? 201 : 200).send({ scorecard: present(row) });
    });

    app.delete<{ Params: Params }>('/api/v1/blueprints/:blueprint/scorecards/:identifier', {
      config: { access: 'moderate' }, schema: { tags, summary: 'Delete a scorecard and its results', params: scorecardParams },
    }, async (request, reply) => {
      await scorecards.get(request.params.blueprint, request.params.identifier);
      access.assertModerates(request.actor, request.params.blueprint);
      await scorecards.delete(request.params.blueprint, request.params.identifier, actorId(request));
      return reply.status(204).send();
    });

    app.get<{ Params: Params }>('/api/v1/blueprints/:blueprint/entities/:identifier/scorecards', {
      config: { access: 'read' }, schema: { tags, summary: 'An entity\'s scorecards: level, and each rule with pass/fail and why', params: entityParams },
    }, async (request) => ({ scorecards: await scorecards.explain(request.params.blueprint, request.params.identifier, await access.visibility(request.actor)) }));

    app.get<{ Params: Params & { scorecard: string }; Querystring: { minLevel?: string } }>('/api/v1/blueprints/:blueprint/entities/:identifier/scorecards/:scorecard/check', {
      config: { access: 'read' },
      schema: {
        tags, summary: 'The CI gate: does the entity reach minLevel (default: the top level)? Failing rules listed with reasons',
        params: { type: 'object', required: ['blueprint', 'identifier', 'scorecard'], properties: { blueprint: { type: 'string' }, identifier: { type: 'string' }, scorecard: { type: 'string' } } },
        querystring: { type: 'object', additionalProperties: false, properties: { minLevel: { type: 'string', minLength: 1 } } },
      },
    }, async (request) => scorecards.check(request.params.blueprint, request.params.identifier, request.params.scorecard, request.query.minLevel, await access.visibility(request.actor)));

    app.get<{ Querystring: { blueprint?: string; scorecard?: string; entity?: string; limit?: number } }>('/api/v1/scorecard-events', {
      config: { access: 'admin' },
      schema: {
        tags, summary: 'Level changes, newest first (stored durably for automations)',
        querystring: { type: 'object', additionalProperties: false, properties: { blueprint: { type: 'string' }, scorecard: { type: 'string' }, entity: { type: 'string' }, limit: { type: 'integer', minimum: 1, maximum: 1000 } } },
      },
    }, async (request) => ({ events: await scorecards.events({ ...request.query, limit: request.query.limit ?? 100 }) }));
  };
}
