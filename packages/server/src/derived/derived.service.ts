import {
  type Blueprint, type ErrorDetail, PorticoError, derivedNames, derivedOf, evaluateCalculation, fitsType, hasDerived, storedProperties, toPointer,
} from '@portico/model';
import { canonicalJson as canonical } from '../catalog/index.ts';
import { calculationOrder } from './calculation-order.ts';
import type { Sql } from '../db/database.ts';
import type { BlueprintRegistry } from '../catalog/index.ts';
import { aggregationSql, mirrorIsMany, mirrorSql } from './derived.sql.ts';
import { type DependentWalk, dependentWalks, runWalk } from './derived-walks.ts';

const CHUNK = 1000;
/** Rounds of "derived values changed, so their dependents change": bounded, the graph being acyclic. */
const MAX_ROUNDS = 12;

export interface DerivedServiceDeps {
  registry: BlueprintRegistry;
}

interface EntityState {
  id: string;
  blueprint: string;
  identifier: string;
  title: string;
  team: string[];
  properties: Record<string, unknown>;
  relations: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
}

export interface CalculationFailure {
  blueprint: string;
  property: string;
  identifier: string;
  error: string;
}

export interface RecomputeResult {
  changed: { id: string; blueprint: string }[];
  failures: CalculationFailure[];
}

/**
 * Keeps mirror, aggregation and calculation values current. Inside each entity write: the written
 * entities are recomputed, then, round by round, the entities whose derived values read something
 * that changed — found by walking relations from what changed, never by scanning the catalog.
 */
export class DerivedService {
  /** Dependents found before a write changed the relations they were found through. */
  private readonly before = new WeakMap<Sql, Set<string>>();

  constructor(private readonly deps: DerivedServiceDeps) {}

  /** Before a write or delete changes these entities: who depends on them now (their old relations, owners, values). */
  async beforeWrite(tx: Sql, ids: string[]): Promise<void> {
    const walks = dependentWalks(await this.deps.registry.all(tx));
    if (walks.length === 0 || ids.length === 0) return;
    const found = await this.dependents(tx, walks, ids);
    const set = this.before.get(tx) ?? new Set<string>();
    found.forEach((id) => set.add(id));
    this.before.set(tx, set);
  }

  /**
   * After a write stored these entities, in its transaction.
   * @returns every entity whose derived values changed (the written ones included), for scorecards.
   */
  async afterWrite(tx: Sql, written: { id: string; blueprint: string }[]): Promise<{ id: string; blueprint: string }[]> {
    const pending = this.before.get(tx);
    this.before.delete(tx);
    const blueprints = await this.deps.registry.all(tx);
    const walks = dependentWalks(blueprints);
    if (walks.length === 0 && ![...blueprints.values()].some(hasDerived)) return [];
    const roots = written.map((w) => w.id);
    const first = await this.recompute(tx, roots.filter((id, i) => hasDerived(blueprints.get(written[i]?.blueprint ?? '') ?? {})), blueprints);
    const next = new Set([...(pending ?? []), ...(await this.dependents(tx, walks, roots))]);
    roots.forEach((id) => next.delete(id));
    const changed = [...first.changed, ...(await this.cascade(tx, [...next], blueprints, walks, new Set(roots))).changed];
    return changed;
  }

  /**
   * After a blueprint save, in its transaction: values of removed derived properties are dropped;
   * when the derived properties (or the relations they follow) changed, every entity of the
   * blueprint is recomputed, then what depends on them.
   * @returns the entities whose values changed, for scorecards.
   * @throws PorticoError naming a calculation that fails on existing entities (the save rolls back).
   */
  async blueprintSaved(tx: Sql, saved: Blueprint, previous: Blueprint | null, blueprints: ReadonlyMap<string, Blueprint>): Promise<{ id: string; blueprint: string }[]> {
    const before = previous ? derivedOf(previous) : derivedOf({});
    const after = derivedOf(saved);
    const removed = [...derivedNames(before).keys()].filter((n) => !derivedNames(after).has(n));
    if (removed.length > 0) {
      await tx.query('update entities set properties = properties - $2::text[] where blueprint = $1 and properties ?| $2::text[]', [saved.identifier, removed]);
    }
    const definitionChanged = JSON.stringify(before) !== JSON.stringify(after) || (hasDerived(saved) && JSON.stringify(previous?.relations ?? {}) !== JSON.stringify(saved.relations));
    const changedCalculations = new Set(Object.entries(after.calculationProperties).filter(([n, c]) => JSON.stringify(before.calculationProperties[n]) !== JSON.stringify(c)).map(([n]) => n));
    for (const name of changedCalculations) {
      // Checked on an empty entity too, so a blueprint without entities still refuses a broken expression.
      const calculation = after.calculationProperties[name];
      const result = calculation ? await evaluateCalculation(calculation.calculation, { identifier: 'example', title: 'Example', blueprint: saved.identifier, team: [], properties: {}, relations: {} }) : { value: null };
      if ('error' in result) {
        const failure = calculationFailuresError([{ blueprint: saved.identifier, property: name, identifier: '(an empty entity)', error: result.error }], changedCalculations);
        if (failure) throw failure;
      }
    }
    if (!definitionChanged) return [];
    const result = await this.recomputeBlueprint(tx, saved.identifier, blueprints);
    const failure = calculationFailuresError(result.failures, changedCalculations);
    if (failure) throw failure;
    return result.changed;
  }

