import type { Sql } from '../db/database.ts';

/** The teams a person is in directly: the user's `memberOf` and teams listing them in `members`. */
export async function findDirectTeams(sql: Sql, user: string): Promise<string[]> {
  const rows = await sql.query<{ team: string }>(
    `select r.target_key as team from entity_relations r join entities u on u.id = r.source_id
      where u.blueprint = 'user' and u.identifier_key = lower($1) and r.relation = 'memberOf' and r.target_blueprint = 'team'
     union
     select r.source_key from entity_relations r
      where r.target_blueprint = 'user' and r.target_key = lower($1) and r.relation = 'members' and r.source_blueprint = 'team'`,
    [user],
  );
  return rows.map((r) => r.team);
}

/** Every parent → child link between teams (from `parent` and `children`), as lowercase keys. */
export async function findTeamLinks(sql: Sql): Promise<{ parent: string; child: string }[]> {
  return sql.query<{ parent: string; child: string }>(
    `select r.target_key as parent, r.source_key as child from entity_relations r
      where r.source_blueprint = 'team' and r.relation = 'parent' and r.target_blueprint = 'team'
     union
     select r.source_key, r.target_key from entity_relations r
      where r.source_blueprint = 'team' and r.relation = 'children' and r.target_blueprint = 'team'`,
  );
}

/** The stored identifiers of teams, by lowercase key. */
export async function findTeamIdentifiers(sql: Sql): Promise<Map<string, string>> {
  const rows = await sql.query<{ identifier: string; identifier_key: string }>(`select identifier, identifier_key from entities where blueprint = 'team'`);
  return new Map(rows.map((r) => [r.identifier_key, r.identifier]));
}
