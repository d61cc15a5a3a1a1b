import type { DerivedProperties } from '../derived/derived.types.ts';

/** Property types a blueprint may declare (Port's set). */
export const PROPERTY_TYPES = ['string', 'number', 'boolean', 'object', 'array'] as const;
export type PropertyType = (typeof PROPERTY_TYPES)[number];

/** String formats with a meaning in Portico (rendering, validation, pickers). */
export const PROPERTY_FORMATS = ['url', 'email', 'date-time', 'timer', 'markdown', 'yaml', 'user', 'team', 'date', 'ipv4', 'ipv6', 'uuid'] as const;
export type PropertyFormat = (typeof PROPERTY_FORMATS)[number];

export interface BlueprintProperty {
  type: PropertyType;
  title?: string;
  description?: string;
  icon?: string;
  format?: PropertyFormat;
  enum?: unknown[];
  /** Colour per enum value, for badges in the UI. */
  enumColors?: Record<string, string>;
  default?: unknown;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  items?: Record<string, unknown>;
  properties?: Record<string, unknown>;
}

/** The wildcard relation target: any blueprint. */
export const ANY_BLUEPRINT = '*';

export interface BlueprintRelation {
  title?: string;
  description?: string;
  /** One blueprint, several, or `*` for any (a Backstage owner may be a User or a Group). */
  target: string | string[];
  many: boolean;
  required: boolean;
}

export interface BlueprintSchema {
  properties: Record<string, BlueprintProperty>;
  required: string[];
  /** Whether entities may hold properties the schema does not declare (Backstage specs do). */
  additionalProperties?: boolean;
}

/** What a client sends to create or replace a blueprint. */
export interface BlueprintInput extends Partial<DerivedProperties> {
  identifier: string;
  title?: string;
  description?: string;
  icon?: string;
  schema?: Partial<BlueprintSchema>;
  relations?: Record<string, Partial<BlueprintRelation> & { target: string | string[] }>;
}

/** Mirror, calculation and aggregation properties are optional: absent reads as none. */
export interface Blueprint extends Partial<DerivedProperties> {
  identifier: string;
  title: string;
  description: string | null;
  icon: string | null;
  schema: BlueprintSchema;
  relations: Record<string, BlueprintRelation>;
  /** Bumped on every change; validators are cached per (identifier, version). */
  version: number;
  createdAt: string;
  updatedAt: string;
  createdBy: string | null;
  updatedBy: string | null;
}

/** The blueprints a relation may point at; `null` means any blueprint. */
export function relationTargets(relation: BlueprintRelation): string[] | null {
  const targets = Array.isArray(relation.target) ? relation.target : [relation.target];
  return targets.includes(ANY_BLUEPRINT) ? null : targets;
}
