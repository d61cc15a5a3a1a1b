import { createHash, randomBytes } from 'node:crypto';
import * as client from 'openid-client';
import { PorticoError, type Role } from '@portico/model';
import type { OidcConfig } from '../config.ts';
import type { Database } from '../db/database.ts';
import { insertAuditEntries } from '../audit/index.ts';
import * as sessions from './session.repo.ts';
import type { UserProvisioning } from './user-provisioning.ts';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export interface OidcServiceDeps {
  /** Roles: read for the session record, raised for the configured admin e-mails. */
  access: { ensureAdmin(user: string): Promise<void>; profileOfUser(user: string): Promise<{ role: Role }> };
  db: Database;
  config: OidcConfig;
  publicUrl: string;
  sessionHours: number;
  users: UserProvisioning;
}

/** A session opened by a completed sign-in: the cookie values to set, and where to go next. */
export interface OpenedSession {
  secret: string;
  csrf: string;
  expiresAt: Date;
  returnTo: string;
}

/**
 * OpenID Connect sign-in: authorization code flow with PKCE (S256), state and nonce, through
 * `openid-client`. Logins in flight live in the database, so any process may complete them.
 */
export class OidcService {
  private configuration: Promise<client.Configuration> | null = null;

  constructor(private readonly deps: OidcServiceDeps) {}

  get redirectUri(): string {
    return `${this.deps.publicUrl}/auth/callback`;
  }

  private discover(): Promise<client.Configuration> {
    const issuer = new URL(this.deps.config.issuer);
    // Plain-http issuers exist only on developer machines and in tests; production ones are https.
    const options = issuer.protocol === 'http:' ? { execute: [client.allowInsecureRequests] } : undefined;
    this.configuration ??= client.discovery(issuer, this.deps.config.clientId, this.deps.config.clientSecret, undefined, options)
      .catch((error: Error) => {
        this.configuration = null;
        throw new PorticoError('UNAVAILABLE', `The identity provider at ${this.deps.config.issuer} cannot be reached: ${error.message}`);
      });
    return this.configuration;
  }

  /** Starts a sign-in: remembers the PKCE verifier, state and nonce, and returns the provider's URL. */
  async beginLogin(returnTo: string): Promise<string> {
    const configuration = await this.discover();
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    await sessions.saveLoginState(this.deps.db, { state, codeVerifier, nonce, returnTo: safeReturnTo(returnTo) });
    return client.buildAuthorizationUrl(configuration, {
      redirect_uri: this.redirectUri,
      scope: this.deps.config.scopes,
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    }).toString();
  }

  /** Completes a sign-in from the provider's redirect: checks it, matches or creates the user, opens a session. */
  async completeLogin(callbackUrl: URL, ip: string): Promise<OpenedSession> {
    const state = callbackUrl.searchParams.get('state');
    const error = callbackUrl.searchParams.get('error');
    if (error) throw new PorticoError('UNAUTHENTICATED', `The identity provider refused the sign-in: ${callbackUrl.searchParams.get('error_description') ?? error}`);
    const login = state ? await sessions.takeLoginState(this.deps.db, state) : null;
    if (!login || !state) throw new PorticoError('UNAUTHENTICATED', 'This sign-in link is unknown, used or expired; start again');
    const configuration = await this.discover();
    let claims: Record<string, unknown>;
    try {
      const tokens = await client.authorizationCodeGrant(configuration, callbackUrl, { pkceCodeVerifier: login.codeVerifier, expectedState: state, expectedNonce: login.nonce });
      claims = { ...(tokens.claims() ?? {}) };
      // Providers differ in what the ID token carries; the userinfo endpoint fills in the rest.
      if (tokens.access_token && configuration.serverMetadata().userinfo_endpoint) {
        const info = await client.fetchUserInfo(configuration, tokens.access_token, String(claims.sub));
        claims = { ...info, ...claims };
      }
    } catch (cause) {
      throw new PorticoError('UNAUTHENTICATED', `The sign-in could not be completed: ${(cause as Error).message}`);
    }
    const { emailClaim, nameClaim, groupsClaim } = this.deps.config;
    const email = typeof claims[emailClaim] === 'string' ? String(claims[emailClaim]).toLowerCase() : null;
    if (!email) throw new PorticoError('UNAUTHENTICATED', `The identity provider sent no "${emailClaim}" claim; Portico matches people by e-mail`);
    const name = typeof claims[nameClaim] === 'string' ? String(claims[nameClaim]) : email;
    const groups = Array.isArray(claims[groupsClaim]) ? (claims[groupsClaim] as unknown[]).map(String) : null;
    const user = await this.deps.users.signedIn({ email, name, groups });
    // The configured admin e-mails are always admins; everyone else keeps the role stored for them.
    if (this.deps.config.adminEmails.includes(email)) await this.deps.access.ensureAdmin(user.identifier);
    const { role } = await this.deps.access.profileOfUser(user.identifier);
    const secret = randomBytes(32).toString('base64url');
    const csrf = randomBytes(24).toString('base64url');
    const expiresAt = new Date(Date.now() + this.deps.sessionHours * 3_600_000);
    await this.deps.db.transaction(async (tx) => {
      await sessions.insertSession(tx, { id: sha256(secret), userIdentifier: user.identifier, name, email, role, csrfHash: sha256(csrf), expiresAt: expiresAt.toISOString() });
      await insertAuditEntries(tx, [{ actor: `user:${user.identifier}`, action: 'create', resourceType: 'session', blueprint: null, identifier: user.identifier, before: null, after: { email, role, via: 'oidc' }, diff: null, ip }]);
    });
    return { secret, csrf, expiresAt, returnTo: login.returnTo };
  }
}

/** Only same-site paths: a sign-in must not bounce the browser to another site. */
export function safeReturnTo(value: string | undefined): string {
  return value && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\') ? value : '/';
}

export { sha256 };
