import { createHash, randomBytes } from 'node:crypto';
import { PorticoError } from '@portico/model';
import type { Database } from '../db/database.ts';
import { insertAuditEntries } from '../audit/index.ts';
import type { AccessProfile } from '@portico/model';
import { type Actor, type Scope, SCOPES, grantableScopes, highestScope, isAdmin, systemActor } from './access.ts';
import * as tokens from './token.repo.ts';
import * as sessions from './session.repo.ts';

const TOKEN_PREFIX = 'ptc_';

/** Tokens are stored as SHA-256 hashes: high-entropy secrets need no slow hash, and the raw value never rests on disk. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface AuthServiceDeps {
  db: Database;
  /** The local guest admin: only while the server listens on loopback. */
  guestEnabled: boolean;
  /** A person's role and teams, read on each request so changes apply at once. */
  profiles: { profileOfUser(user: string): Promise<AccessProfile> };
}

/** Why a presented credential was refused; the hook turns each into a 401 saying so. */
export type Refusal = { refused: 'invalid' | 'expired' | 'revoked' | 'session' };

/** The cookies of a signed-in browser. */
export const SESSION_COOKIE = 'portico_session';
export const CSRF_COOKIE = 'portico_csrf';

export interface CreateTokenRequest {
  name: string;
  kind: 'personal' | 'service';
  scopes: Scope[];
  /** ISO date-time; absent = never expires. */
  expiresAt?: string | null;
}

/** Resolves who is calling from the request's credentials, and manages API tokens. */
export class AuthService {
  private readonly lastTouched = new Map<string, number>();

  constructor(private readonly deps: AuthServiceDeps) {}

  get guestEnabled(): boolean {
    return this.deps.guestEnabled;
  }

