import {
  type Blueprint, type Condition, type Entity, type EntitySearchRequest, PorticoError, type SortKey, assertSearchRequestShape,
  META_PROPERTIES, parseQuery,
} from '@portico/model';
import type { Database } from '../db/database.ts';
import type { BlueprintRegistry } from './blueprint-registry.ts';
import type { CatalogCache } from './catalog-cache.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { compileCondition } from './entity-query.sql.ts';
import { ENTITY_COLUMNS, type EntityRow, toEntity } from './entity.repo.ts';
import { SqlParams } from './sql-params.ts';
import type { Visibility } from './visibility.ts';

const DEFAULT_LIMIT = 100;

export interface SearchPage {
  entities: Entity[];
  next: string | null;
  total?: number;
}

interface SortColumn {
  expression: string;
  order: 'asc' | 'desc';
  /** Turns a cursor value back into a typed SQL parameter. */
  cast: string;
  read: (row: Record<string, unknown>, index: number) => unknown;
}

export interface EntitySearchServiceDeps {
  db: Database;
  registry: BlueprintRegistry;
  cache: CatalogCache;
}

/** Runs the catalog query language as one parameterized SQL statement with keyset pagination. */
export class EntitySearchService {
  constructor(private readonly deps: EntitySearchServiceDeps) {}

