import type { Role } from '@portico/model';
import type { Sql } from '../db/database.ts';
import { toIso } from '../db/rows.ts';

export interface RoleAssignment {
  user: string;
  role: Role;
  moderates: string[];
  updatedAt: string;
  updatedBy: string;
}

interface Row { user_key: string; role: Role; moderates: string[]; updated_at: Date; updated_by: string }

const toAssignment = (row: Row): RoleAssignment => ({ user: row.user_key, role: row.role, moderates: row.moderates, updatedAt: toIso(row.updated_at), updatedBy: row.updated_by });

export async function findRoleAssignment(sql: Sql, user: string): Promise<RoleAssignment | null> {
  const rows = await sql.query<Row>('select user_key, role, moderates, updated_at, updated_by from role_assignments where user_key = lower($1)', [user], { prepare: 'role_by_user' });
  return rows[0] ? toAssignment(rows[0]) : null;
}

export async function listRoleAssignments(sql: Sql): Promise<RoleAssignment[]> {
  return (await sql.query<Row>('select user_key, role, moderates, updated_at, updated_by from role_assignments order by user_key')).map(toAssignment);
}

export async function upsertRoleAssignment(sql: Sql, assignment: { user: string; role: Role; moderates: string[]; updatedBy: string }): Promise<RoleAssignment> {
  const rows = await sql.query<Row>(
    `insert into role_assignments (user_key, role, moderates, updated_by)
     values (lower($1), $2, array(select jsonb_array_elements_text($3::jsonb)), $4)
     on conflict (user_key) do update set role = excluded.role, moderates = excluded.moderates, updated_at = now(), updated_by = excluded.updated_by
     returning user_key, role, moderates, updated_at, updated_by`,
    [assignment.user, assignment.role, JSON.stringify(assignment.moderates), assignment.updatedBy],
  );
  const row = rows[0];
  if (!row) throw new Error('upsert returned no row');
  return toAssignment(row);
}
