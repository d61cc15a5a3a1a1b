import { createHash } from 'node:crypto';
import {
  type BackstageEntity, type Blueprint, type EdgeView, PorticoError, backstageRelationType, blueprintForKind, entityToBackstage, identifierFromRef, kindForBlueprint, parseEntityRef,
} from '@portico/model';
import type { Database } from '../db/database.ts';
import { json } from '../db/rows.ts';
import {
  type BlueprintRegistry, type EntityPageSql, type EntityRow, type EntityWithEdgesRow, SqlParams, type Visibility, findEntitiesWithEdges, toEntity,
} from '../catalog/index.ts';
import type { CatalogCache } from '../catalog/catalog-cache.ts';
import { compileFilters, type FilterSet, parseFilters } from './backstage-filter.ts';

export interface ByQueryRequest {
  filter?: string | string[];
  fields?: string | string[];
  orderField?: string | string[];
  fullTextFilterTerm?: string;
  fullTextFilterFields?: string | string[];
  cursor?: string;
  limit?: number;
  offset?: number;
}

interface QueryState {
  filters: FilterSet[];
  order: { field: string; order: 'asc' | 'desc' }[];
  fullText: string | null;
}

export interface BackstageCatalogServiceDeps {
  db: Database;
  registry: BlueprintRegistry;
  cache: CatalogCache;
}

/** Backstage's catalog read API over Portico's tables: the same envelope, relations and filters. */
export class BackstageCatalogService {
  constructor(private readonly deps: BackstageCatalogServiceDeps) {}

  /**
   * Renders rows as Backstage documents for export: spec as stored, no `relations` array (it is
   * derived data Backstage and Portico recompute on import), so no edge lookups.
   */
  async toDocuments(rows: EntityRow[]): Promise<BackstageEntity[]> {
    const blueprints = await this.deps.registry.all();
    return rows.map((row) => this.envelope(row, [], blueprints));
  }

  /** Selects a page of entities with their edges (one statement) and renders them as Backstage entities. */
  private async envelopes(page: EntityPageSql, params: SqlParams, visibility: Visibility, options: { prepare?: string } = {}): Promise<{ rows: EntityWithEdgesRow[]; entities: BackstageEntity[] }> {
    // The page's WHERE already holds the caller's visibility; their relations must not name what
    // they cannot read either. Restricted statements differ per caller, so they are not prepared.
    const restricted = !visibility.unrestricted;
    const edges = restricted ? { outgoing: visibility.targetSql(params), incoming: visibility.sourceSql(params) } : undefined;
    const rows = await findEntitiesWithEdges(this.deps.db, { ...page, ...(edges ? { edges } : {}) }, params.values, restricted ? {} : options);
    const blueprints = await this.deps.registry.all();
    const entities = rows.map((row) => this.envelope(row, [
      ...(row.outgoing ?? []).map(([relation, otherBlueprint, otherIdentifier]): EdgeView => ({ direction: 'outgoing', relation, otherBlueprint, otherIdentifier })),
      ...(row.incoming ?? []).map(([relation, otherBlueprint, otherIdentifier]): EdgeView => ({ direction: 'incoming', relation, otherBlueprint, otherIdentifier })),
    ], blueprints));
    return { rows, entities };
  }

  private envelope(row: EntityRow, edges: EdgeView[], blueprints: Map<string, Blueprint>): BackstageEntity {
    return entityToBackstage(toEntity(row), blueprints.get(row.blueprint), {
      uid: row.uid,
      etag: createHash('md5').update(`${row.uid}:${String(row.updated_at instanceof Date ? row.updated_at.toISOString() : row.updated_at)}`).digest('hex'),
      edges,
      relationTypes: backstageRelationType,
    });
  }

  async byName(kind: string, namespace: string, name: string, visibility: Visibility): Promise<BackstageEntity> {
    const blueprints = await this.deps.registry.all();
    const blueprint = blueprintForKind(kind, blueprints.keys());
    const params = new SqlParams();
    const { entities: [entity] } = blueprint
      ? await this.envelopes({ where: `e.blueprint = ${params.add(blueprint)} and e.identifier_key = lower(${params.add(identifierFromRef(namespace, name))}) and ${visibility.sql(params)}` }, params, visibility, { prepare: 'backstage_by_name' })
      : { entities: [] };
    if (!entity) throw new PorticoError('NOT_FOUND', `No entity named '${kind}:${namespace}/${name}' found`);
    return entity;
  }

