import { PROPERTY_FORMATS, PROPERTY_TYPES } from '../blueprint/blueprint.types.ts';
import { AGGREGATION_FUNCTIONS, TIME_UNITS } from './derived.types.ts';

const NAME = '^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$';
const text = (max: number) => ({ type: 'string', maxLength: max });

const mirrorSchema = {
  type: 'object',
  required: ['path'],
  additionalProperties: false,
  properties: { title: text(200), description: text(2000), path: { type: 'string', minLength: 1, maxLength: 500 }, type: {}, format: { enum: [...PROPERTY_FORMATS] } },
} as const;

const calculationSchema = {
  type: 'object',
  required: ['calculation', 'type'],
  additionalProperties: false,
  properties: {
    title: text(200), description: text(2000),
    calculation: { type: 'string', minLength: 1, maxLength: 5000 },
    type: { enum: [...PROPERTY_TYPES] },
    format: { enum: [...PROPERTY_FORMATS] },
    // Port's optional colouring of calculated values; kept for round trips.
    colorized: {}, colors: {},
  },
} as const;

const aggregationSchema = {
  type: 'object',
  required: ['target', 'calculationSpec'],
  additionalProperties: false,
  properties: {
    title: text(200), description: text(2000),
    target: { type: 'string', minLength: 1 },
    type: { enum: ['number'] },
    calculationSpec: {
      type: 'object',
      required: ['calculationBy', 'func'],
      additionalProperties: false,
      properties: {
        calculationBy: { enum: ['entities', 'property'] },
        func: { enum: [...AGGREGATION_FUNCTIONS] },
        property: { type: 'string', minLength: 1 },
        averageOf: { enum: [...TIME_UNITS] },
        measureTimeBy: { type: 'string', minLength: 1 },
      },
    },
    query: { type: 'object' },
    pathFilter: {
      type: 'array', maxItems: 1,
      items: {
        type: 'object', required: ['path'], additionalProperties: false,
        properties: { path: { type: 'array', minItems: 1, maxItems: 5, items: { type: 'string', minLength: 1 } }, fromBlueprint: { type: 'string' } },
      },
    },
    timeWindow: {
      type: 'object', required: ['days'], additionalProperties: false,
      properties: { days: { type: 'number', exclusiveMinimum: 0, maximum: 3660 }, measureTimeBy: { type: 'string', minLength: 1 } },
    },
  },
} as const;

/** The three derived-property maps of a blueprint document. */
export const derivedPropertiesSchema = {
  mirrorProperties: { type: 'object', propertyNames: { pattern: NAME }, additionalProperties: mirrorSchema },
  calculationProperties: { type: 'object', propertyNames: { pattern: NAME }, additionalProperties: calculationSchema },
  aggregationProperties: { type: 'object', propertyNames: { pattern: NAME }, additionalProperties: aggregationSchema },
} as const;
