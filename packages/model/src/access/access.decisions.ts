import type { AccessProfile, BlueprintPermissions, EntityAction, PermissionRule } from './access.types.ts';
import { defaultBlueprintPermissions } from './access.types.ts';

/** How far an action reaches in a blueprint: every entity, the ones the caller's teams own, or none. */
export type Reach = 'all' | 'owned' | 'none';

export interface ReachDecision {
  reach: Reach;
  /** Why, in words a platform engineer checking a permission reads. */
  reason: string;
}

/** Fills unset actions and fields with the defaults, so stored permissions are always complete. */
export function completePermissions(input: { entities?: Partial<Record<EntityAction, Partial<PermissionRule>>> } | null | undefined): BlueprintPermissions {
  const defaults = defaultBlueprintPermissions();
  const entities = { ...defaults.entities };
  for (const action of Object.keys(entities) as EntityAction[]) {
    const given = input?.entities?.[action];
    if (given) entities[action] = { ...defaults.entities[action], ...given };
  }
  return { entities };
}

const lower = (values: readonly string[]) => new Set(values.map((v) => v.toLowerCase()));

/**
 * How far `action` reaches for `profile` in a blueprint with these permissions. Admins and the
 * blueprint's moderators reach everything; viewers never write, whatever a rule lists.
 */
export function decideReach(profile: AccessProfile, blueprint: string, permissions: BlueprintPermissions, action: EntityAction): ReachDecision {
  if (profile.role === 'admin') return { reach: 'all', reason: 'admins may do everything' };
  if (profile.role === 'moderator' && lower(profile.moderates).has(blueprint.toLowerCase())) return { reach: 'all', reason: `moderators of ${blueprint} may do everything with its entities` };
  if (action !== 'read' && profile.role === 'viewer') return { reach: 'none', reason: 'viewers only read' };
  const rule = permissions.entities[action];
  if (rule.roles.includes(profile.role)) return { reach: 'all', reason: `the ${action} permission of ${blueprint} lists the role ${profile.role}` };
  if (profile.user && lower(rule.users).has(profile.user.toLowerCase())) return { reach: 'all', reason: `the ${action} permission of ${blueprint} lists the user ${profile.user}` };
  const teams = lower(rule.teams);
  const team = profile.teams.find((t) => teams.has(t.toLowerCase()));
  if (team) return { reach: 'all', reason: `the ${action} permission of ${blueprint} lists the team ${team}` };
  if (rule.ownedByTeam) {
    return profile.teams.length > 0
      ? { reach: 'owned', reason: `the ${action} permission of ${blueprint} allows entities owned by your teams` }
      : { reach: 'none', reason: `the ${action} permission of ${blueprint} allows entities owned by your teams, and you are in no team` };
  }
  return { reach: 'none', reason: `the ${action} permission of ${blueprint} does not list your role, user or teams` };
}

/** Whether an entity owned by `owners` is one of the caller's teams'. */
export function ownsAny(profile: AccessProfile, owners: readonly string[]): boolean {
  const mine = lower(profile.teams);
  return owners.some((owner) => mine.has(owner.toLowerCase()));
}

export interface EntityDecision {
  allowed: boolean;
  reason: string;
}

/**
 * May `profile` do `action` on one entity? `owners` are the entity's teams; for an update both
 * the teams before and after must be the caller's when only owned entities are reachable, so no
 * one hands an entity to, or takes it from, another team.
 */
export function decideEntity(profile: AccessProfile, blueprint: string, permissions: BlueprintPermissions, action: EntityAction, owners: { before?: readonly string[]; after?: readonly string[] }): EntityDecision {
  const { reach, reason } = decideReach(profile, blueprint, permissions, action);
  if (reach === 'all') return { allowed: true, reason };
  if (reach === 'none') return { allowed: false, reason };
  const sides = [owners.before, owners.after].filter((s): s is readonly string[] => s !== undefined);
  const foreign = sides.find((side) => !ownsAny(profile, side));
  if (!foreign) return { allowed: true, reason };
  return {
    allowed: false,
    reason: foreign.length === 0
      ? `${reason}, and this entity has no owning team`
      : `${reason}, and this entity is owned by ${foreign.join(', ')}`,
  };
}