  async byUid(uid: string, visibility: Visibility): Promise<BackstageEntity> {
    if (!/^[0-9a-f-]{36}$/i.test(uid)) throw new PorticoError('NOT_FOUND', `No entity with uid ${uid}`);
    const params = new SqlParams();
    const { entities: [entity] } = await this.envelopes({ where: `e.uid = ${params.add(uid)}::uuid and ${visibility.sql(params)}` }, params, visibility, { prepare: 'backstage_by_uid' });
    if (!entity) throw new PorticoError('NOT_FOUND', `No entity with uid ${uid}`);
    return entity;
  }

  /** Entities for refs, in the order asked, `null` where a ref names nothing. */
  async byRefs(refs: string[], fields: string[], filter: string | string[] | undefined, visibility: Visibility): Promise<(Partial<BackstageEntity> | null)[]> {
    const blueprints = await this.deps.registry.all();
    const keys = refs.map((ref) => {
      const parsed = parseEntityRef(ref, { defaultNamespace: 'default' });
      if (typeof parsed === 'string') return null;
      const blueprint = blueprintForKind(parsed.kind, blueprints.keys());
      return blueprint ? { blueprint, identifier: identifierFromRef(parsed.namespace, parsed.name) } : null;
    });
    const params = new SqlParams();
    const lookup = params.json(keys.filter((k) => k !== null));
    const where = `(${compileFilters(parseFilters(filter), params, blueprints)}) and ${visibility.sql(params)}`;
    const { rows, entities: envelopes } = await this.envelopes({
      from: `entities e join jsonb_to_recordset(${lookup}) as k(blueprint text, identifier text) on e.blueprint = k.blueprint and e.identifier_key = lower(k.identifier)`,
      where,
    }, params, visibility);
    const byKey = new Map(rows.map((row, i) => [`${row.blueprint}\u0000${row.identifier.toLowerCase()}`, envelopes[i]]));
    return keys.map((k) => {
      const entity = k ? byKey.get(`${k.blueprint}\u0000${k.identifier.toLowerCase()}`) : undefined;
      return entity ? project(entity, fields) : null;
    });
  }

