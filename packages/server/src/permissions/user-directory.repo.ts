import type { Role } from '@portico/model';
import type { Sql } from '../db/database.ts';
import { escapeLike } from '../catalog/sql-params.ts';

export interface DirectoryUser {
  identifier: string;
  title: string;
  email: string | null;
  /** The stored role; null when the person has the default role. */
  role: Role | null;
  moderates: string[];
}

/** People (entities of the `user` blueprint) with their stored roles, by name, for the admin page. */
export async function listDirectoryUsers(sql: Sql, options: { q?: string; limit: number; offset: number }): Promise<{ users: DirectoryUser[]; total: number }> {
  const params: unknown[] = [];
  let where = `e.blueprint = 'user'`;
  if (options.q) {
    params.push(`%${escapeLike(options.q.toLowerCase())}%`);
    where += ` and (e.identifier_key like $1 or lower(e.title) like $1 or lower(coalesce(e.properties ->> 'email', e.properties -> 'profile' ->> 'email', '')) like $1)`;
  }
  const rows = await sql.query<{ identifier: string; title: string; email: string | null; role: Role | null; moderates: string[] | null }>(
    `select e.identifier, e.title, coalesce(e.properties ->> 'email', e.properties -> 'profile' ->> 'email') as email, ra.role, ra.moderates
       from entities e left join role_assignments ra on ra.user_key = e.identifier_key
      where ${where} order by e.identifier_key limit ${Math.trunc(options.limit)} offset ${Math.trunc(options.offset)}`,
    params,
  );
  const [count] = await sql.query<{ n: number }>(`select count(*)::int as n from entities e where ${where}`, params);
  return { users: rows.map((r) => ({ ...r, moderates: r.moderates ?? [] })), total: count?.n ?? 0 };
}
