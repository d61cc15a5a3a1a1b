import {
  type Blueprint, type Entity, type EntityInput, EntityValidator, PorticoError, type ValidatedEntity, hasDerived, relationTargets, storedProperties,
} from '@portico/model';
import { canonicalJson as canonical } from './canonical-json.ts';
import type { Database, Sql } from '../db/database.ts';
import { diffDocuments, insertAuditEntries, type AuditEntryInput } from '../audit/index.ts';
import type { BlueprintRegistry } from './blueprint-registry.ts';
import * as repo from './entity.repo.ts';
import { buildSearchText } from './search-text.ts';
import { CatalogCache } from './catalog-cache.ts';
import type { Visibility } from './visibility.ts';
import type { EntityWriteGuard, WriteItem, WriteOptions, WriteResult, WriteSummary } from './entity-write.types.ts';

const CHUNK = 1000;

export interface EntityServiceDeps {
  db: Database;
  registry: BlueprintRegistry;
  cache: CatalogCache;
}

interface Pending {
  index: number;
  blueprint: Blueprint;
  validated: ValidatedEntity;
  existing: repo.EntityRow | undefined;
}

/**
 * Called with the rows a write stored (or, after a delete, none), inside its transaction. A hook
 * may return more entities it changed (derived values); hooks after it see those too.
 */
export type EntityWriteHook = (tx: Sql, written: { id: string; blueprint: string }[]) => Promise<{ id: string; blueprint: string }[] | void>;
/** Called with the ids of existing entities a write or delete is about to change, inside its transaction. */
export type EntityBeforeWriteHook = (tx: Sql, ids: string[]) => Promise<void>;

const key = (blueprint: string, identifier: string) => `${blueprint}\u0000${identifier.toLowerCase()}`;

/** Reads and writes entities; every write validates, checks relation targets and is audited in one transaction. */
export class EntityService {
  private readonly validator = new EntityValidator();
  private readonly writeHooks: EntityWriteHook[] = [];
  private readonly beforeWriteHooks: EntityBeforeWriteHook[] = [];

  constructor(private readonly deps: EntityServiceDeps) {}

  /** Runs `hook` inside every write's transaction, after each chunk is stored (scorecards keep their results current this way). */
  onWrite(hook: EntityWriteHook): void {
    this.writeHooks.push(hook);
  }

  /** Runs `hook` inside every write's transaction before existing entities change (derived values note who depends on them). */
  onBeforeWrite(hook: EntityBeforeWriteHook): void {
    this.beforeWriteHooks.push(hook);
  }

  private async runBeforeHooks(tx: Sql, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    for (const hook of this.beforeWriteHooks) await hook(tx, ids);
  }

  private async runAfterHooks(tx: Sql, written: { id: string; blueprint: string }[]): Promise<void> {
    let affected = written;
    for (const hook of this.writeHooks) {
      const more = await hook(tx, affected);
      if (more && more.length > 0) {
        const seen = new Set(affected.map((a) => a.id));
        affected = [...affected, ...more.filter((m) => !seen.has(m.id))];
      }
    }
  }

  /** One entity; one the caller may not read does not exist as far as they can tell. */
  async get(blueprint: string, identifier: string, visibility?: Visibility): Promise<Entity> {
    await this.requireBlueprint(blueprint);
    const row = await repo.findEntity(this.deps.db, blueprint, identifier);
    if (!row || (visibility && !visibility.allows(row.blueprint, row.team))) throw new PorticoError('NOT_FOUND', `Entity "${identifier}" of blueprint "${blueprint}" does not exist`);
    return repo.toEntity(row);
  }

  /**
   * Writes one entity; failures throw with paths relative to the entity document.
   * @returns the entity and whether it was created, updated or left unchanged.
   */
  async writeOne(blueprint: string, input: unknown, options: Omit<WriteOptions, 'atomic'>): Promise<WriteResult & { entity: Entity }> {
    await this.requireBlueprint(blueprint);
    const summary = await this.write([{ blueprint, input }], { ...options, atomic: true });
    const result = summary.results[0];
    if (!result?.entity) throw new PorticoError('INTERNAL', 'The write returned no entity');
    return result as WriteResult & { entity: Entity };
  }

