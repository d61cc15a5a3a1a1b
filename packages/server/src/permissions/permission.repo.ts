import type { BlueprintPermissions } from '@portico/model';
import type { Sql } from '../db/database.ts';
import { json, toIso } from '../db/rows.ts';

export interface StoredPermissions {
  blueprint: string;
  permissions: BlueprintPermissions;
  updatedAt: string;
  updatedBy: string;
}

interface Row { blueprint: string; permissions: BlueprintPermissions; updated_at: Date; updated_by: string }

export async function listBlueprintPermissions(sql: Sql): Promise<StoredPermissions[]> {
  const rows = await sql.query<Row>('select blueprint, permissions, updated_at, updated_by from blueprint_permissions');
  return rows.map((row) => ({ blueprint: row.blueprint, permissions: row.permissions, updatedAt: toIso(row.updated_at), updatedBy: row.updated_by }));
}

export async function upsertBlueprintPermissions(sql: Sql, blueprint: string, permissions: BlueprintPermissions, updatedBy: string): Promise<void> {
  await sql.query(
    `insert into blueprint_permissions (blueprint, permissions, updated_by) values ($1, $2::jsonb, $3)
     on conflict (blueprint) do update set permissions = excluded.permissions, updated_at = now(), updated_by = excluded.updated_by`,
    [blueprint, json(permissions), updatedBy],
  );
}
