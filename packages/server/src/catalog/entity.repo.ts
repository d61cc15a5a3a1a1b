import type { Entity, RelationEdge, RelationValue } from '@portico/model';
import type { Sql } from '../db/database.ts';
import { json, toIso } from '../db/rows.ts';

export interface EntityRow {
  id: string;
  uid: string;
  blueprint: string;
  identifier: string;
  title: string;
  icon: string | null;
  team: string[];
  properties: Record<string, unknown>;
  relations: Record<string, RelationValue>;
  created_at: Date;
  updated_at: Date;
  created_by: string | null;
  updated_by: string | null;
}

/** Columns every entity read selects (never the search columns). */
export const ENTITY_COLUMNS = 'e.id::text as id, e.uid::text as uid, e.blueprint, e.identifier, e.title, e.icon, e.team, e.properties, e.relations, e.created_at, e.updated_at, e.created_by, e.updated_by';

export function toEntity(row: EntityRow): Entity {
  return {
    identifier: row.identifier,
    title: row.title,
    blueprint: row.blueprint,
    icon: row.icon,
    team: row.team,
    properties: row.properties,
    relations: row.relations,
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
    createdBy: row.created_by,
    updatedBy: row.updated_by,
  };
}

export async function findEntity(sql: Sql, blueprint: string, identifier: string): Promise<EntityRow | null> {
  const rows = await sql.query<EntityRow>(`select ${ENTITY_COLUMNS} from entities e where e.blueprint = $1 and e.identifier_key = lower($2)`, [blueprint, identifier]);
  return rows[0] ?? null;
}

export async function findEntitiesByIds(sql: Sql, ids: string[]): Promise<EntityRow[]> {
  return sql.query<EntityRow>(`select ${ENTITY_COLUMNS} from entities e where e.id = any($1::bigint[])`, [ids]);
}

/** Existing rows for a batch of (blueprint, identifier) pairs, locked for the write that follows. */
export async function findEntitiesForWrite(sql: Sql, keys: { blueprint: string; identifier: string }[]): Promise<EntityRow[]> {
  if (keys.length === 0) return [];
  return sql.query<EntityRow>(
    `select ${ENTITY_COLUMNS} from entities e
     join jsonb_to_recordset($1::jsonb) as k(blueprint text, identifier text) on e.blueprint = k.blueprint and e.identifier_key = lower(k.identifier)
     for update of e`,
    [json(keys)],
  );
}

/** Which of these (blueprint, identifier) targets exist; returned as `blueprint\u0000lowercase identifier`. */
export async function findExistingTargets(sql: Sql, targets: { blueprint: string; key: string }[]): Promise<Set<string>> {
  if (targets.length === 0) return new Set();
  const rows = await sql.query<{ blueprint: string; key: string }>(
    `select e.blueprint, e.identifier_key as key from entities e
     join jsonb_to_recordset($1::jsonb) as t(blueprint text, key text) on e.blueprint = t.blueprint and e.identifier_key = t.key`,
    [json(targets)],
  );
  return new Set(rows.map((r) => `${r.blueprint}\u0000${r.key}`));
}

export interface EntityWrite {
  blueprint: string;
  identifier: string;
  title: string;
  icon: string | null;
  team: string[];
  properties: Record<string, unknown>;
  relations: Record<string, RelationValue>;
  edges: RelationEdge[];
  searchText: string;
  searchName: string;
}

/**
 * Inserts or updates a batch in one statement (rows ride in a single JSON parameter, which both
 * engines handle alike), then replaces the batch's relation edges.
 * @returns the written rows keyed by `blueprint\u0000lowercase identifier`.
 */
export async function upsertEntityRows(sql: Sql, writes: EntityWrite[], actor: string): Promise<Map<string, EntityRow>> {
  const written = new Map<string, EntityRow>();
  if (writes.length === 0) return written;
  const rows = await sql.query<EntityRow>(
    `insert into entities as e (blueprint, identifier, title, icon, team, properties, relations, search_text, search_name, created_by, updated_by)
     select w.blueprint, w.identifier, w.title, w.icon, array(select jsonb_array_elements_text(w.team)), w.properties, w.relations, w.search_text, w.search_name, $2, $2
     from jsonb_to_recordset($1::jsonb) as w(blueprint text, identifier text, title text, icon text, team jsonb, properties jsonb, relations jsonb, search_text text, search_name text)
     on conflict (blueprint, identifier_key) do update set
       identifier = excluded.identifier, title = excluded.title, icon = excluded.icon, team = excluded.team,
       properties = excluded.properties, relations = excluded.relations, search_text = excluded.search_text,
       search_name = excluded.search_name, updated_at = now(), updated_by = excluded.updated_by
     returning ${ENTITY_COLUMNS}`,
    [
      json(writes.map((w) => ({
        blueprint: w.blueprint, identifier: w.identifier, title: w.title, icon: w.icon, team: w.team,
        properties: w.properties, relations: w.relations, search_text: w.searchText, search_name: w.searchName,
      }))),
      actor,
    ],
  );
  for (const row of rows) written.set(`${row.blueprint}\u0000${row.identifier.toLowerCase()}`, row);
  const ids = rows.map((r) => r.id);
  await sql.query(
    `insert into search_words (word)
     select distinct u.lexeme from entities e, unnest(e.search_vector) u
     where e.id = any($1::bigint[]) and length(u.lexeme) between 3 and 40 and u.lexeme ~ '^[[:alpha:]]+$'
     on conflict do nothing`,
    [ids],
  );
  await sql.query('delete from entity_relations where source_id = any($1::bigint[])', [ids]);
  const edges: { source_id: string; source_blueprint: string; source_key: string; relation: string; target_blueprint: string; target_key: string }[] = [];
  for (const write of writes) {
    const row = written.get(`${write.blueprint}\u0000${write.identifier.toLowerCase()}`);
    if (!row) continue;
    for (const edge of write.edges) {
      edges.push({ source_id: row.id, source_blueprint: row.blueprint, source_key: row.identifier.toLowerCase(), relation: edge.relation, target_blueprint: edge.targetBlueprint, target_key: edge.targetIdentifier.toLowerCase() });
    }
  }
  if (edges.length > 0) {
    await sql.query(
      `insert into entity_relations (source_id, source_blueprint, source_key, relation, target_blueprint, target_key)
       select source_id::bigint, source_blueprint, source_key, relation, target_blueprint, target_key
       from jsonb_to_recordset($1::jsonb) as x(source_id text, source_blueprint text, source_key text, relation text, target_blueprint text, target_key text)
       on conflict do nothing`,
      [json(edges)],
    );
  }
  return written;
}

