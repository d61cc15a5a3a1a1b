import {
  type Blueprint, type ErrorDetail, EntityValidator, type NormalizedBlueprint, PorticoError, builtinBlueprints,
  normalizeBlueprintInput, relationTargets, resolveDerived, storedProperties, toPointer,
} from '@portico/model';
import type { Database, Sql } from '../db/database.ts';
import { type EntityRow, ENTITY_COLUMNS, toEntity } from './entity.repo.ts';
import { diffDocuments, insertAuditEntries } from '../audit/index.ts';
import * as repo from './blueprint.repo.ts';
import type { BlueprintRegistry } from './blueprint-registry.ts';
import { CatalogCache } from './catalog-cache.ts';

const SAMPLE = 5;

export interface BlueprintServiceDeps {
  db: Database;
  registry: BlueprintRegistry;
  cache: CatalogCache;
}

/**
 * Called inside a blueprint create or update, after it is stored, with every blueprint as it now
 * stands; throwing rolls the save back (derived values are recomputed this way).
 */
export type BlueprintSaveHook = (tx: Sql, saved: Blueprint, previous: Blueprint | null, all: ReadonlyMap<string, Blueprint>) => Promise<void>;

/** Creates, changes and deletes blueprints, checking every change against the data it governs. */
export class BlueprintService {
  private readonly saveHooks: BlueprintSaveHook[] = [];

  constructor(private readonly deps: BlueprintServiceDeps) {}

  onSave(hook: BlueprintSaveHook): void {
    this.saveHooks.push(hook);
  }

  /** Derived properties checked against the other blueprints (mirror types filled in). */
  private async resolve(tx: Sql, normalized: NormalizedBlueprint, current: Blueprint | null): Promise<{ resolved: NormalizedBlueprint; all: Map<string, Blueprint> }> {
    const all = new Map((await repo.listBlueprints(tx)).map((b) => [b.identifier, b]));
    const candidate: Blueprint = { ...(current ?? { version: 0, createdAt: '', updatedAt: '', createdBy: null, updatedBy: null }), ...normalized };
    const resolved = resolveDerived(candidate, all);
    return { resolved: { ...normalized, mirrorProperties: resolved.mirrorProperties ?? {} }, all };
  }

  private async saved(tx: Sql, blueprint: Blueprint, previous: Blueprint | null, all: Map<string, Blueprint>): Promise<void> {
    all.set(blueprint.identifier, blueprint);
    for (const hook of this.saveHooks) await hook(tx, blueprint, previous, all);
  }

  async list(): Promise<Blueprint[]> {
    return [...(await this.deps.registry.all()).values()];
  }

  async get(identifier: string): Promise<Blueprint> {
    const blueprint = await repo.findBlueprint(this.deps.db, identifier);
    if (!blueprint) throw new PorticoError('NOT_FOUND', `Blueprint "${identifier}" does not exist`);
    return blueprint;
  }

  async create(input: unknown, actor: string): Promise<Blueprint> {
    const normalized = normalizeBlueprintInput(input);
    const created = await this.deps.db.transaction(async (tx) => {
      if (await repo.findBlueprint(tx, normalized.identifier)) {
        throw new PorticoError('CONFLICT', `Blueprint "${normalized.identifier}" already exists`, [{ path: '/identifier', message: 'is taken' }]);
      }
      await assertRelationTargetsExist(tx, normalized);
      const { resolved, all } = await this.resolve(tx, normalized, null);
      const blueprint = await repo.insertBlueprint(tx, resolved, actor);
      await this.saved(tx, blueprint, null, all);
      await insertAuditEntries(tx, [{ actor, action: 'create', resourceType: 'blueprint', blueprint: blueprint.identifier, identifier: blueprint.identifier, before: null, after: blueprint, diff: null }]);
      await CatalogCache.announce(tx);
      return blueprint;
    });
    this.changed();
    return created;
  }

