import type { Database } from '../db/database.ts';
import type { EntityService } from '../catalog/index.ts';

/**
 * People who sign in are entities of the built-in `user` blueprint: matched by e-mail (a
 * Backstage user's `profile.email` counts), created on first sign-in, and made members of the
 * teams their groups claim names, when those teams exist.
 */
export class UserProvisioning {
  constructor(private readonly deps: { db: Database; entities: EntityService }) {}

  async signedIn(person: { email: string; name: string; groups: string[] | null }): Promise<{ identifier: string; created: boolean }> {
    const [match] = await this.deps.db.query<{ identifier: string; member_of: unknown }>(
      `select identifier, relations -> 'memberOf' as member_of from entities
       where blueprint = 'user' and (lower(properties ->> 'email') = $1 or lower(properties -> 'profile' ->> 'email') = $1)
       order by id limit 1`,
      [person.email],
    );
    const teams = person.groups ? await this.existingTeams(person.groups) : null;
    const actor = 'system:sign-in';
    if (match) {
      if (teams) {
        const current = Array.isArray(match.member_of) ? match.member_of.map(String) : [];
        const merged = [...new Set([...current, ...teams])];
        if (merged.length !== current.length) {
          await this.deps.entities.writeOne('user', { identifier: match.identifier, relations: { memberOf: merged } }, { mode: 'merge', actor, createMissingRelated: false });
        }
      }
      return { identifier: match.identifier, created: false };
    }
    const identifier = await this.freeIdentifier(person.email);
    await this.deps.entities.writeOne('user', {
      identifier, title: person.name, properties: { email: person.email, profile: { email: person.email, displayName: person.name } },
      relations: { memberOf: teams ?? [] },
    }, { mode: 'create', actor, createMissingRelated: false });
    return { identifier, created: true };
  }

  private async existingTeams(groups: string[]): Promise<string[]> {
    if (groups.length === 0) return [];
    const rows = await this.deps.db.query<{ identifier: string }>(
      `select identifier from entities where blueprint = 'team' and identifier_key = any($1::text[])`, [groups.map((g) => g.toLowerCase())]);
    return rows.map((r) => r.identifier);
  }

  /** An identifier from the e-mail's local part, with a number added if it is taken. */
  private async freeIdentifier(email: string): Promise<string> {
    const base = (email.split('@')[0] ?? 'user').toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+/, '').slice(0, 60) || 'user';
    for (let n = 0; n < 1000; n++) {
      const candidate = n === 0 ? base : `${base}-${n + 1}`;
      const taken = await this.deps.db.query(`select 1 from entities where blueprint = 'user' and identifier_key = $1`, [candidate]);
      if (taken.length === 0) return candidate;
    }
    return `${base}-${Date.now()}`;
  }
}
