import {
  type AccessProfile, type BlueprintPermissions, type EntityAction, type EntityDecision, PorticoError, type Reach, type Role,
  ENTITY_ACTIONS, completePermissions, decideEntity, decideReach,
} from '@portico/model';
import type { Database } from '../db/database.ts';
import { type BlueprintRegistry, type CatalogCache, Visibility } from '../catalog/index.ts';
import { insertAuditEntries } from '../audit/index.ts';
import { type Actor, isAdmin } from '../auth/access.ts';
import * as roles from './role.repo.ts';
import * as permissionRows from './permission.repo.ts';
import { findDirectTeams, findTeamIdentifiers, findTeamLinks } from './team-membership.repo.ts';
import { EntityGuard } from './entity-guard.ts';

export interface AccessServiceDeps {
  db: Database;
  registry: BlueprintRegistry;
  /** Cleared on every catalog write: profiles (teams) and permissions are cached in it. */
  cache: CatalogCache;
  /** Role of people with no role assigned. */
  defaultRole: Role;
}

/** What a person may do per blueprint, and, for one entity, each action's decision. */
export interface AccessReport {
  user: string;
  role: Role;
  moderates: string[];
  teams: string[];
  blueprints: { blueprint: string; reach: Record<EntityAction, Reach> }[];
  entity?: { blueprint: string; identifier: string; team: string[]; decisions: Record<EntityAction, EntityDecision> };
}

/**
 * Roles, team membership and blueprint permissions: who the caller is in terms of access, what
 * they may read (a Visibility every read path applies) and write (an EntityGuard every write
 * path asks). Permissions and roles are rows; changing them is audited.
 */
export class AccessService {
  constructor(private readonly deps: AccessServiceDeps) {}

  /** A person's role, moderated blueprints and teams (with every team below them). */
  async profileOfUser(user: string): Promise<AccessProfile> {
    return this.deps.cache.remember(`access-profile\u0000${user.toLowerCase()}`, async () => {
      const [assignment, direct, tree] = await Promise.all([roles.findRoleAssignment(this.deps.db, user), findDirectTeams(this.deps.db, user), this.teamTree()]);
      const keys = new Set<string>();
      const visit = (team: string) => {
        if (keys.has(team)) return;
        keys.add(team);
        for (const child of tree.children.get(team) ?? []) visit(child);
      };
      direct.forEach(visit);
      const role = assignment?.role ?? this.deps.defaultRole;
      return {
        role, user, moderates: role === 'moderator' ? assignment?.moderates ?? [] : [],
        teams: [...keys].map((k) => tree.identifiers.get(k) ?? k).sort(),
      };
    });
  }

  private async teamTree(): Promise<{ children: Map<string, string[]>; identifiers: Map<string, string> }> {
    return this.deps.cache.remember('team-tree', async () => {
      const [links, identifiers] = await Promise.all([findTeamLinks(this.deps.db), findTeamIdentifiers(this.deps.db)]);
      const children = new Map<string, string[]>();
      for (const { parent, child } of links) children.set(parent, [...(children.get(parent) ?? []), child]);
      return { children, identifiers };
    });
  }

  get defaultRole(): Role {
    return this.deps.defaultRole;
  }

  /** A blueprint's permissions for the API: configured or default; 404 for a blueprint that does not exist. */
  async permissionsFor(blueprint: string): Promise<BlueprintPermissions> {
    if (!(await this.deps.registry.get(blueprint))) throw new PorticoError('NOT_FOUND', `Blueprint "${blueprint}" does not exist`);
    return this.permissionsOf(blueprint);
  }

  /** Every blueprint's permissions, configured or default. */
  async permissionsOf(blueprint: string): Promise<BlueprintPermissions> {
    return (await this.storedPermissions()).get(blueprint) ?? completePermissions(null);
  }

  private async storedPermissions(): Promise<Map<string, BlueprintPermissions>> {
    return this.deps.cache.remember('blueprint-permissions', async () =>
      new Map((await permissionRows.listBlueprintPermissions(this.deps.db)).map((row) => [row.blueprint, completePermissions(row.permissions)])));
  }

