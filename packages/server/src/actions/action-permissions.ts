import type { Action, ActionApproval } from '@portico/model';
import type { Actor } from '../auth/access.ts';
import type { RunApproval as Approval } from '@portico/model';

const lower = (list: readonly string[]) => new Set(list.map((x) => x.toLowerCase()));
const intersects = (a: readonly string[], b: readonly string[]) => { const set = lower(a); return b.some((x) => set.has(x.toLowerCase())); };

/** Whether the actor sees the action at all (hub, entity pages, its form). */
export function mayView(actor: Actor, action: Action): boolean {
  const rule = action.visibleTo;
  if (!rule || actor.role === 'admin') return true;
  if (actor.role === 'moderator' && action.blueprint !== null && lower(actor.moderates).has(action.blueprint.toLowerCase())) return true;
  return rule.roles.includes(actor.role) || Boolean(actor.user && lower(rule.users).has(actor.user.toLowerCase())) || intersects(rule.teams, actor.teams);
}

/** Whether the actor may run the action (on an entity owned by `owners`): admins always, viewers never. */
export function mayExecute(actor: Actor, action: Action, owners: readonly string[] | null): { allowed: boolean; reason: string } {
  if (actor.role === 'admin') return { allowed: true, reason: 'admins may run every action' };
  if (actor.role === 'viewer') return { allowed: false, reason: 'viewers do not run actions' };
  if (actor.scope === 'read') return { allowed: false, reason: 'this token\'s scope (read) does not run actions' };
  const rule = action.execute;
  const moderator = actor.role === 'moderator' && action.blueprint !== null && lower(actor.moderates).has(action.blueprint.toLowerCase());
  if (moderator) return { allowed: true, reason: `moderators of ${action.blueprint} may run its actions` };
  if (rule.roles.includes(actor.role)) return { allowed: true, reason: `the ${actor.role} role may run it` };
  if (actor.user && lower(rule.users).has(actor.user.toLowerCase())) return { allowed: true, reason: 'named as a user who may run it' };
  if (intersects(rule.teams, actor.teams)) return { allowed: true, reason: 'in a team that may run it' };
  if (rule.ownedByTeam && owners && intersects(owners, actor.teams)) return { allowed: true, reason: 'the entity is owned by your team' };
  return { allowed: false, reason: `your role (${actor.role}) and teams are not among those who may run "${action.title}"` };
}

/** Whether the actor may decide on a run needing `approval` (never their own). */
export function mayApprove(actor: Actor, approval: ActionApproval, action: Action, requestedBy: string): { allowed: boolean; reason: string } {
  if (actor.id === requestedBy || (actor.user && `user:${actor.user}` === requestedBy)) return { allowed: false, reason: 'the requester cannot approve their own run' };
  if (actor.user && lower(approval.users).has(actor.user.toLowerCase())) return { allowed: true, reason: 'named as an approver' };
  if (intersects(approval.teams, actor.teams)) return { allowed: true, reason: 'in an approving team' };
  const moderatesIt = actor.role === 'moderator' && (action.blueprint === null || lower(actor.moderates).has(action.blueprint.toLowerCase()));
  if (approval.roles.includes(actor.role) && (actor.role !== 'moderator' || moderatesIt)) return { allowed: true, reason: `the ${actor.role} role approves` };
  return { allowed: false, reason: 'you are not among this action\'s approvers' };
}

/**
 * Whether the approvals given settle the run: ANY — one approval; ALL — every named user, and one
 * approver from each named team and role. Any decline settles it as declined.
 */
export function approvalOutcome(approval: ActionApproval, approvals: Approval[]): 'APPROVED' | 'DECLINED' | 'PENDING' {
  if (approvals.some((a) => a.decision === 'DECLINE')) return 'DECLINED';
  const approved = approvals.filter((a) => a.decision === 'APPROVE');
  if (approval.type === 'ANY') return approved.length > 0 ? 'APPROVED' : 'PENDING';
  const users = approval.users.every((u) => approved.some((a) => a.user.toLowerCase() === u.toLowerCase()));
  const teams = approval.teams.every((t) => approved.some((a) => a.teams.some((x) => x.toLowerCase() === t.toLowerCase())));
  const roles = approval.roles.every((r) => approved.some((a) => a.role === r));
  return users && teams && roles && approved.length > 0 ? 'APPROVED' : 'PENDING';
}
