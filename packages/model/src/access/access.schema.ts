import { ENTITY_ACTIONS, ROLES } from './access.types.ts';

const ruleSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    roles: { type: 'array', uniqueItems: true, items: { enum: [...ROLES] } },
    users: { type: 'array', uniqueItems: true, maxItems: 1000, items: { type: 'string', minLength: 1, maxLength: 200 } },
    teams: { type: 'array', uniqueItems: true, maxItems: 1000, items: { type: 'string', minLength: 1, maxLength: 200 } },
    ownedByTeam: { type: 'boolean' },
  },
} as const;

/** The body of `PUT /api/v1/blueprints/{blueprint}/permissions`: missing actions and fields keep their defaults. */
export const blueprintPermissionsInputSchema = {
  $id: 'BlueprintPermissionsInput',
  type: 'object',
  additionalProperties: false,
  required: ['entities'],
  properties: {
    entities: {
      type: 'object',
      additionalProperties: false,
      properties: Object.fromEntries(ENTITY_ACTIONS.map((action) => [action, ruleSchema])),
    },
  },
} as const;

/** The body of `PUT /api/v1/users/{identifier}/role`. */
export const roleAssignmentInputSchema = {
  $id: 'RoleAssignmentInput',
  type: 'object',
  additionalProperties: false,
  required: ['role'],
  properties: {
    role: { enum: [...ROLES] },
    moderates: { type: 'array', uniqueItems: true, maxItems: 1000, items: { type: 'string', minLength: 1, maxLength: 200 }, description: 'Blueprints a moderator moderates' },
  },
} as const;