export async function deleteEntityRow(sql: Sql, id: string): Promise<void> {
  // Scorecard results carry no foreign key (it made full evaluations a third slower): removed here.
  await sql.query('delete from scorecard_results where entity_id = $1::bigint', [id]);
  await sql.query('delete from entities where id = $1::bigint', [id]);
}

/** Entities whose relations point at this one (what a delete would leave dangling). */
export async function findReferrers(sql: Sql, blueprint: string, identifier: string, limit: number): Promise<{ blueprint: string; identifier: string; relation: string }[]> {
  return sql.query(
    `select s.blueprint, s.identifier, r.relation from entity_relations r join entities s on s.id = r.source_id
     where r.target_blueprint = $1 and r.target_key = lower($2) order by s.blueprint, s.identifier limit $3`,
    [blueprint, identifier, limit],
  );
}

export interface EdgeRow {
  direction: 'outgoing' | 'incoming';
  entity_id: string;
  relation: string;
  other_blueprint: string;
  other_identifier: string;
  /** The other entity's owning teams (empty for a target that does not exist). */
  other_team: string[];
  resolved: boolean;
}

/**
 * Edges of several entities in both directions. Outgoing edges name their target as stored
 * (resolved tells whether it exists); incoming edges name their source entity.
 */
export async function findEdges(sql: Sql, ids: string[]): Promise<EdgeRow[]> {
  if (ids.length === 0) return [];
  // An id array (not a JSON set) lets the planner use the indexes instead of hashing whole tables.
  return sql.query<EdgeRow>(
    `select 'outgoing' as direction, r.source_id::text as entity_id, r.relation, r.target_blueprint as other_blueprint,
            coalesce(t.identifier, r.target_key) as other_identifier, coalesce(t.team, '{}') as other_team, t.id is not null as resolved
       from entity_relations r
       left join entities t on t.blueprint = r.target_blueprint and t.identifier_key = r.target_key
      where r.source_id = any($1::bigint[])
     union all
     select 'incoming', me.id::text, r.relation, s.blueprint, s.identifier, s.team, true
       from entities me join entity_relations r on r.target_blueprint = me.blueprint and r.target_key = me.identifier_key
       join entities s on s.id = r.source_id
      where me.id = any($1::bigint[])`,
    [ids],
  );
}

/** An entity row with its edges: `[relation, blueprint, lowercase identifier]` out of it and into it. */
export interface EntityWithEdgesRow extends EntityRow {
  outgoing: [string, string, string][] | null;
  incoming: [string, string, string][] | null;
}

export interface EntityPageSql {
  /** FROM clause over alias `e` (joins allowed); default `entities e`. */
  from?: string;
  where: string;
  /** ORDER BY over alias `e`; repeated on the outer query to keep the order. */
  orderBy?: string;
  limit?: number;
  offset?: number;
  /** Conditions on edges (alias `r`) keeping only those whose other end the caller may read. */
  edges?: { outgoing: string; incoming: string };
}

/**
 * A page of entities and all their edges in one statement: the page is chosen first, then each
 * row's edges come from index lookups, so the cost follows the page size, not the catalog's.
 */
export async function findEntitiesWithEdges(sql: Sql, page: EntityPageSql, params: unknown[], options: { prepare?: string } = {}): Promise<EntityWithEdgesRow[]> {
  const orderBy = page.orderBy ? `order by ${page.orderBy}` : '';
  return sql.query<EntityWithEdgesRow>(
    `with page as (
       select e.id, e.uid, e.blueprint, e.identifier, e.identifier_key, e.title, e.icon, e.team, e.properties, e.relations,
              e.created_at, e.updated_at, e.created_by, e.updated_by
       from ${page.from ?? 'entities e'} where ${page.where} ${orderBy}
       ${page.limit !== undefined ? `limit ${Math.trunc(page.limit)}` : ''} ${page.offset ? `offset ${Math.trunc(page.offset)}` : ''})
     select ${ENTITY_COLUMNS},
       (select json_agg(json_build_array(r.relation, r.target_blueprint, r.target_key))
          from entity_relations r where r.source_id = e.id ${page.edges ? `and ${page.edges.outgoing}` : ''}) as outgoing,
       (select json_agg(json_build_array(r.relation, r.source_blueprint, r.source_key))
          from entity_relations r where r.target_blueprint = e.blueprint and r.target_key = e.identifier_key ${page.edges ? `and ${page.edges.incoming}` : ''}) as incoming
     from page e ${orderBy}`,
    params,
    options,
  );
}