  /**
   * Writes a batch of entities of any blueprints. Items are validated on their own; relation
   * targets may be other items of the same batch. With `atomic`, one failure rejects everything.
   */
  async write(items: WriteItem[], options: WriteOptions): Promise<WriteSummary> {
    const blueprints = await this.deps.registry.all();
    const run = async (tx: Sql): Promise<WriteSummary> => {
      const results: WriteResult[] = items.map((item, index) => ({
        index, blueprint: item.blueprint, identifier: identifierOf(item.input), status: 'failed',
      }));
      const fail = (index: number, error: unknown) => {
        const result = results[index];
        if (!result) return;
        result.status = 'failed';
        result.error = error instanceof PorticoError
          ? { code: error.code, message: error.message, details: error.details }
          : { code: 'INTERNAL', message: (error as Error).message, details: [] };
      };

      const existingRows = new Map<string, repo.EntityRow>();
      for (let start = 0; start < items.length; start += CHUNK) {
        const keys = items.slice(start, start + CHUNK).flatMap((item) => {
          const identifier = identifierOf(item.input);
          return identifier ? [{ blueprint: item.blueprint, identifier }] : [];
        });
        for (const row of await repo.findEntitiesForWrite(tx, keys)) existingRows.set(key(row.blueprint, row.identifier), row);
      }

      const pending = new Map<string, Pending>();
      items.forEach((item, index) => {
        try {
          const blueprint = blueprints.get(item.blueprint);
          if (!blueprint) throw new PorticoError('NOT_FOUND', `Blueprint "${item.blueprint}" does not exist`, [{ path: '/blueprint', message: 'names no blueprint' }]);
          const identifier = identifierOf(item.input);
          const existing = identifier ? existingRows.get(key(item.blueprint, identifier)) : undefined;
          if (identifier && pending.has(key(item.blueprint, identifier))) {
            throw new PorticoError('CONFLICT', `Identifier "${identifier}" appears more than once in this request`, [{ path: '/identifier', message: 'is a duplicate within the request' }]);
          }
          if (options.mode === 'create' && existing) {
            throw new PorticoError('CONFLICT', `Entity "${identifier}" of blueprint "${item.blueprint}" already exists; use PUT or ?upsert=true to replace it`, [{ path: '/identifier', message: 'is taken' }]);
          }
          if ((options.mode === 'replace' || options.mode === 'merge') && !existing) {
            throw new PorticoError('NOT_FOUND', `Entity "${identifier}" of blueprint "${item.blueprint}" does not exist`);
          }
          const document = options.mode === 'merge' && existing ? mergeEntity(existing, item.input) : item.input;
          const validated = this.validator.validate(blueprint, document);
          options.guard?.assert(blueprint.identifier, validated.identifier, existing ? 'update' : 'create', existing ? { before: existing.team, after: validated.team } : { after: validated.team });
          pending.set(key(item.blueprint, validated.identifier), { index, blueprint, validated, existing });
        } catch (error) {
          fail(index, error);
        }
      });

      const placeholders = await this.checkRelationTargets(tx, pending, options, fail);
      const failed = results.filter((r) => r.status === 'failed' && r.error);
      if (options.atomic && failed.length > 0) throw batchError(failed, items.length);

      const writes: repo.EntityWrite[] = [];
      const keepEntities = options.returnEntities !== false;
      for (const item of pending.values()) {
        const result = results[item.index];
        if (!result) continue;
        result.identifier = item.validated.identifier;
        if (item.existing && sameContent(item.existing, item.validated, item.blueprint)) {
          result.status = 'unchanged';
          if (keepEntities) result.entity = repo.toEntity(item.existing);
          continue;
        }
        result.status = item.existing ? 'updated' : 'created';
        writes.push({ blueprint: item.blueprint.identifier, ...item.validated, ...buildSearchText(item.validated.title, item.validated.identifier, item.validated.properties) });
      }
      if (options.dryRun) return summarize(results);

      for (const placeholder of placeholders) {
        options.guard?.assert(placeholder.blueprint, placeholder.identifier, 'create', { after: [] });
        writes.unshift({ ...placeholder, title: placeholder.identifier, icon: null, team: [], properties: {}, relations: {}, edges: [], ...buildSearchText(placeholder.identifier, placeholder.identifier, {}) });
      }
      // Chunk by chunk, audit included, so a large import never holds all its documents twice.
      options.onProgress?.({ done: 0, total: writes.length });
      for (let start = 0; start < writes.length; start += CHUNK) {
        const slice = writes.slice(start, start + CHUNK);
        await this.runBeforeHooks(tx, slice.flatMap((w) => {
          const existing = existingRows.get(key(w.blueprint, w.identifier));
          return existing ? [existing.id] : [];
        }));
        const written = await repo.upsertEntityRows(tx, slice, options.actor);
        const audit: AuditEntryInput[] = [];
        for (const [k, row] of written) {
          const item = pending.get(k);
          const result = item ? results[item.index] : undefined;
          const after = repo.toEntity(row);
          if (result && item && keepEntities) result.entity = after;
          const before = item?.existing ? repo.toEntity(item.existing) : null;
          // Derived values are computed, not written: the audit records what the caller wrote.
          const definition = blueprints.get(row.blueprint);
          if (before && definition) before.properties = storedProperties(before.properties, definition);
          audit.push({
            actor: options.actor,
            action: before ? 'update' : 'create',
            resourceType: 'entity',
            blueprint: row.blueprint,
            identifier: row.identifier,
            before,
            after,
            diff: before ? diffDocuments(auditView(before), auditView(after)) : null,
          });
        }
        await insertAuditEntries(tx, audit);
        await this.runAfterHooks(tx, [...written.values()].map((row) => ({ id: row.id, blueprint: row.blueprint })));
        if (keepEntities) await this.refreshDerived(tx, written, pending, results, blueprints);
        options.onProgress?.({ done: Math.min(start + CHUNK, writes.length), total: writes.length });
      }
      await CatalogCache.announce(tx);
      return summarize(results);
    };
    try {
      return await this.deps.db.transaction(run);
    } finally {
      // Also after a rollback: a cached read taken meanwhile must not survive a doubt.
      if (!options.dryRun) this.deps.cache.changed();
    }
  }