  /** What the caller may read; unrestricted for admins and when every blueprint is readable to them. */
  async visibility(actor: Actor | null): Promise<Visibility> {
    if (!actor || actor.role === 'admin') return Visibility.ALL;
    const hidden: string[] = [];
    const ownedOnly: string[] = [];
    for (const blueprint of (await this.deps.registry.all()).keys()) {
      const { reach } = decideReach(actor, blueprint, await this.permissionsOf(blueprint), 'read');
      if (reach === 'none') hidden.push(blueprint);
      if (reach === 'owned') ownedOnly.push(blueprint);
    }
    return hidden.length === 0 && ownedOnly.length === 0 ? Visibility.ALL : new Visibility(hidden, ownedOnly, actor.teams);
  }

  /** The write check for the caller's entity writes; `undefined` (no checks) for admins. */
  async guard(actor: Actor | null): Promise<EntityGuard | undefined> {
    if (!actor || actor.role === 'admin') return undefined;
    const stored = await this.storedPermissions();
    return new EntityGuard(actor, (blueprint) => stored.get(blueprint) ?? completePermissions(null), await this.visibility(actor));
  }

  /** May the caller change this blueprint's schema and permissions? */
  assertModerates(actor: Actor | null, blueprint: string): void {
    if (isAdmin(actor)) return;
    if (actor?.role === 'moderator' && actor.moderates.some((b) => b.toLowerCase() === blueprint.toLowerCase())) return;
    throw new PorticoError('FORBIDDEN', `Only admins and moderators of "${blueprint}" may change it`);
  }

  async setPermissions(blueprint: string, input: Parameters<typeof completePermissions>[0], actor: Actor): Promise<BlueprintPermissions> {
    if (!(await this.deps.registry.get(blueprint))) throw new PorticoError('NOT_FOUND', `Blueprint "${blueprint}" does not exist`);
    this.assertModerates(actor, blueprint);
    const before = await this.permissionsOf(blueprint);
    const after = completePermissions(input);
    try {
      await this.deps.db.transaction(async (tx) => {
        await permissionRows.upsertBlueprintPermissions(tx, blueprint, after, actor.id);
        await insertAuditEntries(tx, [{ actor: actor.id, action: 'update', resourceType: 'permission', blueprint, identifier: blueprint, before, after, diff: null }]);
        await tx.query(`select pg_notify('portico_catalog', '')`);
      });
    } finally {
      this.deps.cache.changed();
    }
    return after;
  }

  async listRoles(): Promise<roles.RoleAssignment[]> {
    return roles.listRoleAssignments(this.deps.db);
  }

  /** Gives a person a role; only an admin may, and the moderated blueprints must exist. */
  async setRole(user: string, input: { role: Role; moderates?: string[] }, actor: Actor): Promise<roles.RoleAssignment> {
    const blueprints = await this.deps.registry.all();
    const moderates = input.role === 'moderator' ? input.moderates ?? [] : [];
    const unknown = moderates.findIndex((b) => !blueprints.has(b));
    if (unknown >= 0) throw new PorticoError('VALIDATION_FAILED', `Blueprint "${moderates[unknown]}" does not exist`, [{ path: `/moderates/${unknown}`, message: 'names no blueprint' }]);
    if (input.role !== 'moderator' && (input.moderates?.length ?? 0) > 0) {
      throw new PorticoError('VALIDATION_FAILED', 'Only moderators moderate blueprints', [{ path: '/moderates', message: 'must be empty unless role is moderator' }]);
    }
    const exists = await this.deps.db.query(`select 1 from entities where blueprint = 'user' and identifier_key = lower($1)`, [user]);
    if (exists.length === 0) throw new PorticoError('NOT_FOUND', `No user "${user}" (people are entities of the user blueprint)`);
    const before = await roles.findRoleAssignment(this.deps.db, user);
    try {
      return await this.deps.db.transaction(async (tx) => {
        const after = await roles.upsertRoleAssignment(tx, { user, role: input.role, moderates, updatedBy: actor.id });
        await insertAuditEntries(tx, [{ actor: actor.id, action: before ? 'update' : 'create', resourceType: 'role', blueprint: 'user', identifier: user, before, after, diff: null }]);
        await tx.query(`select pg_notify('portico_catalog', '')`);
        return after;
      });
    } finally {
      this.deps.cache.changed();
    }
  }

