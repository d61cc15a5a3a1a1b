import type { AccessProfile, Role } from '@portico/model';

/**
 * What a route needs from the caller. `public` routes (health, docs) need nothing; `moderate`
 * routes change a blueprint's schema or permissions (admins, and moderators of that blueprint,
 * which the handler checks).
 */
export type Access = 'public' | 'read' | 'write' | 'moderate' | 'admin';

/** What a credential may do; a token's highest scope caps its owner's role. */
export type Scope = 'read' | 'write' | 'admin';

export const SCOPES: readonly Scope[] = ['read', 'write', 'admin'];

export type { Role };

/** The highest of a set of scopes. */
export function highestScope(scopes: readonly Scope[]): Scope {
  return scopes.includes('admin') ? 'admin' : scopes.includes('write') ? 'write' : 'read';
}

/** The scopes a caller may hand on to a token it creates: never more than its role and its own credential allow. */
export function grantableScopes(actor: Pick<Actor, 'role' | 'scope'>): Scope[] {
  const byRole: Scope = actor.role === 'admin' ? 'admin' : actor.role === 'viewer' ? 'read' : 'write';
  const cap = Math.min(SCOPES.indexOf(byRole), SCOPES.indexOf(actor.scope));
  return SCOPES.slice(0, cap + 1);
}

/** Who is calling: a person (session or personal token), an integration (service token) or the local guest. */
export interface Actor extends AccessProfile {
  /** Stable id written to the audit log: `user:<identifier>`, `token:<name>` or `guest`. */
  id: string;
  /** The credential's cap: sessions and the guest carry `admin` (their role alone limits them). */
  scope: Scope;
  /** The API token that authenticated the request, if one did. */
  tokenId?: string;
  /** The browser session that authenticated the request, if one did (its writes need the CSRF token). */
  session?: { id: string; csrfHash: string; name: string | null; email: string | null };
}

const reaches = (scope: Scope, needed: Scope) => SCOPES.indexOf(scope) >= SCOPES.indexOf(needed);

/**
 * Whether the caller passes a route's access level. Finer checks (which blueprint, which entity)
 * follow in the services.
 */
export function actorMay(actor: Pick<Actor, 'role' | 'scope'>, access: Access): boolean {
  switch (access) {
    case 'public': return true;
    case 'read': return true;
    case 'write': return actor.role !== 'viewer' && reaches(actor.scope, 'write');
    case 'moderate': return (actor.role === 'admin' && reaches(actor.scope, 'admin')) || (actor.role === 'moderator' && reaches(actor.scope, 'write'));
    case 'admin': return actor.role === 'admin' && reaches(actor.scope, 'admin');
  }
}

/** Full administrator rights: an admin whose credential is not capped below admin. */
export function isAdmin(actor: Pick<Actor, 'role' | 'scope'> | null): boolean {
  return actor !== null && actorMay(actor, 'admin');
}

/** An actor for system work (sign-in provisioning, tests): an admin with no person behind it. */
export function systemActor(id: string): Actor {
  return { id, role: 'admin', scope: 'admin', user: null, teams: [], moderates: [] };
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Every route states its access; a route without it cannot be registered. */
    access?: Access;
  }
  interface FastifyRequest {
    actor: Actor | null;
  }
}