  /** Deletes an entity; refuses while others point at it, unless forced (their edges then dangle). */
  async delete(blueprint: string, identifier: string, actor: string, options: { force: boolean; guard?: EntityWriteGuard }): Promise<void> {
    await this.requireBlueprint(blueprint);
    await this.deps.db.transaction(async (tx) => {
      const [row] = await repo.findEntitiesForWrite(tx, [{ blueprint, identifier }]);
      if (!row) throw new PorticoError('NOT_FOUND', `Entity "${identifier}" of blueprint "${blueprint}" does not exist`);
      options.guard?.assert(blueprint, row.identifier, 'delete', { before: row.team });
      if (!options.force) {
        const referrers = (await repo.findReferrers(tx, blueprint, row.identifier, 6)).filter((r) => !(r.blueprint === blueprint && r.identifier.toLowerCase() === row.identifier.toLowerCase()));
        if (referrers.length > 0) {
          const names = referrers.slice(0, 5).map((r) => `${r.blueprint}:${r.identifier} (${r.relation})`).join(', ');
          throw new PorticoError('CONFLICT', `Entity "${row.identifier}" is the target of relations from ${names}${referrers.length > 5 ? ', …' : ''}; change them first or pass ?force=true`);
        }
      }
      await this.runBeforeHooks(tx, [row.id]);
      await repo.deleteEntityRow(tx, row.id);
      await this.runAfterHooks(tx, []);
      await insertAuditEntries(tx, [{ actor, action: 'delete', resourceType: 'entity', blueprint, identifier: row.identifier, before: repo.toEntity(row), after: null, diff: null }]);
      await CatalogCache.announce(tx);
    });
    this.deps.cache.changed();
  }

  /** Written entities of blueprints with derived properties are re-read, so the response shows their fresh values. */
  private async refreshDerived(tx: Sql, written: Map<string, repo.EntityRow>, pending: Map<string, Pending>, results: WriteResult[], blueprints: Map<string, Blueprint>): Promise<void> {
    const ids = [...written.values()].filter((row) => hasDerived(blueprints.get(row.blueprint) ?? {})).map((row) => row.id);
    if (ids.length === 0) return;
    const fresh = new Map((await repo.findEntitiesByIds(tx, ids)).map((row) => [row.id, row]));
    for (const [k, row] of written) {
      const item = pending.get(k);
      const result = item ? results[item.index] : undefined;
      const reread = fresh.get(row.id);
      if (result && reread) result.entity = repo.toEntity(reread);
    }
  }

  private async requireBlueprint(blueprint: string): Promise<Blueprint> {
    const found = await this.deps.registry.get(blueprint);
    if (!found) throw new PorticoError('NOT_FOUND', `Blueprint "${blueprint}" does not exist`);
    return found;
  }

