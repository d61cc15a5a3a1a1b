/**
 * Roles of people. An admin may do everything; a moderator edits the schema and every entity of
 * the blueprints they moderate; a member reads and writes what the blueprints' permissions allow
 * (by default: the entities their teams own); a viewer only reads.
 */
export type Role = 'admin' | 'moderator' | 'member' | 'viewer';
export const ROLES: readonly Role[] = ['admin', 'moderator', 'member', 'viewer'];

/** What one may do with the entities of a blueprint. */
export type EntityAction = 'read' | 'create' | 'update' | 'delete';
export const ENTITY_ACTIONS: readonly EntityAction[] = ['read', 'create', 'update', 'delete'];

/**
 * Who may do one action: anyone whose role is listed, who is listed by user identifier, who is
 * in a listed team, or (with `ownedByTeam`) anyone in a team that owns the entity.
 */
export interface PermissionRule {
  roles: Role[];
  users: string[];
  teams: string[];
  ownedByTeam: boolean;
}

/** A blueprint's permissions: one rule per action on its entities. Admins and the blueprint's moderators always pass. */
export interface BlueprintPermissions {
  entities: Record<EntityAction, PermissionRule>;
}

/** Everything a decision needs to know about the caller. */
export interface AccessProfile {
  role: Role;
  /** The `user` entity acting, if a person acts. */
  user: string | null;
  /** Teams the person is in, with every team below them (team identifiers, as stored). */
  teams: string[];
  /** Blueprints this person moderates (moderators only). */
  moderates: string[];
}

const rule = (roles: Role[], ownedByTeam: boolean): PermissionRule => ({ roles, users: [], teams: [], ownedByTeam });

/**
 * Permissions of a blueprint nobody has configured: everyone reads; members create, change and
 * delete what their teams own.
 */
export function defaultBlueprintPermissions(): BlueprintPermissions {
  return {
    entities: {
      read: rule(['admin', 'moderator', 'member', 'viewer'], false),
      create: rule(['admin'], true),
      update: rule(['admin'], true),
      delete: rule(['admin'], true),
    },
  };
}