  /** Recomputes every entity of a blueprint and then what depends on them. */
  async recomputeBlueprint(tx: Sql, blueprint: string, blueprints: ReadonlyMap<string, Blueprint>): Promise<RecomputeResult> {
    const walks = dependentWalks(blueprints);
    const changed: RecomputeResult['changed'] = [];
    const failures: CalculationFailure[] = [];
    let lastId = '0';
    for (;;) {
      const rows = await tx.query<{ id: string }>('select id::text as id from entities where blueprint = $1 and id > $2::bigint order by id limit $3', [blueprint, lastId, CHUNK]);
      if (rows.length === 0) break;
      lastId = rows[rows.length - 1]?.id ?? lastId;
      const result = await this.cascade(tx, rows.map((r) => r.id), blueprints, walks, new Set());
      changed.push(...result.changed);
      failures.push(...result.failures);
    }
    return { changed, failures };
  }

  /** Blueprints with derived values that move with the clock (time windows, rates per unit of time). */
  async timeDependentBlueprints(): Promise<string[]> {
    const blueprints = await this.deps.registry.all();
    return [...blueprints.values()]
      .filter((b) => Object.values(derivedOf(b).aggregationProperties).some((a) => a.timeWindow || a.calculationSpec.averageOf || JSON.stringify(a.query ?? {}).includes('"preset"')))
      .map((b) => b.identifier);
  }

  /** Recomputes `ids`, then the dependents of whatever changed, until nothing changes. */
  private async cascade(tx: Sql, ids: string[], blueprints: ReadonlyMap<string, Blueprint>, walks: DependentWalk[], exclude: Set<string>): Promise<RecomputeResult> {
    const changed: RecomputeResult['changed'] = [];
    const failures: CalculationFailure[] = [];
    let frontier = ids.filter((id) => !exclude.has(id));
    for (let round = 0; round < MAX_ROUNDS && frontier.length > 0; round++) {
      const result = await this.recompute(tx, frontier, blueprints);
      changed.push(...result.changed);
      failures.push(...result.failures);
      frontier = walks.length ? await this.dependents(tx, walks, result.changed.map((c) => c.id)) : [];
    }
    return { changed, failures };
  }

  /** Entities whose derived values read any of `ids`, by every walk that applies to their blueprints. */
  private async dependents(tx: Sql, walks: DependentWalk[], ids: string[]): Promise<string[]> {
    if (ids.length === 0 || walks.length === 0) return [];
    const found = new Set<string>();
    for (let start = 0; start < ids.length; start += CHUNK) {
      const chunk = ids.slice(start, start + CHUNK);
      const rows = await tx.query<{ id: string; blueprint: string }>('select id::text as id, blueprint from entities where id = any($1::bigint[])', [chunk]);
      for (const walk of walks) {
        const entering = rows.filter((r) => walk.entry === null || walk.entry.includes(r.blueprint)).map((r) => r.id);
        for (const id of await runWalk(tx, walk, entering)) found.add(id);
      }
    }
    return [...found];
  }

