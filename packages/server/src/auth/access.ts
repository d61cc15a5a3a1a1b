/** What a route needs from the caller. `public` routes (health, docs) need nothing. */
export type Access = 'public' | 'read' | 'write' | 'admin';

/** Roles of this release: tokens and the local guest carry one. */
export type Role = 'admin' | 'writer' | 'reader';

/** What a token may do; a token's role is its highest scope. */
export type Scope = 'read' | 'write' | 'admin';

export const SCOPES: readonly Scope[] = ['read', 'write', 'admin'];

/** The role a set of scopes amounts to. */
export function roleOfScopes(scopes: readonly Scope[]): Role {
  return scopes.includes('admin') ? 'admin' : scopes.includes('write') ? 'writer' : 'reader';
}

/** The scopes a role may hand on to a token it creates. */
export function scopesOfRole(role: Role): Scope[] {
  return role === 'admin' ? ['read', 'write', 'admin'] : role === 'writer' ? ['read', 'write'] : ['read'];
}

export interface Actor {
  /** Stable id written to the audit log: `token:<name>`, `guest`, or a personal token's owner. */
  id: string;
  role: Role;
  /** The API token that authenticated the request, if one did. */
  tokenId?: string;
  /** The browser session that authenticated the request, if one did (its writes need the CSRF token). */
  session?: { id: string; csrfHash: string; name: string | null; email: string | null };
}

const GRANTS: Record<Role, readonly Access[]> = {
  admin: ['public', 'read', 'write', 'admin'],
  writer: ['public', 'read', 'write'],
  reader: ['public', 'read'],
};

export function roleAllows(role: Role, access: Access): boolean {
  return GRANTS[role].includes(access);
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