  /**
   * Searches entities. `blueprint` scopes the search (as the per-blueprint routes do); otherwise a
   * `$blueprint` rule at the top of the query scopes validation of property names.
   */
  async search(request: unknown, options: { blueprint?: string; count?: boolean; extraCondition?: Condition; visibility?: Visibility } = {}): Promise<SearchPage> {
    assertSearchRequestShape(request);
    const body = request as EntitySearchRequest;
    const blueprints = await this.deps.registry.all();
    const scope = scopeOf(body, options.blueprint, blueprints);
    const conditions: Condition[] = [];
    if (options.blueprint) conditions.push({ kind: 'meta', field: '$blueprint', operator: '=', value: options.blueprint });
    if (body.query) conditions.push(parseQuery(body.query, { blueprints: scope }, '/query'));
    if (options.extraCondition) conditions.push(options.extraCondition);

    const params = new SqlParams();
    const matches = conditions.length ? compileCondition({ kind: 'group', combinator: 'and', conditions }, params) : 'true';
    // What the caller may not read is never a candidate: not in pages, not in counts.
    const visible = options.visibility?.sql(params) ?? 'true';
    const where = visible === 'true' ? matches : `(${matches}) and ${visible}`;
    // Sort and keyset parameters are added after these; the count query uses only the WHERE's.
    const whereParamCount = params.values.length;
    const sort = (body.sort ?? []).map((key, index) => sortColumn(key, index, params));
    const signature = JSON.stringify(body.sort ?? []);
    const limit = body.limit ?? DEFAULT_LIMIT;

    let keyset = 'true';
    if (body.cursor) {
      const cursor = decodeCursor(body.cursor, signature, sort.length);
      keyset = keysetCondition(sort, cursor.values, cursor.id, params);
    }
    const orderBy = [...sort.map((s) => `${s.expression} ${s.order}`), `e.id ${sort[0]?.order ?? 'asc'}`].join(', ');
    const sortSelect = sort.map((s, i) => `, ${s.expression} as sort_${i}`).join('');
    const rows = await this.deps.db.query<EntityRow & Record<string, unknown>>(
      `select ${ENTITY_COLUMNS}${sortSelect} from entities e where (${where}) and (${keyset}) order by ${orderBy} limit ${limit + 1}`,
      params.values,
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const next = rows.length > limit && last
      ? encodeCursor({ signature, values: sort.map((s, i) => s.read(last, i)), id: last.id })
      : null;
    const result: SearchPage = { entities: page.map(toEntity), next };
    if (options.count || body.count) {
      const countParams = params.values.slice(0, whereParamCount);
      result.total = await this.deps.cache.remember(`search-count\u0000${where}\u0000${JSON.stringify(countParams)}`, async () => {
        const countRows = await this.deps.db.query<{ n: number }>(`select count(*)::int as n from entities e where ${where}`, countParams);
        return countRows[0]?.n ?? 0;
      });
    }
    return result;
  }
}

function scopeOf(body: EntitySearchRequest, blueprint: string | undefined, blueprints: Map<string, Blueprint>): Blueprint[] {
  if (blueprint) {
    const found = blueprints.get(blueprint);
    return found ? [found] : [];
  }
  const query = body.query;
  if (query && query.combinator === 'and') {
    for (const rule of query.rules) {
      if ('property' in rule && rule.property === '$blueprint') {
        const names = rule.operator === '=' ? [rule.value] : rule.operator === 'in' && Array.isArray(rule.value) ? rule.value : [];
        const found = names.map((n) => blueprints.get(String(n))).filter((b): b is Blueprint => b !== undefined);
        if (found.length > 0 && found.length === names.length) return found;
      }
    }
  }
  return [];
}

function sortColumn(key: SortKey, index: number, params: SqlParams): SortColumn {
  const order = key.order ?? 'asc';
  const read = (row: Record<string, unknown>, i: number) => {
    const value = row[`sort_${i}`];
    return value instanceof Date ? value.toISOString() : value;
  };
  if (key.property.startsWith('$')) {
    const columns: Record<string, { expression: string; cast: string }> = {
      $identifier: { expression: 'e.identifier', cast: 'text' },
      $title: { expression: 'e.title', cast: 'text' },
      $blueprint: { expression: 'e.blueprint', cast: 'text' },
      $createdAt: { expression: 'e.created_at', cast: 'timestamptz' },
      $updatedAt: { expression: 'e.updated_at', cast: 'timestamptz' },
    };
    const column = columns[key.property];
    if (!column) {
      const allowed = Object.keys(columns).join(', ');
      throw new PorticoError('VALIDATION_FAILED', `Cannot sort by ${key.property}`, [{ path: `/sort/${index}/property`, message: (META_PROPERTIES as readonly string[]).includes(key.property) ? `sorting supports ${allowed}` : 'is not a meta-property' }]);
    }
    return { ...column, order, read };
  }
  const level = /^scorecards\.([^.]+)\.level$/.exec(key.property);
  if (level) {
    // By level on the ladder; entities the scorecard does not score come first (ascending).
    const expression = `coalesce((select sr.level_index from scorecard_results sr join scorecards sc on sc.id = sr.scorecard_id
      where sr.entity_id = e.id and sc.blueprint = e.blueprint and sc.identifier = ${params.add(level[1])}), -1)`;
    return { expression, cast: 'int', order, read };
  }
  const name = key.property.startsWith('properties.') ? key.property.slice('properties.'.length) : key.property;
  // A missing property sorts as JSON null (lowest), so every row has a comparable key.
  return { expression: `coalesce(e.properties -> ${params.add(name)}, 'null'::jsonb)`, cast: 'jsonb', order, read };
}

/** Rows after the cursor in the sort order: (k1 > v1) or (k1 = v1 and k2 > v2) … or (all equal and id > last). */
function keysetCondition(sort: SortColumn[], values: unknown[], id: string, params: SqlParams): string {
  const value = (column: SortColumn, raw: unknown) => (column.cast === 'jsonb' ? params.json(raw) : `${params.add(raw === null ? null : String(raw))}::${column.cast}`);
  const placeholders = sort.map((column, i) => value(column, values[i]));
  const idParam = `${params.add(id)}::bigint`;
  const clauses: string[] = [];
  for (let i = 0; i <= sort.length; i++) {
    const equal = sort.slice(0, i).map((column, j) => `${column.expression} = ${placeholders[j]}`);
    const column = sort[i];
    const after = column
      ? `${column.expression} ${column.order === 'asc' ? '>' : '<'} ${placeholders[i]}`
      : `e.id ${(sort[0]?.order ?? 'asc') === 'asc' ? '>' : '<'} ${idParam}`;
    clauses.push(`(${[...equal, after].join(' and ')})`);
  }
  return clauses.join(' or ');
}
