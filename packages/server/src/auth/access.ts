/** What a route needs from the caller. `public` routes (health, docs) need nothing. */
export type Access = 'public' | 'read' | 'write' | 'admin';

/** Roles of this release: tokens and the local guest carry one. */
export type Role = 'admin' | 'writer' | 'reader';

export interface Actor {
  /** Stable id written to the audit log: `token:<name>`, `guest`. */
  id: string;
  role: Role;
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
