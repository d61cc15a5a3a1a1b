/** Identifiers of entities: Port's character set; `/` carries a Backstage namespace. */
export const ENTITY_IDENTIFIER_PATTERN = '^[A-Za-z0-9@_.+:/=-]+$';

/** JSON Schema of an entity as clients send it. */
export const entityInputSchema = {
  $id: 'EntityInput',
  type: 'object',
  required: ['identifier'],
  additionalProperties: false,
  properties: {
    identifier: { type: 'string', minLength: 1, maxLength: 253, pattern: ENTITY_IDENTIFIER_PATTERN },
    title: { type: 'string', maxLength: 1000 },
    icon: { type: 'string', maxLength: 200 },
    team: {
      anyOf: [
        { type: 'string', minLength: 1 },
        { type: 'array', maxItems: 100, items: { type: 'string', minLength: 1 } },
      ],
    },
    properties: { type: 'object' },
    relations: {
      type: 'object',
      additionalProperties: {
        anyOf: [
          { type: 'string', minLength: 1 },
          { type: 'array', maxItems: 10000, items: { type: 'string', minLength: 1 } },
          { type: 'null' },
        ],
      },
    },
    // Read-only fields a client may echo back from a GET; ignored on write.
    blueprint: { type: 'string' },
    createdAt: {},
    updatedAt: {},
    createdBy: {},
    updatedBy: {},
    scorecards: {},
  },
} as const;
