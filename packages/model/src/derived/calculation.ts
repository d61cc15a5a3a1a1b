import jsonata from 'jsonata';
import { translateJq } from './jq-translation.ts';

/** Longest a calculation may run for one entity; a runaway expression yields null, never a stall. */
export const CALCULATION_TIME_LIMIT_MS = 50;
const LIMITS = { timeout: CALCULATION_TIME_LIMIT_MS, stack: 200, sequence: 100_000 };

export type CompiledCalculation = ReturnType<typeof jsonata>;

/**
 * Parses a calculation: JSONata, or Port's jq where it translates.
 * @returns the JSONata text to store, or the parse error to report.
 */
export function parseCalculation(expression: string): { jsonata: string } | { error: string } {
  try {
    jsonata(expression);
    return { jsonata: expression };
  } catch (error) {
    const translated = translateJq(expression);
    if (translated !== null) {
      try {
        jsonata(translated);
        return { jsonata: translated };
      } catch {
        // fall through to the original error
      }
    }
    const e = error as { message?: string; position?: number };
    return { error: `is not a valid JSONata expression (${e.message ?? 'syntax error'}${e.position !== undefined ? ` at character ${e.position}` : ''})` };
  }
}

const compiled = new Map<string, CompiledCalculation>();

/** The expression compiled once, with Portico's time, stack and sequence limits. */
export function compileCalculation(expression: string): CompiledCalculation {
  let found = compiled.get(expression);
  if (!found) {
    found = jsonata(expression, LIMITS);
    if (compiled.size > 1000) compiled.clear();
    compiled.set(expression, found);
  }
  return found;
}

/** The entity as a calculation sees it. */
export interface CalculationInput {
  identifier: string;
  title: string;
  blueprint: string;
  team: string[];
  properties: Record<string, unknown>;
  relations: Record<string, unknown>;
  createdAt?: string;
  updatedAt?: string;
}

/**
 * Evaluates a calculation for one entity.
 * @returns the value (null when the expression yields nothing) or the error it raised.
 */
export async function evaluateCalculation(expression: string, input: CalculationInput): Promise<{ value: unknown } | { error: string }> {
  try {
    const value = await compileCalculation(expression).evaluate(input);
    return { value: normalizeResult(value) };
  } catch (error) {
    const e = error as { message?: string; code?: string };
    return { error: `${e.code ? `${e.code}: ` : ''}${e.message ?? String(error)}` };
  }
}

/** JSONata sequences carry a marker property; plain JSON goes into the database. */
function normalizeResult(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'function') return null;
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  return JSON.parse(JSON.stringify(value)) as unknown;
}

/** Every name the expression steps through (`properties.a` names `properties` and `a`): what it may read. */
export function calculationNames(expression: string): Set<string> {
  const names = new Set<string>();
  try {
    const walk = (node: unknown): void => {
      if (!node || typeof node !== 'object') return;
      if (Array.isArray(node)) {
        node.forEach(walk);
        return;
      }
      const n = node as Record<string, unknown>;
      if (n.type === 'name' && typeof n.value === 'string') names.add(n.value);
      for (const value of Object.values(n)) if (value && typeof value === 'object') walk(value);
    };
    walk(jsonata(expression).ast());
  } catch {
    // an unparsable expression reads nothing; it is rejected elsewhere
  }
  return names;
}

/** Whether a value fits a property type (a calculation's declared type). */
export function fitsType(value: unknown, type: string): boolean {
  if (value === null) return true;
  switch (type) {
    case 'string': return typeof value === 'string';
    case 'number': return typeof value === 'number';
    case 'boolean': return typeof value === 'boolean';
    case 'array': return Array.isArray(value);
    case 'object': return typeof value === 'object' && !Array.isArray(value);
    default: return false;
  }
}
