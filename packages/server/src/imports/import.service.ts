import { posix } from 'node:path';
import {
  type BackstageEntity, type CollectError, type CollectedDocument, PorticoError, collectBackstageDocuments, entityFromBackstage,
} from '@portico/model';
import type { BlueprintRegistry, EntityService, EntityWriteGuard, WriteItem, WriteSummary } from '../catalog/index.ts';
import { entitiesFromCsv } from './csv-import.ts';
import type { UrlReader } from './url-reader.ts';
import type { Database } from '../db/database.ts';
import type { ImportRequest } from './import.schema.ts';

export interface ImportReport extends Omit<WriteSummary, 'results'> {
  /** Per item; CSV items also carry the line they came from. */
  results: (WriteSummary['results'][number] & { line?: number })[];
  dryRun: boolean;
  /** Problems reading the input (YAML syntax, unreadable targets), with line and column. */
  errors: CollectError[];
}

export interface ImportServiceDeps {
  entities: EntityService;
  registry: BlueprintRegistry;
  urls: UrlReader;
  db: Database;
}

export type ImportProgress = (progress: { done: number; total: number }) => void;

/** Imports changing at least this many entities are followed by VACUUM ANALYZE. */
const LARGE_IMPORT = 1000;

/** Imports Backstage YAML, CSV and JSON into the catalog; re-imports are idempotent. */
export class ImportService {
  constructor(private readonly deps: ImportServiceDeps) {}

