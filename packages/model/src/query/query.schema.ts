import { META_PROPERTIES, PROPERTY_OPERATORS } from './query.types.ts';

const propertyRule = {
  type: 'object',
  required: ['property', 'operator'],
  additionalProperties: false,
  properties: {
    property: {
      anyOf: [
        { type: 'string', minLength: 1, maxLength: 200 },
        { type: 'array', minItems: 1, maxItems: 10, items: { type: 'string', minLength: 1, maxLength: 200 } },
      ],
    },
    operator: { enum: [...PROPERTY_OPERATORS] },
    value: {},
  },
} as const;

const relatedToRule = {
  type: 'object',
  required: ['operator', 'blueprint'],
  additionalProperties: false,
  properties: {
    operator: { const: 'relatedTo' },
    blueprint: { type: 'string', minLength: 1, maxLength: 100 },
    identifier: { type: 'string', minLength: 1, maxLength: 253 },
    identifiers: { type: 'array', minItems: 1, maxItems: 1000, items: { type: 'string', minLength: 1, maxLength: 253 } },
    value: {
      anyOf: [
        { type: 'string', minLength: 1, maxLength: 253 },
        { type: 'array', minItems: 1, maxItems: 1000, items: { type: 'string', minLength: 1, maxLength: 253 } },
      ],
    },
    direction: { enum: ['upstream', 'downstream'] },
    maxHops: { type: 'integer', minimum: 1, maximum: 15 },
    relation: { type: 'string', minLength: 1, maxLength: 100 },
    required: { type: 'boolean' },
  },
} as const;

/** JSON Schema of a rule group (recursive). */
export const ruleGroupSchema = {
  $id: 'RuleGroup',
  type: 'object',
  required: ['combinator', 'rules'],
  additionalProperties: false,
  properties: {
    combinator: { enum: ['and', 'or'] },
    rules: {
      type: 'array',
      maxItems: 200,
      items: {
        // Discriminate on the keys present so Ajv reports the error of the intended rule kind.
        if: { type: 'object', required: ['combinator'] },
        then: { $ref: 'RuleGroup' },
        else: {
          if: { type: 'object', required: ['operator'], properties: { operator: { const: 'relatedTo' } } },
          then: relatedToRule,
          else: propertyRule,
        },
      },
    },
  },
} as const;

/** JSON Schema of `POST /api/v1/entities/search`. */
export const entitySearchRequestSchema = {
  $id: 'EntitySearchRequest',
  type: 'object',
  additionalProperties: false,
  properties: {
    query: { $ref: 'RuleGroup' },
    sort: {
      type: 'array',
      maxItems: 5,
      items: {
        type: 'object',
        required: ['property'],
        additionalProperties: false,
        properties: { property: { type: 'string', minLength: 1, maxLength: 200 }, order: { enum: ['asc', 'desc'] } },
      },
    },
    limit: { type: 'integer', minimum: 1, maximum: 1000 },
    cursor: { type: 'string', maxLength: 4000 },
    include: { type: 'array', items: { type: 'string' }, maxItems: 50 },
    exclude: { type: 'array', items: { type: 'string' }, maxItems: 50 },
    count: { type: 'boolean' },
  },
} as const;

export const metaPropertyNames: readonly string[] = META_PROPERTIES;