  /**
   * Computes the derived values of these entities and stores those that differ.
   * @returns the entities whose values changed, and calculations that failed.
   */
  async recompute(tx: Sql, ids: string[], blueprints: ReadonlyMap<string, Blueprint>): Promise<RecomputeResult> {
    const changed: RecomputeResult['changed'] = [];
    const failures: CalculationFailure[] = [];
    const now = new Date();
    for (let start = 0; start < ids.length; start += CHUNK) {
      const chunk = ids.slice(start, start + CHUNK);
      // Locked in id order: concurrent writes touching the same aggregate queue up, then read committed values.
      const rows = await tx.query<EntityState>(
        `select id::text as id, blueprint, identifier, title, team, properties, relations, created_at, updated_at
         from entities where id = any($1::bigint[]) order by id for update`, [chunk]);
      const byBlueprint = new Map<string, EntityState[]>();
      for (const row of rows) byBlueprint.set(row.blueprint, [...(byBlueprint.get(row.blueprint) ?? []), row]);
      const updates: { id: string; d: Record<string, unknown> }[] = [];
      for (const [identifier, entities] of byBlueprint) {
        const blueprint = blueprints.get(identifier);
        if (!blueprint || !hasDerived(blueprint)) continue;
        const computed = await this.compute(tx, blueprint, entities, blueprints, now, failures);
        const names = [...derivedNames(blueprint).keys()];
        for (const entity of entities) {
          const next = computed.get(entity.id) ?? {};
          const current = Object.fromEntries(names.map((n) => [n, entity.properties[n] ?? null]));
          if (canonical(current) !== canonical(next) || names.some((n) => !(n in entity.properties))) {
            updates.push({ id: entity.id, d: next });
            changed.push({ id: entity.id, blueprint: identifier });
          }
        }
      }
      if (updates.length > 0) {
        await tx.query(
          `update entities e set properties = e.properties || v.d from jsonb_to_recordset($1::jsonb) as v(id bigint, d jsonb) where e.id = v.id`,
          [JSON.stringify(updates)],
        );
      }
    }
    return { changed, failures };
  }

  private async compute(tx: Sql, blueprint: Blueprint, entities: EntityState[], blueprints: ReadonlyMap<string, Blueprint>, now: Date, failures: CalculationFailure[]): Promise<Map<string, Record<string, unknown>>> {
    const derived = derivedOf(blueprint);
    const ids = entities.map((e) => e.id);
    const values = new Map<string, Record<string, unknown>>(ids.map((id) => [id, {}]));
    const store = (rows: { id: string; value: unknown }[], name: string) => {
      for (const row of rows) {
        const target = values.get(row.id);
        if (target) target[name] = row.value ?? null;
      }
    };
    for (const [name, mirror] of Object.entries(derived.mirrorProperties)) {
      const { sql, params } = mirrorSql(mirror.path, mirrorIsMany(mirror.path, blueprint, blueprints));
      params.values[0] = ids;
      store(await tx.query<{ id: string; value: unknown }>(sql, params.values), name);
    }
    for (const [name, aggregation] of Object.entries(derived.aggregationProperties)) {
      const target = blueprints.get(aggregation.target);
      if (!target) continue;
      const { sql, params } = aggregationSql(aggregation, target, blueprint, now);
      params.values[0] = ids;
      store(await tx.query<{ id: string; value: unknown }>(sql, params.values), name);
    }
    const order = calculationOrder(derived.calculationProperties);
    if (order.length > 0) {
      for (const entity of entities) {
        const own = values.get(entity.id) ?? {};
        for (const name of order) {
          const calculation = derived.calculationProperties[name];
          if (!calculation) continue;
          const input = {
            identifier: entity.identifier, title: entity.title, blueprint: entity.blueprint, team: entity.team,
            properties: { ...storedProperties(entity.properties, blueprint), ...own }, relations: entity.relations,
            createdAt: new Date(entity.created_at).toISOString(), updatedAt: new Date(entity.updated_at).toISOString(),
          };
          const result = await evaluateCalculation(calculation.calculation, input);
          if ('error' in result) {
            failures.push({ blueprint: blueprint.identifier, property: name, identifier: entity.identifier, error: result.error });
            own[name] = null;
          } else if (!fitsType(result.value, calculation.type)) {
            failures.push({ blueprint: blueprint.identifier, property: name, identifier: entity.identifier, error: `yields ${describe(result.value)}; the property is a ${calculation.type}` });
            own[name] = null;
          } else {
            own[name] = result.value;
          }
        }
      }
    }
    return values;
  }
}

/** A save-time rejection for calculations that fail on existing entities. */
export function calculationFailuresError(failures: CalculationFailure[], changedNames: Set<string>): PorticoError | null {
  const relevant = failures.filter((f) => changedNames.has(f.property));
  if (relevant.length === 0) return null;
  const byProperty = new Map<string, CalculationFailure[]>();
  for (const f of relevant) byProperty.set(f.property, [...(byProperty.get(f.property) ?? []), f]);
  const details: ErrorDetail[] = [...byProperty].map(([property, list]) => ({
    path: toPointer('calculationProperties', property, 'calculation'),
    message: `fails on ${list.length} ${list.length === 1 ? 'entity' : 'entities'} (${list[0]?.identifier}: ${list[0]?.error})`,
  }));
  return new PorticoError('VALIDATION_FAILED', `Invalid blueprint: ${details[0]?.path} ${details[0]?.message}`, details);
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return `a ${typeof value}`;
}