  /** @param onProgress told how many entities are written of how many, chunk by chunk. */
  async import(request: ImportRequest, actor: string, onProgress?: ImportProgress, guard?: EntityWriteGuard): Promise<ImportReport> {
    const options = { dryRun: request.dryRun === true, createMissingRelated: request.createMissingRelated === true, actor, ...(onProgress ? { onProgress } : {}), ...(guard ? { guard } : {}) };
    switch (request.format) {
      case 'backstage': {
        const fetched = request.url ? await this.deps.urls.readRequested(request.url) : null;
        const files = request.files ?? (fetched ? { [fetched.url]: fetched.text } : { 'catalog-info.yaml': request.content ?? '' });
        const entry = fetched?.url ?? request.entry ?? (request.files ? Object.keys(request.files)[0] : 'catalog-info.yaml');
        if (!entry || !(entry in files)) throw new PorticoError('VALIDATION_FAILED', 'The entry file is not among the uploaded files', [{ path: '/entry', message: 'must name one of "files"' }]);
        // Locations resolve among the uploaded files, or, for a URL import, against the URL (each fetch allow-listed).
        const collected = await collectBackstageDocuments(entry, async (location) => {
          const text = files[location];
          if (text !== undefined) return text;
          if (request.url && /^https?:\/\//.test(location)) return this.deps.urls.read(location);
          throw new Error('not among the uploaded files');
        }, resolveRelative);
        return this.importBackstageDocuments(collected.documents, collected.errors, options);
      }
      case 'csv': {
        const blueprint = request.blueprint ? await this.deps.registry.get(request.blueprint) : undefined;
        if (!blueprint) throw new PorticoError('VALIDATION_FAILED', 'CSV import needs an existing blueprint', [{ path: '/blueprint', message: request.blueprint ? `"${request.blueprint}" does not exist` : 'is required for CSV' }]);
        const rows = entitiesFromCsv(await this.content(request), blueprint, request.mapping);
        const summary = await this.deps.entities.write(rows.map((r) => ({ blueprint: blueprint.identifier, input: r.input })), { mode: 'upsert', atomic: false, returnEntities: false, ...options });
        await this.afterLargeWrite(summary);
        return { ...summary, results: summary.results.map((r) => ({ ...r, line: rows[r.index]?.line })), dryRun: options.dryRun, errors: [] };
      }
      case 'json': {
        const items = parseJsonEntities(await this.content(request), request.blueprint);
        const summary = await this.deps.entities.write(items, { mode: 'upsert', atomic: false, returnEntities: false, ...options });
        await this.afterLargeWrite(summary);
        return { ...summary, dryRun: options.dryRun, errors: [] };
      }
    }
  }

  /**
   * After a large import, refreshes the planner's statistics and the visibility map, so the very
   * next queries get index-only counts and good plans. PostgreSQL's autovacuum would get there
   * later; PGlite has none.
   */
  private async afterLargeWrite(summary: WriteSummary): Promise<void> {
    if (summary.created + summary.updated < LARGE_IMPORT) return;
    await this.deps.db.query('vacuum (analyze) entities, entity_relations, search_words');
  }

  /** The text of a one-file import: given inline, or fetched from its URL. */
  private async content(request: ImportRequest): Promise<string> {
    if (request.url) return (await this.deps.urls.readRequested(request.url)).text;
    if (request.content === undefined) throw new PorticoError('VALIDATION_FAILED', `A ${request.format} import takes one file`, [{ path: '/content', message: 'is required (or "url"); "files" is for Backstage YAML' }]);
    return request.content;
  }

  /** Converts collected Backstage documents and writes them as one batch (relations may point within it). */
  async importBackstageDocuments(documents: CollectedDocument[], errors: CollectError[], options: { dryRun: boolean; createMissingRelated: boolean; actor: string; onProgress?: ImportProgress; guard?: EntityWriteGuard }): Promise<ImportReport> {
    const blueprints = await this.deps.registry.all();
    const items: WriteItem[] = [];
    const conversionFailures: { location: string; index: number; message: string }[] = [];
    for (const collected of documents) {
      const converted = entityFromBackstage(collected.document, blueprints);
      if (!converted.ok) {
        const name = (collected.document as Partial<BackstageEntity>).metadata?.name ?? `document ${collected.index + 1}`;
        conversionFailures.push({ location: collected.location, index: collected.index, message: `${String(name)}: ${converted.issues.map((i) => `${i.path} ${i.message}`).join('; ')}` });
        continue;
      }
      const properties = converted.entity.properties ?? {};
      const annotations = { ...((properties.annotations as Record<string, string> | undefined) ?? {}) };
      // Backstage's location refs: `url:` for fetched files, `file:` for local ones.
      const locationRef = `${/^https?:\/\//.test(collected.location) ? 'url' : 'file'}:${collected.location}`;
      annotations['backstage.io/managed-by-location'] ??= locationRef;
      annotations['backstage.io/managed-by-origin-location'] ??= locationRef;
      items.push({ blueprint: converted.blueprint, input: { ...converted.entity, properties: { ...properties, annotations } } });
    }
    const summary = await this.deps.entities.write(items, { mode: 'upsert', atomic: false, returnEntities: false, ...options });
    await this.afterLargeWrite(summary);
    const failedConversions = conversionFailures.length;
    return {
      ...summary,
      failed: summary.failed + failedConversions,
      dryRun: options.dryRun,
      errors: [...errors, ...conversionFailures.map((f) => ({ location: f.location, message: f.message }))],
    };
  }
}

/** Resolves a Location target against the file naming it: URLs as URLs, everything else as paths. */
export function resolveRelative(base: string, target: string): string {
  if (/^[a-z]+:\/\//i.test(target)) return target;
  if (/^[a-z]+:\/\//i.test(base)) return new URL(target, base).toString();
  if (target.startsWith('/')) return posix.normalize(target);
  return posix.normalize(posix.join(posix.dirname(base), target));
}

function parseJsonEntities(content: string, defaultBlueprint: string | undefined): WriteItem[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch (error) {
    throw new PorticoError('BAD_REQUEST', `Malformed JSON: ${(error as Error).message}`, [{ path: '/content', message: (error as Error).message }]);
  }
  const list = Array.isArray(parsed) ? parsed : (parsed as { entities?: unknown }).entities;
  if (!Array.isArray(list)) throw new PorticoError('VALIDATION_FAILED', 'JSON import takes an array of entities or { "entities": [...] }', [{ path: '/content', message: 'must be an array of entities' }]);
  return list.map((item, index) => {
    const { blueprint, ...input } = (item ?? {}) as { blueprint?: unknown } & Record<string, unknown>;
    const name = typeof blueprint === 'string' ? blueprint : defaultBlueprint;
    if (!name) throw new PorticoError('VALIDATION_FAILED', `Entity ${index} names no blueprint`, [{ path: `/content/${index}/blueprint`, message: 'is required (or pass "blueprint" for all)' }]);
    return { blueprint: name, input };
  });
}
