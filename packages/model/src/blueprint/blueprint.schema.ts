import { PROPERTY_FORMATS, PROPERTY_TYPES } from './blueprint.types.ts';
import { derivedPropertiesSchema } from '../derived/derived.schema.ts';

/** Identifiers of blueprints, properties and relations: Port's rule, minus characters that break URLs. */
export const NAME_PATTERN = '^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$';

const propertySchema = {
  type: 'object',
  required: ['type'],
  additionalProperties: false,
  properties: {
    type: { enum: [...PROPERTY_TYPES] },
    title: { type: 'string', maxLength: 200 },
    description: { type: 'string', maxLength: 2000 },
    icon: { type: 'string', maxLength: 200 },
    format: { enum: [...PROPERTY_FORMATS] },
    enum: { type: 'array', minItems: 1, maxItems: 1000 },
    enumColors: { type: 'object', additionalProperties: { type: 'string' } },
    default: {},
    pattern: { type: 'string', maxLength: 1000 },
    minimum: { type: 'number' },
    maximum: { type: 'number' },
    minLength: { type: 'integer', minimum: 0 },
    maxLength: { type: 'integer', minimum: 0 },
    minItems: { type: 'integer', minimum: 0 },
    maxItems: { type: 'integer', minimum: 0 },
    items: { type: 'object' },
    properties: { type: 'object' },
  },
} as const;

const relationSchema = {
  type: 'object',
  required: ['target'],
  additionalProperties: false,
  properties: {
    title: { type: 'string', maxLength: 200 },
    description: { type: 'string', maxLength: 2000 },
    target: {
      anyOf: [
        { type: 'string', minLength: 1 },
        { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
      ],
    },
    many: { type: 'boolean' },
    required: { type: 'boolean' },
  },
} as const;

/** JSON Schema of a blueprint document as clients send it (POST/PUT). */
export const blueprintInputSchema = {
  $id: 'BlueprintInput',
  type: 'object',
  required: ['identifier'],
  additionalProperties: false,
  properties: {
    identifier: { type: 'string', pattern: NAME_PATTERN },
    title: { type: 'string', maxLength: 200 },
    description: { type: 'string', maxLength: 5000 },
    icon: { type: 'string', maxLength: 200 },
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        properties: { type: 'object', propertyNames: { pattern: NAME_PATTERN }, additionalProperties: propertySchema },
        required: { type: 'array', items: { type: 'string' }, uniqueItems: true },
        additionalProperties: { type: 'boolean' },
      },
    },
    relations: { type: 'object', propertyNames: { pattern: NAME_PATTERN }, additionalProperties: relationSchema },
    ...derivedPropertiesSchema,
    // Read-only fields a client may echo back from a GET; ignored on write.
    version: {},
    createdAt: {},
    updatedAt: {},
    createdBy: {},
    updatedBy: {},
  },
} as const;
