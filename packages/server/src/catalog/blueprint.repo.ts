import { type Blueprint, type DerivedProperties, type NormalizedBlueprint, derivedOf } from '@portico/model';
import type { Sql } from '../db/database.ts';
import { json, toIso } from '../db/rows.ts';

interface BlueprintRow {
  identifier: string;
  title: string;
  description: string | null;
  icon: string | null;
  schema: Blueprint['schema'];
  relations: Blueprint['relations'];
  derived: Partial<DerivedProperties>;
  version: number;
  created_at: Date;
  updated_at: Date;
  created_by: string | null;
  updated_by: string | null;
}

function toBlueprint(row: BlueprintRow): Blueprint {
  return {
    identifier: row.identifier,
    title: row.title,
    description: row.description,
    icon: row.icon,
    schema: row.schema,
    relations: row.relations,
    ...derivedOf(row.derived),
    version: row.version,
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
    createdBy: row.created_by,
    updatedBy: row.updated_by,
  };
}

export async function listBlueprints(sql: Sql): Promise<Blueprint[]> {
  return (await sql.query<BlueprintRow>('select * from blueprints order by identifier')).map(toBlueprint);
}

export async function findBlueprint(sql: Sql, identifier: string, forUpdate = false): Promise<Blueprint | null> {
  const rows = await sql.query<BlueprintRow>(`select * from blueprints where identifier = $1${forUpdate ? ' for update' : ''}`, [identifier]);
  return rows[0] ? toBlueprint(rows[0]) : null;
}

export async function insertBlueprint(sql: Sql, blueprint: NormalizedBlueprint, actor: string): Promise<Blueprint> {
  const rows = await sql.query<BlueprintRow>(
    `insert into blueprints (identifier, title, description, icon, schema, relations, derived, created_by, updated_by)
     values ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $8::jsonb, $7, $7) returning *`,
    [blueprint.identifier, blueprint.title, blueprint.description, blueprint.icon, json(blueprint.schema), json(blueprint.relations), actor, json(derivedOf(blueprint))],
  );
  return toBlueprint(rows[0] as BlueprintRow);
}

export async function updateBlueprint(sql: Sql, blueprint: NormalizedBlueprint, actor: string): Promise<Blueprint> {
  const rows = await sql.query<BlueprintRow>(
    `update blueprints set title = $2, description = $3, icon = $4, schema = $5::jsonb, relations = $6::jsonb, derived = $8::jsonb,
       version = version + 1, updated_at = now(), updated_by = $7
     where identifier = $1 returning *`,
    [blueprint.identifier, blueprint.title, blueprint.description, blueprint.icon, json(blueprint.schema), json(blueprint.relations), actor, json(derivedOf(blueprint))],
  );
  return toBlueprint(rows[0] as BlueprintRow);
}

export async function deleteBlueprint(sql: Sql, identifier: string): Promise<void> {
  await sql.query('delete from blueprints where identifier = $1', [identifier]);
}

/** How many entities a blueprint holds. */
export async function countEntitiesOf(sql: Sql, blueprint: string): Promise<number> {
  const rows = await sql.query<{ n: number }>('select count(*)::int as n from entities where blueprint = $1', [blueprint]);
  return rows[0]?.n ?? 0;
}

/** Entities with no edge of a relation (making the relation required would reject them). */
export async function findEntitiesWithoutRelation(sql: Sql, blueprint: string, relation: string, limit: number): Promise<{ count: number; sample: string[] }> {
  const rows = await sql.query<{ identifier: string; total: number }>(
    `select e.identifier, (count(*) over ())::int as total from entities e
     where e.blueprint = $1 and not exists (select 1 from entity_relations r where r.source_id = e.id and r.relation = $2)
     order by e.identifier limit $3`,
    [blueprint, relation, limit],
  );
  return { count: rows[0]?.total ?? 0, sample: rows.map((r) => r.identifier) };
}
