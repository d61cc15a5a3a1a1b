import type { PropertyFormat, PropertyType } from '../blueprint/blueprint.types.ts';
import type { RuleGroup } from '../query/query.types.ts';

/**
 * A value read through a relation path, Port's `mirrorProperties`: `system.domain.$title` follows
 * `system`, then `domain`, and reads the title there. `type` is filled in by the server from what
 * the path reaches (an array when any hop is a many-relation).
 */
export interface MirrorProperty {
  title?: string;
  description?: string;
  path: string;
  type?: PropertyType;
  format?: PropertyFormat;
}

/** An expression over the entity's own properties (stored and derived), in JSONata. */
export interface CalculationProperty {
  title?: string;
  description?: string;
  /** JSONata; Port's jq is translated where it is a plain path-and-concatenation expression. */
  calculation: string;
  type: PropertyType;
  format?: PropertyFormat;
}

export const AGGREGATION_FUNCTIONS = ['count', 'sum', 'average', 'min', 'max', 'median'] as const;
export type AggregationFunction = (typeof AGGREGATION_FUNCTIONS)[number];
export const TIME_UNITS = ['hour', 'day', 'week', 'month'] as const;
export type TimeUnit = (typeof TIME_UNITS)[number];

export interface AggregationSpec {
  /** `entities`: count (or average count per time unit) of the related entities; `property`: a function over one of their properties. */
  calculationBy: 'entities' | 'property';
  func: AggregationFunction;
  property?: string;
  /** With `func: average` over entities: how many per unit of time (deployments per week). */
  averageOf?: TimeUnit;
  measureTimeBy?: string;
}

/**
 * A count / sum / average / min / max / median over related entities of `target`, Port's
 * `aggregationProperties`. `pathFilter[0].path` names the relations from a target entity to this
 * one (default: every direct relation of `target` to this blueprint, or ownership when this is the
 * team blueprint); with `fromBlueprint` equal to this blueprint the path runs from here to the targets.
 */
export interface AggregationProperty {
  title?: string;
  description?: string;
  target: string;
  calculationSpec: AggregationSpec;
  query?: RuleGroup;
  pathFilter?: { path: string[]; fromBlueprint?: string }[];
  /** Only target entities whose `measureTimeBy` (default `$createdAt`) lies within the last `days`. */
  timeWindow?: { days: number; measureTimeBy?: string };
  type?: 'number';
}

/** The derived properties of a blueprint, as Port names them. */
export interface DerivedProperties {
  mirrorProperties: Record<string, MirrorProperty>;
  calculationProperties: Record<string, CalculationProperty>;
  aggregationProperties: Record<string, AggregationProperty>;
}

export type DerivedKind = 'mirror' | 'calculation' | 'aggregation';
