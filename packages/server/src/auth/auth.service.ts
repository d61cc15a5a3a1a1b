import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../db/database.ts';
import type { Actor, Role } from './access.ts';
import * as tokens from './token.repo.ts';

const TOKEN_PREFIX = 'ptc_';

/** Tokens are stored as SHA-256 hashes: high-entropy secrets need no slow hash, and the raw value never rests on disk. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface AuthServiceDeps {
  db: Database;
  /** The local guest admin: only while the server listens on loopback. */
  guestEnabled: boolean;
}

/** Resolves who is calling from the request's credentials. */
export class AuthService {
  private readonly lastTouched = new Map<string, number>();

  constructor(private readonly deps: AuthServiceDeps) {}

  get guestEnabled(): boolean {
    return this.deps.guestEnabled;
  }

  /**
   * @returns the actor, `null` when no credentials were given, or `'invalid'` for a bad token.
   */
  async authenticate(authorization: string | undefined): Promise<Actor | null | 'invalid'> {
    if (!authorization) return this.deps.guestEnabled ? { id: 'guest', role: 'admin' } : null;
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match?.[1]) return 'invalid';
    const hash = hashToken(match[1]);
    const row = await tokens.findTokenByHash(this.deps.db, hash);
    if (!row) return 'invalid';
    // Recording every use would add a write to every read; once a minute per token is enough.
    const last = this.lastTouched.get(row.id) ?? 0;
    if (Date.now() - last > 60_000) {
      this.lastTouched.set(row.id, Date.now());
      await tokens.touchToken(this.deps.db, row.id);
    }
    return { id: `token:${row.name}`, role: row.role };
  }

  /** Creates a token and returns its only plain-text copy. */
  async createToken(name: string, role: Role): Promise<string> {
    const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
    await tokens.insertToken(this.deps.db, name, hashToken(token), role);
    return token;
  }

  /** At first start: creates the admin token, returning it once to print; later starts return null. */
  async ensureAdminToken(): Promise<string | null> {
    if ((await tokens.countTokens(this.deps.db, 'admin')) > 0) return null;
    return this.createToken('admin', 'admin');
  }
}