  /**
   * A bearer token wins over a session cookie; with neither, the local guest (when enabled).
   * @returns the actor, `null` when no credentials were given, or why the credentials were refused.
   */
  async authenticate(authorization: string | undefined, sessionSecret?: string): Promise<Actor | null | Refusal> {
    if (!authorization && sessionSecret) return this.fromSession(sessionSecret);
    if (!authorization) return this.deps.guestEnabled ? systemActor('guest') : null;
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match?.[1]) return { refused: 'invalid' };
    const token = await tokens.findTokenByHash(this.deps.db, hashToken(match[1]));
    if (!token) return { refused: 'invalid' };
    if (token.revokedAt) return { refused: 'revoked' };
    if (token.expiresAt && Date.parse(token.expiresAt) <= Date.now()) return { refused: 'expired' };
    // Recording every use would add a write to every read; once a minute per token is enough.
    const last = this.lastTouched.get(token.id) ?? 0;
    if (Date.now() - last > 60_000) {
      this.lastTouched.set(token.id, Date.now());
      await tokens.touchToken(this.deps.db, token.id);
    }
    // A personal token acts for its owner (named in the audit log) with the owner's current
    // role and teams, capped by its scopes. A service token is an integration: it may do
    // everything its scopes allow.
    const scope = highestScope(token.scopes);
    const person = token.kind === 'personal' ? userOf(token.owner) : null;
    if (person) return { ...(await this.actorForUser(person)), scope, tokenId: token.id };
    const id = token.kind === 'personal' && token.owner ? token.owner : `token:${token.name}`;
    return { ...systemActor(id), scope, tokenId: token.id };
  }

  /** A person as an actor: their role, moderated blueprints and teams as stored now. */
  async actorForUser(user: string): Promise<Actor> {
    return { id: `user:${user}`, scope: 'admin', ...(await this.deps.profiles.profileOfUser(user)) };
  }

  private async fromSession(secret: string): Promise<Actor | Refusal> {
    const session = await sessions.findSession(this.deps.db, hashToken(secret));
    if (!session || session.revokedAt || Date.parse(session.expiresAt) <= Date.now()) return { refused: 'session' };
    return { ...(await this.actorForUser(session.userIdentifier)), session: { id: session.id, csrfHash: session.csrfHash, name: session.name, email: session.email } };
  }

  /** Ends a session server-side: its cookie is worthless from now on. */
  async signOut(actor: Actor): Promise<void> {
    if (!actor.session) return;
    const sessionId = actor.session.id;
    await this.deps.db.transaction(async (tx) => {
      await sessions.revokeSession(tx, sessionId);
      await insertAuditEntries(tx, [{ actor: actor.id, action: 'delete', resourceType: 'session', blueprint: null, identifier: actor.id.replace(/^user:/, ''), before: null, after: null, diff: null }]);
    });
  }

  /** Creates a service token for internal use (first start, tests) up to `scope`, and returns its only plain-text copy. */
  async createToken(name: string, scope: Scope): Promise<string> {
    const { secret } = await this.issue({ name, kind: 'service', scopes: SCOPES.slice(0, SCOPES.indexOf(scope) + 1) }, null);
    return secret;
  }

  /**
   * Issues a token on behalf of `creator` (null: the system). Scopes never exceed the creator's
   * role; service tokens are an admin's to create.
   */
  async issue(request: CreateTokenRequest, creator: Actor | null): Promise<{ secret: string; token: tokens.TokenInfo }> {
    const scopes = [...new Set(request.scopes)].sort((a, b) => SCOPES.indexOf(a) - SCOPES.indexOf(b));
    if (scopes.length === 0) throw new PorticoError('VALIDATION_FAILED', 'A token needs at least one scope', [{ path: '/scopes', message: 'must not be empty' }]);
    if (creator) {
      const allowed = grantableScopes(creator);
      const beyond = scopes.filter((s) => !allowed.includes(s));
      if (beyond.length) throw new PorticoError('FORBIDDEN', `Your role (${creator.role}) cannot grant ${beyond.join(', ')}`, [{ path: '/scopes', message: `may only contain ${allowed.join(', ')}` }]);
      if (request.kind === 'service' && !isAdmin(creator)) throw new PorticoError('FORBIDDEN', 'Only admins create service tokens; create a personal token instead', [{ path: '/kind', message: 'must be "personal" for your role' }]);
    }
    if (request.expiresAt && Date.parse(request.expiresAt) <= Date.now()) {
      throw new PorticoError('VALIDATION_FAILED', 'The expiry is in the past', [{ path: '/expiresAt', message: 'must be in the future' }]);
    }
    const secret = TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const token = await this.deps.db.transaction(async (tx) => {
      const created = await tokens.insertToken(tx, {
        name: request.name, kind: request.kind, owner: request.kind === 'personal' ? creator?.id ?? null : null, scopes,
        prefix: secret.slice(0, TOKEN_PREFIX.length + 6), hash: hashToken(secret), expiresAt: request.expiresAt ?? null, createdBy: creator?.id ?? 'system',
      });
      await insertAuditEntries(tx, [{ actor: creator?.id ?? 'system', action: 'create', resourceType: 'token', blueprint: null, identifier: created.name, before: null, after: created, diff: null }]);
      return created;
    });
    return { secret, token };
  }

  /** The tokens an actor may see: all for admins, their own personal tokens otherwise. */
  async list(actor: Actor): Promise<tokens.TokenInfo[]> {
    return tokens.listTokens(this.deps.db, isAdmin(actor) ? null : actor.id);
  }

  /** Revokes a token at once; its owner or an admin may. */
  async revoke(id: string, actor: Actor): Promise<tokens.TokenInfo> {
    const token = await tokens.findToken(this.deps.db, id);
    // Another person's token does not exist as far as a non-admin can tell.
    if (!token || (!isAdmin(actor) && token.owner !== actor.id)) throw new PorticoError('NOT_FOUND', `No token ${id}`);
    if (token.revokedAt) return token;
    await this.deps.db.transaction(async (tx) => {
      await tokens.revokeToken(tx, id);
      await insertAuditEntries(tx, [{ actor: actor.id, action: 'delete', resourceType: 'token', blueprint: null, identifier: token.name, before: token, after: null, diff: null }]);
    });
    return (await tokens.findToken(this.deps.db, id)) ?? token;
  }

  /** At first start: creates the admin token, returning it once to print; later starts return null. */
  async ensureAdminToken(): Promise<string | null> {
    if ((await tokens.countActiveTokens(this.deps.db, 'admin')) > 0) return null;
    return this.createToken('admin', 'admin');
  }
}

/** The user entity behind a personal token's owner (`user:<identifier>`), if a person owns it. */
function userOf(owner: string | null): string | null {
  return owner?.startsWith('user:') ? owner.slice('user:'.length) : null;
}