  /** Replaces a blueprint (PUT), or merges a partial document into it (PATCH). */
  async update(identifier: string, input: unknown, actor: string, mode: 'replace' | 'merge'): Promise<Blueprint> {
    const updated = await this.deps.db.transaction(async (tx) => {
      const current = await repo.findBlueprint(tx, identifier, true);
      if (!current) throw new PorticoError('NOT_FOUND', `Blueprint "${identifier}" does not exist`);
      const document = mode === 'merge' ? mergeBlueprint(current, input) : input;
      if (typeof document === 'object' && document !== null && !Array.isArray(document)) {
        const given = (document as { identifier?: unknown }).identifier;
        if (given !== undefined && given !== identifier) {
          throw new PorticoError('VALIDATION_FAILED', 'A blueprint identifier cannot change', [{ path: '/identifier', message: `must be "${identifier}"` }]);
        }
      }
      const normalized = normalizeBlueprintInput(typeof document === 'object' && document !== null ? { ...document, identifier } : document);
      await assertRelationTargetsExist(tx, normalized);
      await assertDataFits(tx, current, normalized);
      const { resolved, all } = await this.resolve(tx, normalized, current);
      const blueprint = await repo.updateBlueprint(tx, resolved, actor);
      await this.saved(tx, blueprint, current, all);
      await insertAuditEntries(tx, [{ actor, action: 'update', resourceType: 'blueprint', blueprint: identifier, identifier, before: current, after: blueprint, diff: diffDocuments(strip(current), strip(blueprint)) }]);
      await CatalogCache.announce(tx);
      return blueprint;
    });
    this.changed();
    return updated;
  }

  async delete(identifier: string, actor: string, options: { deleteEntities: boolean }): Promise<void> {
    await this.deps.db.transaction(async (tx) => {
      const current = await repo.findBlueprint(tx, identifier, true);
      if (!current) throw new PorticoError('NOT_FOUND', `Blueprint "${identifier}" does not exist`);
      const referrers = (await repo.listBlueprints(tx)).filter((b) => b.identifier !== identifier && Object.values(b.relations).some((r) => relationTargets(r)?.includes(identifier)));
      if (referrers.length > 0) {
        throw new PorticoError('CONFLICT', `Blueprint "${identifier}" is the target of relations in ${referrers.map((b) => b.identifier).join(', ')}; remove those relations first`);
      }
      const count = await repo.countEntitiesOf(tx, identifier);
      if (count > 0 && !options.deleteEntities) {
        throw new PorticoError('CONFLICT', `Blueprint "${identifier}" holds ${count} entities; delete them first or pass ?deleteEntities=true`);
      }
      await tx.query('delete from scorecard_results where scorecard_id in (select id from scorecards where blueprint = $1) or entity_id in (select id from entities where blueprint = $1)', [identifier]);
      await tx.query('delete from entities where blueprint = $1', [identifier]);
      await repo.deleteBlueprint(tx, identifier);
      await insertAuditEntries(tx, [{ actor, action: 'delete', resourceType: 'blueprint', blueprint: identifier, identifier, before: current, after: null, diff: null }]);
      await CatalogCache.announce(tx);
    });
    this.changed();
  }

  /** Adds the built-in blueprints that are missing; never overwrites a user's edits. */
  async ensureBuiltins(): Promise<string[]> {
    const added = await this.deps.db.transaction(async (tx) => {
      const existing = new Set((await repo.listBlueprints(tx)).map((b) => b.identifier));
      const created: string[] = [];
      for (const blueprint of builtinBlueprints()) {
        if (existing.has(blueprint.identifier)) continue;
        await repo.insertBlueprint(tx, blueprint, 'system');
        created.push(blueprint.identifier);
      }
      return created;
    });
    this.changed();
    return added;
  }

  /** After a committed blueprint write: blueprints and every cached aggregate are re-read. */
  private changed(): void {
    this.deps.registry.invalidate();
    this.deps.cache.changed();
  }
}


