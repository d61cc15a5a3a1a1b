import { NAME_PATTERN } from '../blueprint/blueprint.schema.ts';

/** A group in either spelling: ours (`rules`) or Port's (`conditions`); the normalizer checks the inside. */
const anyGroup = {
  type: 'object',
  required: ['combinator'],
  properties: { combinator: { enum: ['and', 'or'] }, rules: { type: 'array' }, conditions: { type: 'array' } },
} as const;

/**
 * The body of `POST /api/v1/blueprints/{blueprint}/scorecards` (and PUT): Portico's shape or
 * Port's scorecard JSON, whose rule queries use `conditions` where ours use `rules`.
 */
export const scorecardInputSchema = {
  $id: 'ScorecardInput',
  type: 'object',
  required: ['identifier', 'rules'],
  additionalProperties: true,
  properties: {
    identifier: { type: 'string', pattern: NAME_PATTERN },
    title: { type: 'string', minLength: 1, maxLength: 200 },
    description: { type: ['string', 'null'], maxLength: 2000 },
    blueprint: { type: 'string' },
    filter: { anyOf: [{ type: 'null' }, anyGroup] },
    levels: {
      type: 'array', minItems: 2, maxItems: 10,
      items: { type: 'object', required: ['title'], additionalProperties: true, properties: { title: { type: 'string', minLength: 1, maxLength: 60 }, color: { type: 'string', minLength: 1, maxLength: 30 } } },
    },
    rules: {
      type: 'array', maxItems: 200,
      items: {
        type: 'object', required: ['identifier', 'level', 'query'], additionalProperties: true,
        properties: {
          identifier: { type: 'string', pattern: NAME_PATTERN },
          title: { type: 'string', minLength: 1, maxLength: 200 },
          description: { type: ['string', 'null'], maxLength: 2000 },
          level: { type: 'string', minLength: 1 },
          query: anyGroup,
        },
      },
    },
  },
} as const;
