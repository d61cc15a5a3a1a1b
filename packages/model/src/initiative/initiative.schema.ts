import { NAME_PATTERN } from '../blueprint/blueprint.schema.ts';

/** The body of `POST /api/v1/initiatives` (and PUT). */
export const initiativeInputSchema = {
  $id: 'InitiativeInput',
  type: 'object',
  required: ['identifier', 'title', 'blueprint', 'scorecard', 'target', 'deadline'],
  additionalProperties: false,
  properties: {
    identifier: { type: 'string', pattern: NAME_PATTERN },
    title: { type: 'string', minLength: 1, maxLength: 200 },
    description: { type: ['string', 'null'], maxLength: 5000 },
    blueprint: { type: 'string', minLength: 1 },
    scorecard: { type: 'string', minLength: 1 },
    target: {
      type: 'object',
      minProperties: 1,
      maxProperties: 1,
      additionalProperties: false,
      properties: {
        level: { type: 'string', minLength: 1 },
        rules: { type: 'array', minItems: 1, maxItems: 200, uniqueItems: true, items: { type: 'string', minLength: 1 } },
      },
    },
    filter: { anyOf: [{ type: 'null' }, { type: 'object', required: ['combinator', 'rules'], properties: { combinator: { enum: ['and', 'or'] }, rules: { type: 'array' } } }] },
    deadline: { type: 'string', minLength: 10, maxLength: 40 },
    owner: { type: ['string', 'null'], maxLength: 200 },
    // Read-only fields a client may echo back from a GET; ignored on write.
    createdAt: {}, updatedAt: {}, createdBy: {}, updatedBy: {}, progress: {},
  },
} as const;