function strip(blueprint: Blueprint): Partial<Blueprint> {
  const { version: _v, createdAt: _c, updatedAt: _u, createdBy: _cb, updatedBy: _ub, ...rest } = blueprint;
  return rest;
}

function mergeBlueprint(current: Blueprint, patch: unknown): unknown {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return patch;
  const p = patch as Record<string, unknown>;
  const schemaPatch = (p.schema ?? {}) as Record<string, unknown>;
  return {
    identifier: current.identifier,
    title: p.title ?? current.title,
    ...(p.description !== undefined || current.description !== null ? { description: p.description ?? current.description } : {}),
    ...(p.icon !== undefined || current.icon !== null ? { icon: p.icon ?? current.icon } : {}),
    schema: {
      ...current.schema,
      ...schemaPatch,
      properties: { ...current.schema.properties, ...((schemaPatch.properties ?? {}) as object) },
    },
    relations: { ...current.relations, ...((p.relations ?? {}) as object) },
    mirrorProperties: { ...current.mirrorProperties, ...((p.mirrorProperties ?? {}) as object) },
    calculationProperties: { ...current.calculationProperties, ...((p.calculationProperties ?? {}) as object) },
    aggregationProperties: { ...current.aggregationProperties, ...((p.aggregationProperties ?? {}) as object) },
  };
}

async function assertRelationTargetsExist(sql: Sql, blueprint: NormalizedBlueprint): Promise<void> {
  const known = new Set((await repo.listBlueprints(sql)).map((b) => b.identifier));
  known.add(blueprint.identifier);
  const issues: ErrorDetail[] = [];
  for (const [name, relation] of Object.entries(blueprint.relations)) {
    const targets = relationTargets(relation) ?? [];
    targets.forEach((target, index) => {
      if (!known.has(target)) {
        const path = Array.isArray(relation.target) ? toPointer('relations', name, 'target', index) : toPointer('relations', name, 'target');
        issues.push({ path, message: `names blueprint "${target}", which does not exist` });
      }
    });
  }
  if (issues.length > 0) throw new PorticoError('VALIDATION_FAILED', `Invalid blueprint: ${issues[0]?.path} ${issues[0]?.message}`, issues);
}

/**
 * Refuses a change that existing entities would not satisfy, saying how many block it and naming
 * a few. Every entity is re-validated against the new schema, so tightened enums, patterns and
 * types are caught as well as new required properties.
 */