  async byQuery(request: ByQueryRequest, visibility: Visibility): Promise<{ items: Partial<BackstageEntity>[]; totalItems: number; pageInfo: { nextCursor?: string; prevCursor?: string } }> {
    const limit = request.limit ?? 20;
    let state: QueryState;
    let offset = 0;
    if (request.cursor) {
      ({ state, offset } = decodeQueryCursor(request.cursor));
    } else {
      state = {
        filters: parseFilters(request.filter),
        order: toList(request.orderField).map((o) => {
          const [field = '', order = 'asc'] = o.split(',');
          if (order !== 'asc' && order !== 'desc') throw new PorticoError('BAD_REQUEST', `Invalid orderField "${o}"`, [{ path: '/querystring/orderField', message: 'must be "field,asc" or "field,desc"' }]);
          return { field: field.trim(), order };
        }),
        fullText: request.fullTextFilterTerm?.trim() || null,
      };
      offset = request.offset ?? 0;
    }
    const blueprints = await this.deps.registry.all();
    const params = new SqlParams();
    let where = compileFilters(state.filters, params, blueprints);
    if (state.fullText) where = `(${where}) and e.search_text ilike ${params.add(`%${state.fullText.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)}`;
    if (!visibility.unrestricted) where = `(${where}) and ${visibility.sql(params)}`;
    const whereParams = params.values.length;
    // Ties (and unordered queries) go by kind, then name: the unique (blueprint, identifier_key)
    // index serves that order directly, so a page costs its size, not the catalog's.
    const orderBy = [...state.order.map((o) => `${orderExpression(o.field, params)} ${o.order}`), 'e.blueprint asc', 'e.identifier_key asc'].join(', ');
    const countParams = params.values.slice(0, whereParams);
    const [{ rows, entities }, totalItems] = await Promise.all([
      this.envelopes({ where, orderBy, limit, offset }, params, visibility),
      this.deps.cache.remember(`count\u0000${where}\u0000${JSON.stringify(countParams)}`, async () => {
        const counted = await this.deps.db.query<{ n: number }>(`select count(*)::int as n from entities e where ${where}`, countParams);
        return counted[0]?.n ?? 0;
      }),
    ]);
    const fields = toList(request.fields).flatMap((f) => f.split(',')).map((f) => f.trim()).filter(Boolean);
    const items = entities.map((e) => project(e, fields));
    const pageInfo: { nextCursor?: string; prevCursor?: string } = {};
    if (offset + rows.length < totalItems) pageInfo.nextCursor = encodeQueryCursor(state, offset + limit);
    if (offset > 0) pageInfo.prevCursor = encodeQueryCursor(state, Math.max(0, offset - limit));
    return { items, totalItems, pageInfo };
  }

  /** `GET /entities`: the older list call, a plain array. */
  async list(filter: string | string[] | undefined, fields: string[], offset: number, limit: number, visibility: Visibility): Promise<Partial<BackstageEntity>[]> {
    const blueprints = await this.deps.registry.all();
    const params = new SqlParams();
    const where = `(${compileFilters(parseFilters(filter), params, blueprints)}) and ${visibility.sql(params)}`;
    const { entities } = await this.envelopes({ where, orderBy: 'e.blueprint, e.identifier_key', limit, offset }, params, visibility);
    return entities.map((e) => project(e, fields));
  }

  /** Counts per value of envelope fields (`kind`, `spec.type`, `metadata.tags`, `relations.ownedBy`). */
  async facets(facets: string[], filter: string | string[] | undefined, visibility: Visibility): Promise<Record<string, { value: string; count: number }[]>> {
    const blueprints = await this.deps.registry.all();
    const result: Record<string, { value: string; count: number }[]> = {};
    for (const facet of facets) {
      const params = new SqlParams();
      const where = `(${compileFilters(parseFilters(filter), params, blueprints)}) and ${visibility.sql(params)}`;
      const key = facet.toLowerCase();
      let sql: string;
      if (key === 'kind') {
        const kinds = params.json(Object.fromEntries([...blueprints.keys()].map((b) => [b, kindForBlueprint(b)])));
        sql = `select ${kinds} ->> e.blueprint as value, count(*)::int as count from entities e where ${where} group by e.blueprint`;
      } else if (key === 'metadata.namespace') {
        sql = `select case when position('/' in e.identifier) > 0 then split_part(e.identifier, '/', 1) else 'default' end as value, count(*)::int as count from entities e where ${where} group by 1`;
      } else if (key.startsWith('relations.')) {
        sql = relationFacetSql(key.slice('relations.'.length), where, params, blueprints, visibility);
      } else {
        const path = key.startsWith('metadata.') ? [facet.slice('metadata.'.length)] : key.startsWith('spec.') ? facet.slice('spec.'.length).split('.') : null;
        if (!path) {
          result[facet] = [];
          continue;
        }
        const accessor = path.reduce((expr, segment) => `${expr} -> ${params.add(segment)}`, 'e.properties');
        sql = `select v as value, count(*)::int as count from entities e,
          lateral (select x as v from jsonb_array_elements_text(case when jsonb_typeof(${accessor}) = 'array' then ${accessor} else '[]'::jsonb end) x
                   union all select ${accessor} #>> '{}' where jsonb_typeof(${accessor}) in ('string', 'number', 'boolean')) vals
          where ${where} group by v`;
      }
      const values = params.values;
      result[facet] = await this.deps.cache.remember(`backstage-facet\u0000${sql}\u0000${JSON.stringify(values)}`,
        () => this.deps.db.query<{ value: string; count: number }>(`${sql} order by count desc, value`, values));
    }
    return result;
  }
}

/**
 * Counts entities per target of a Backstage relation type (`relations.ownedBy`): outgoing edges of
 * the relations that emit it, and incoming edges of those whose inverse it is, as entity refs.
 */
function relationFacetSql(type: string, where: string, params: SqlParams, blueprints: Map<string, Blueprint>, visibility: Visibility): string {
  const outgoing: string[] = [];
  const incoming: string[] = [];
  for (const relation of new Set([...blueprints.values()].flatMap((b) => Object.keys(b.relations)))) {
    const types = backstageRelationType(relation);
    if (types.type.toLowerCase() === type) outgoing.push(relation);
    if (types.inverse.toLowerCase() === type) incoming.push(relation);
  }
  if (outgoing.length === 0 && incoming.length === 0) return `select null::text as value, 0 as count where false`;
  const kinds = params.json(Object.fromEntries([...blueprints.keys()].map((b) => [b, kindForBlueprint(b).toLowerCase()])));
  const ref = (blueprint: string, key: string) => `(${kinds} ->> ${blueprint}) || ':' || case when position('/' in ${key}) > 0 then ${key} else 'default/' || ${key} end`;
  const parts: string[] = [];
  if (outgoing.length > 0) {
    parts.push(`select ${ref('r.target_blueprint', 'r.target_key')} as v, e.id from entities e join entity_relations r on r.source_id = e.id
      where (${where}) and r.relation = any(${params.add(outgoing)}::text[]) and ${visibility.targetSql(params)}`);
  }
  if (incoming.length > 0) {
    parts.push(`select ${ref('r.source_blueprint', 'r.source_key')} as v, e.id from entities e
      join entity_relations r on r.target_blueprint = e.blueprint and r.target_key = e.identifier_key
      where (${where}) and r.relation = any(${params.add(incoming)}::text[]) and ${visibility.sourceSql(params)}`);
  }
  return `select v as value, count(distinct id)::int as count from (${parts.join(' union all ')}) edges group by v`;
}

function toList(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function orderExpression(field: string, params: SqlParams): string {
  const lower = field.toLowerCase();
  if (lower === 'metadata.name') return `lower(case when position('/' in e.identifier) > 0 then split_part(e.identifier, '/', 2) else e.identifier end)`;
  if (lower === 'metadata.title') return 'lower(e.title)';
  if (lower === 'kind') return 'e.blueprint';
  if (lower === 'metadata.uid') return 'e.uid';
  const path = lower.startsWith('spec.') ? field.slice(5).split('.') : lower.startsWith('metadata.') ? [field.slice(9)] : [field];
  return `lower(${path.reduce((expr, segment) => `${expr} -> ${params.add(segment)}`, 'e.properties')} #>> '{}')`;
}

/** Keeps only the named dotted fields of an entity (`metadata.name`, `kind`), as Backstage's `fields` does. */
export function project(entity: BackstageEntity, fields: string[]): Partial<BackstageEntity> {
  if (fields.length === 0) return entity;
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const path = field.split('.');
    let source: unknown = entity;
    for (const segment of path) source = source && typeof source === 'object' ? (source as Record<string, unknown>)[segment] : undefined;
    if (source === undefined) continue;
    let target = out;
    path.slice(0, -1).forEach((segment) => {
      target[segment] = (target[segment] as Record<string, unknown> | undefined) ?? {};
      target = target[segment] as Record<string, unknown>;
    });
    target[path[path.length - 1] ?? field] = source;
  }
  return out as Partial<BackstageEntity>;
}

function encodeQueryCursor(state: QueryState, offset: number): string {
  return Buffer.from(json({ f: state.filters.map((s) => [...s]), o: state.order, t: state.fullText, n: offset })).toString('base64url');
}

function decodeQueryCursor(cursor: string): { state: QueryState; offset: number } {
  try {
    const raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { f: [string, (string | null)[]][][]; o: QueryState['order']; t: string | null; n: number };
    if (!Array.isArray(raw.f) || !Array.isArray(raw.o) || !Number.isInteger(raw.n) || raw.n < 0) throw new Error('shape');
    return { state: { filters: raw.f.map((entries) => new Map(entries)), order: raw.o, fullText: raw.t }, offset: raw.n };
  } catch {
    throw new PorticoError('BAD_REQUEST', 'Invalid cursor', [{ path: '/querystring/cursor', message: 'is not a cursor this server issued' }]);
  }
}