  /**
   * Fails items whose relation targets exist neither in the database nor among the batch's valid
   * items, repeating until stable (a failed item can strand others that pointed at it).
   * @returns placeholders to create, when the request asked for them.
   */
  private async checkRelationTargets(tx: Sql, pending: Map<string, Pending>, options: WriteOptions, fail: (index: number, error: unknown) => void): Promise<{ blueprint: string; identifier: string }[]> {
    const wanted = new Map<string, { blueprint: string; key: string; identifier: string }>();
    for (const item of pending.values()) {
      for (const edge of item.validated.edges) {
        const k = key(edge.targetBlueprint, edge.targetIdentifier);
        if (!pending.has(k)) wanted.set(k, { blueprint: edge.targetBlueprint, key: edge.targetIdentifier.toLowerCase(), identifier: edge.targetIdentifier });
      }
    }
    const existing = new Set<string>();
    const list = [...wanted.values()];
    for (let start = 0; start < list.length; start += CHUNK) {
      for (const k of await repo.findExistingTargets(tx, list.slice(start, start + CHUNK).map(({ blueprint, key: targetKey }) => ({ blueprint, key: targetKey })))) existing.add(k);
    }
    if (options.createMissingRelated) {
      return list.filter((t) => !existing.has(`${t.blueprint}\u0000${t.key}`)).map((t) => ({ blueprint: t.blueprint, identifier: t.identifier }));
    }
    let changed = true;
    while (changed) {
      changed = false;
      for (const [k, item] of pending) {
        const missing = item.validated.edges.filter((edge) => {
          const target = key(edge.targetBlueprint, edge.targetIdentifier);
          return !existing.has(target) && !pending.has(target);
        });
        if (missing.length === 0) continue;
        const details = missing.map((edge) => ({
          path: relationPath(item.validated, edge.relation, edge.targetBlueprint, edge.targetIdentifier, item.blueprint),
          message: `points at ${edge.targetBlueprint} "${edge.targetIdentifier}", which does not exist`,
        }));
        fail(item.index, new PorticoError('VALIDATION_FAILED', `Entity "${item.validated.identifier}": ${details[0]?.path} ${details[0]?.message} (pass createMissingRelated to create it empty)`, details));
        pending.delete(k);
        changed = true;
      }
    }
    return [];
  }
}

function identifierOf(input: unknown): string | null {
  const identifier = (input as { identifier?: unknown } | null)?.identifier;
  return typeof identifier === 'string' && identifier.length > 0 ? identifier : null;
}

function mergeEntity(existing: repo.EntityRow, patch: unknown): unknown {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return patch;
  const p = patch as EntityInput;
  return {
    identifier: existing.identifier,
    title: p.title ?? existing.title,
    ...(p.icon !== undefined || existing.icon !== null ? { icon: p.icon ?? existing.icon } : {}),
    team: p.team ?? existing.team,
    properties: { ...existing.properties, ...(p.properties ?? {}) },
    relations: { ...existing.relations, ...(p.relations ?? {}) },
  };
}

function sameContent(row: repo.EntityRow, next: ValidatedEntity, blueprint: Blueprint): boolean {
  return row.identifier === next.identifier && row.title === next.title && row.icon === next.icon
    && JSON.stringify([...row.team].sort()) === JSON.stringify([...next.team].sort())
    && canonical(storedProperties(row.properties, blueprint)) === canonical(next.properties)
    && canonical(row.relations) === canonical(next.relations);
}


function auditView(entity: Entity): Partial<Entity> {
  const { createdAt: _c, updatedAt: _u, createdBy: _cb, updatedBy: _ub, ...rest } = entity;
  return rest;
}

function relationPath(entity: ValidatedEntity, relation: string, targetBlueprint: string, targetIdentifier: string, blueprint: Blueprint): string {
  const value = entity.relations[relation];
  const definition = blueprint.relations[relation];
  const single = definition && relationTargets(definition)?.length === 1;
  const written = single ? targetIdentifier : `${targetBlueprint}:${targetIdentifier}`;
  if (Array.isArray(value)) return `/relations/${relation}/${Math.max(0, value.indexOf(written))}`;
  return `/relations/${relation}`;
}

function summarize(results: WriteResult[]): WriteSummary {
  const count = (status: WriteResult['status']) => results.filter((r) => r.status === status).length;
  return { created: count('created'), updated: count('updated'), unchanged: count('unchanged'), failed: count('failed'), results };
}

/** The error of an atomic batch: a lone item's own error, or a summary naming each failed item. */
function batchError(failed: WriteResult[], total: number): PorticoError {
  const first = failed[0];
  if (total === 1 && first?.error) return new PorticoError(first.error.code, first.error.message, first.error.details);
  const details = failed.flatMap((r) => (r.error?.details.length ? r.error.details : [{ path: '', message: r.error?.message ?? 'failed' }]).map((d) => ({ path: `/entities/${r.index}${d.path}`, message: d.message })));
  const code = failed.every((r) => r.error?.code === first?.error?.code) && first?.error ? first.error.code : 'VALIDATION_FAILED';
  return new PorticoError(code, `${failed.length} of ${total} entities failed; nothing was written. First: ${first?.error?.message ?? ''}`, details);
}