async function assertDataFits(sql: Sql, current: Blueprint, next: NormalizedBlueprint): Promise<void> {
  const issues: ErrorDetail[] = [];
  const schemaChanged = JSON.stringify(current.schema) !== JSON.stringify(next.schema);
  if (schemaChanged) {
    const candidate: Blueprint = { ...current, ...next, version: current.version + 1 };
    const validator = new EntityValidator();
    const failures = new Map<string, { count: number; sample: string[]; message: string }>();
    let lastId = '0';
    for (;;) {
      const rows = await sql.query<EntityRow>(`select ${ENTITY_COLUMNS} from entities e where e.blueprint = $1 and e.id > $2::bigint order by e.id limit 5000`, [current.identifier, lastId]);
      if (rows.length === 0) break;
      lastId = rows[rows.length - 1]?.id ?? lastId;
      for (const row of rows) {
        const entity = toEntity(row);
        try {
          // Derived values (of the blueprint as it was) are not the client's data.
          validator.validate({ ...candidate, relations: {} }, { identifier: entity.identifier, properties: storedProperties(entity.properties, current) });
        } catch (error) {
          const detail = error instanceof PorticoError ? error.details[0] : undefined;
          if (!detail) continue;
          const key = detail.path;
          const entry = failures.get(key) ?? { count: 0, sample: [], message: detail.message };
          entry.count += 1;
          if (entry.sample.length < SAMPLE) entry.sample.push(entity.identifier);
          failures.set(key, entry);
        }
      }
    }
    for (const [path, failure] of failures) {
      const property = path.split('/')[2] ?? '';
      const isNewRequired = failure.message === 'is required' && next.schema.required.includes(property) && !current.schema.required.includes(property);
      const index = next.schema.required.indexOf(property);
      const message = isNewRequired
        ? `${entities(failure.count)} ${failure.count === 1 ? 'lacks' : 'lack'} the new required property "${property}" (${failure.sample.join(', ')}${failure.count > failure.sample.length ? ', …' : ''})`
        : `${entities(failure.count)} ${failure.count === 1 ? 'does' : 'do'} not fit: ${path} ${failure.message} (${failure.sample.join(', ')}${failure.count > failure.sample.length ? ', …' : ''})`;
      issues.push({ path: isNewRequired ? toPointer('schema', 'required', index) : toPointer('schema', 'properties', property), message });
    }
  }
  for (const [name, relation] of Object.entries(current.relations)) {
    const nextRelation = next.relations[name];
    if (!nextRelation) {
      const { count, sample } = await countWithRelation(sql, current.identifier, name);
      if (count > 0) issues.push({ path: toPointer('relations', name), message: `cannot be removed: ${entities(count)} ${count === 1 ? 'uses' : 'use'} it (${sample.join(', ')})` });
      continue;
    }
    if (relation.many && !nextRelation.many) {
      const rows = await sql.query<{ identifier: string }>(
        `select e.identifier from entities e join entity_relations r on r.source_id = e.id where e.blueprint = $1 and r.relation = $2
         group by e.id, e.identifier having count(*) > 1 order by e.identifier limit ${SAMPLE}`, [current.identifier, name]);
      if (rows.length > 0) issues.push({ path: toPointer('relations', name, 'many'), message: `cannot become single: entities hold several targets (${rows.map((r) => r.identifier).join(', ')})` });
    }
    const targets = relationTargets(nextRelation);
    if (targets) {
      const rows = await sql.query<{ identifier: string }>(
        `select distinct e.identifier from entities e join entity_relations r on r.source_id = e.id
         where e.blueprint = $1 and r.relation = $2 and not (r.target_blueprint in (select jsonb_array_elements_text($3::jsonb))) order by e.identifier limit ${SAMPLE}`,
        [current.identifier, name, JSON.stringify(targets)]);
      if (rows.length > 0) issues.push({ path: toPointer('relations', name, 'target'), message: `excludes blueprints that entities point at (${rows.map((r) => r.identifier).join(', ')})` });
    }
  }
  for (const [name, relation] of Object.entries(next.relations)) {
    if (!relation.required || current.relations[name]?.required) continue;
    const { count, sample } = await repo.findEntitiesWithoutRelation(sql, current.identifier, name, SAMPLE);
    if (count > 0) issues.push({ path: toPointer('relations', name, 'required'), message: `${entities(count)} ${count === 1 ? 'has' : 'have'} no "${name}" (${sample.join(', ')}${count > sample.length ? ', …' : ''})` });
  }
  if (issues.length > 0) {
    throw new PorticoError('CONFLICT', `The change does not fit existing entities: ${issues[0]?.message}`, issues);
  }
}

async function countWithRelation(sql: Sql, blueprint: string, relation: string): Promise<{ count: number; sample: string[] }> {
  const rows = await sql.query<{ identifier: string; total: number }>(
    `select e.identifier, (count(*) over ())::int as total from entities e
     where e.blueprint = $1 and exists (select 1 from entity_relations r where r.source_id = e.id and r.relation = $2)
     order by e.identifier limit ${SAMPLE}`, [blueprint, relation]);
  return { count: rows[0]?.total ?? 0, sample: rows.map((r) => r.identifier) };
}

/** "1 entity", "3 entities". */
function entities(count: number): string {
  return `${count} ${count === 1 ? 'entity' : 'entities'}`;
}