  /** Makes a person admin (the configured admin e-mails, at sign-in), unless they are already. */
  async ensureAdmin(user: string): Promise<void> {
    const current = await roles.findRoleAssignment(this.deps.db, user);
    if (current?.role === 'admin') return;
    await this.setRole(user, { role: 'admin' }, { id: 'system:admin-emails', role: 'admin', scope: 'admin', user: null, teams: [], moderates: [] });
  }

  /** The caller's decisions on one entity they can read (the UI shows or hides Edit and Delete by it). */
  async decisionsOn(actor: Actor, blueprint: string, identifier: string): Promise<Record<EntityAction, EntityDecision>> {
    const [row] = await this.deps.db.query<{ team: string[] }>('select team from entities where blueprint = $1 and identifier_key = lower($2)', [blueprint, identifier]);
    if (!row || !(await this.visibility(actor)).allows(blueprint, row.team)) throw new PorticoError('NOT_FOUND', `Entity "${identifier}" of blueprint "${blueprint}" does not exist`);
    const permissions = await this.permissionsOf(blueprint);
    const capped = (action: EntityAction): EntityDecision => {
      if (action !== 'read' && actor.scope === 'read') return { allowed: false, reason: 'this token may only read' };
      return decideEntity(actor, blueprint, permissions, action, action === 'create' ? { after: row.team } : action === 'update' ? { before: row.team, after: row.team } : { before: row.team });
    };
    return Object.fromEntries(ENTITY_ACTIONS.map((a) => [a, capped(a)])) as Record<EntityAction, EntityDecision>;
  }

  /** "What can this user do?": reach per blueprint and action, and decisions on one entity. */
  async explain(user: string, entity?: { blueprint: string; identifier: string }): Promise<AccessReport> {
    const exists = await this.deps.db.query(`select 1 from entities where blueprint = 'user' and identifier_key = lower($1)`, [user]);
    if (exists.length === 0) throw new PorticoError('NOT_FOUND', `No user "${user}"`);
    const profile = await this.profileOfUser(user);
    const blueprints = [...(await this.deps.registry.all()).keys()].sort();
    const report: AccessReport = { user, role: profile.role, moderates: profile.moderates, teams: profile.teams, blueprints: [] };
    for (const blueprint of blueprints) {
      const permissions = await this.permissionsOf(blueprint);
      report.blueprints.push({ blueprint, reach: Object.fromEntries(ENTITY_ACTIONS.map((a) => [a, decideReach(profile, blueprint, permissions, a).reach])) as Record<EntityAction, Reach> });
    }
    if (entity) {
      const [row] = await this.deps.db.query<{ identifier: string; team: string[] }>('select identifier, team from entities where blueprint = $1 and identifier_key = lower($2)', [entity.blueprint, entity.identifier]);
      if (!row) throw new PorticoError('NOT_FOUND', `Entity "${entity.identifier}" of blueprint "${entity.blueprint}" does not exist`, [{ path: '/querystring/entity', message: 'names no entity' }]);
      const permissions = await this.permissionsOf(entity.blueprint);
      const decide = (action: EntityAction) => decideEntity(profile, entity.blueprint, permissions, action, action === 'create' ? { after: row.team } : action === 'update' ? { before: row.team, after: row.team } : { before: row.team });
      report.entity = { blueprint: entity.blueprint, identifier: row.identifier, team: row.team, decisions: Object.fromEntries(ENTITY_ACTIONS.map((a) => [a, decide(a)])) as Record<EntityAction, EntityDecision> };
    }
    return report;
  }
}
