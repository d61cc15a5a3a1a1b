import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { PorticoError, ROLES, type Role } from '@portico/model';
import { DEFAULT_WEB_DIR } from './http/web-ui.ts';

/** Portico's settings, read once at start from the environment and an optional `portico.yaml`. */
export interface Config {
  /** TCP port of the HTTP server (`PORT`, default 7007). */
  port: number;
  /** Address to listen on (`HOST`, default 127.0.0.1: loopback only). */
  host: string;
  /** A PostgreSQL connection string (`DATABASE_URL`); unset means the embedded PGlite database. */
  databaseUrl: string | null;
  /** Where the embedded database and other state live (`PORTICO_DATA_DIR`, default `./.portico`). */
  dataDir: string;
  /** Load the demo catalog into an empty database at first start (`PORTICO_DEMO`, default true). */
  loadDemoData: boolean;
  /** Largest request body in bytes (`PORTICO_BODY_LIMIT`, default 50 MiB, for bulk imports). */
  bodyLimit: number;
  /** Log level (`LOG_LEVEL`, default info; `silent` in tests). */
  logLevel: string;
  /**
   * Hosts the server may fetch catalog files from for `POST /api/v1/import` with a `url`
   * (`PORTICO_IMPORT_ALLOWED_HOSTS`, comma-separated, `*` for any; default none: the server
   * fetches nothing a client names, so it cannot be made to probe the internal network).
   */
  importAllowedHosts: string[];
  /** The built web portal (`PORTICO_WEB_DIR`, default this repository's packages/web/dist). */
  webDir: string;
  /** Requests a minute per token or address (`PORTICO_RATE_LIMIT`, default 1200; 0 turns it off). */
  rateLimitPerMinute: number;
  /** The address people reach Portico at (`PORTICO_PUBLIC_URL`, default http://HOST:PORT); OIDC redirects come back here. */
  publicUrl: string;
  /** OpenID Connect single sign-on; null when not configured. */
  oidc: OidcConfig | null;
  /** How long a sign-in lasts (`PORTICO_SESSION_HOURS`, default 12). */
  sessionHours: number;
  /** Days audit entries are kept (`PORTICO_AUDIT_RETENTION_DAYS`, default 365; 0 keeps them forever). */
  auditRetentionDays: number;
  /** Key that encrypts secrets at rest (`PORTICO_SECRET_KEY`); embedded setups generate one in the data folder. */
  secretKey: string | undefined;
  /** Lease of a claimed job; a worker that dies loses its jobs after this long (`PORTICO_JOB_LEASE_SECONDS`, default 30). */
  jobLeaseSeconds: number;
  /** Where scaffolded repositories are published as bare git repositories (`PORTICO_GIT_ROOT`, default `<data dir>/git`). */
  gitRoot: string;
  /** publish:github creates repositories through GitHub's API with this token (`PORTICO_GITHUB_TOKEN`); none: the portal's own git remote. */
  githubToken: string | undefined;
  githubApiUrl: string;
  /** publish:gitlab likewise (`PORTICO_GITLAB_TOKEN`, `PORTICO_GITLAB_API_URL`). */
  gitlabToken: string | undefined;
  gitlabApiUrl: string;
  /** Folders software templates may be read from (`PORTICO_TEMPLATE_ROOTS`, comma-separated). */
  templateRoots: string[];
  /**
   * Git hosts templates may fetch from by URL (`PORTICO_TEMPLATE_ALLOWED_HOSTS`, comma-separated,
   * `*` for any; default none: templates read only folders under the template roots).
   */
  templateAllowedHosts: string[];
  /** Where a Slack-format message goes when a run waits for approval (`PORTICO_APPROVAL_WEBHOOK_URL`; none: the portal's inbox only). */
  approvalWebhookUrl: string | undefined;
  /** First retry delay when an action's invoker fails operationally; doubles per attempt (`PORTICO_RUN_RETRY_BASE_MS`, default 1000). */
  runRetryBaseMs: number;
  /** How often aggregations over a time window are recomputed (they move with the clock). */
  derivedRefreshSeconds: number;
  /** Role of people with no role assigned (`PORTICO_DEFAULT_ROLE`, default member). */
  defaultRole: Role;
}

export interface OidcConfig {
  /** `PORTICO_OIDC_ISSUER`: the provider's issuer URL (its discovery document is read from it). */
  issuer: string;
  /** `PORTICO_OIDC_CLIENT_ID`, `PORTICO_OIDC_CLIENT_SECRET`. */
  clientId: string;
  clientSecret: string;
  /** `PORTICO_OIDC_SCOPES`, default "openid profile email". */
  scopes: string;
  /** Claims read for the user (`PORTICO_OIDC_EMAIL_CLAIM`, `_NAME_CLAIM`, `_GROUPS_CLAIM`). */
  emailClaim: string;
  nameClaim: string;
  groupsClaim: string;
  /** `PORTICO_ADMIN_EMAILS`: people who are always admins, whatever their stored role. */
  adminEmails: string[];
}

type Env = Record<string, string | undefined>;

/**
 * Builds the configuration: defaults, then `portico.yaml` (if present in the working directory or
 * at `PORTICO_CONFIG`), then environment variables, which win.
 * @throws PorticoError when a value is malformed, naming the variable.
 */
export function loadConfig(env: Env = process.env, overrides: Partial<Config> = {}): Config {
  const file = readConfigFile(env.PORTICO_CONFIG ?? 'portico.yaml');
  const pick = (envName: string, fileName: string): string | undefined => env[envName] ?? (file[fileName] === undefined ? undefined : String(file[fileName]));
  const config: Config = {
    port: parseInteger('PORT', pick('PORT', 'port') ?? '7007', 0, 65535),
    host: pick('HOST', 'host') ?? '127.0.0.1',
    databaseUrl: pick('DATABASE_URL', 'databaseUrl') || null,
    dataDir: resolve(pick('PORTICO_DATA_DIR', 'dataDir') ?? './.portico'),
    loadDemoData: parseBoolean('PORTICO_DEMO', pick('PORTICO_DEMO', 'loadDemoData') ?? 'true'),
    bodyLimit: parseInteger('PORTICO_BODY_LIMIT', pick('PORTICO_BODY_LIMIT', 'bodyLimit') ?? String(50 * 1024 * 1024), 1024, 1024 ** 3),
    logLevel: pick('LOG_LEVEL', 'logLevel') ?? 'info',
    publicUrl: '',
    oidc: null,
    defaultRole: 'member',
    auditRetentionDays: parseInteger('PORTICO_AUDIT_RETENTION_DAYS', pick('PORTICO_AUDIT_RETENTION_DAYS', 'auditRetentionDays') ?? '365', 0, 36500),
    secretKey: pick('PORTICO_SECRET_KEY', 'secretKey'),
    jobLeaseSeconds: parseInteger('PORTICO_JOB_LEASE_SECONDS', pick('PORTICO_JOB_LEASE_SECONDS', 'jobLeaseSeconds') ?? '30', 1, 3600),
    gitRoot: '',
    githubToken: pick('PORTICO_GITHUB_TOKEN', 'githubToken'),
    githubApiUrl: (pick('PORTICO_GITHUB_API_URL', 'githubApiUrl') ?? 'https://api.github.com').replace(/\/+$/, ''),
    gitlabToken: pick('PORTICO_GITLAB_TOKEN', 'gitlabToken'),
    gitlabApiUrl: (pick('PORTICO_GITLAB_API_URL', 'gitlabApiUrl') ?? 'https://gitlab.com/api/v4').replace(/\/+$/, ''),
    templateRoots: (pick('PORTICO_TEMPLATE_ROOTS', 'templateRoots') ?? '').split(',').map((p) => p.trim()).filter(Boolean).map((p) => resolve(p)),
    templateAllowedHosts: hostList(pick('PORTICO_TEMPLATE_ALLOWED_HOSTS', 'templateAllowedHosts')),
    approvalWebhookUrl: pick('PORTICO_APPROVAL_WEBHOOK_URL', 'approvalWebhookUrl'),
    runRetryBaseMs: parseInteger('PORTICO_RUN_RETRY_BASE_MS', pick('PORTICO_RUN_RETRY_BASE_MS', 'runRetryBaseMs') ?? '1000', 1, 600000),
    derivedRefreshSeconds: parseInteger('PORTICO_DERIVED_REFRESH_SECONDS', pick('PORTICO_DERIVED_REFRESH_SECONDS', 'derivedRefreshSeconds') ?? '60', 5, 86400),
    sessionHours: parseInteger('PORTICO_SESSION_HOURS', pick('PORTICO_SESSION_HOURS', 'sessionHours') ?? '12', 1, 24 * 90),
    rateLimitPerMinute: parseInteger('PORTICO_RATE_LIMIT', pick('PORTICO_RATE_LIMIT', 'rateLimit') ?? '1200', 0, 10_000_000),
    webDir: resolve(pick('PORTICO_WEB_DIR', 'webDir') ?? DEFAULT_WEB_DIR),
    importAllowedHosts: hostList(pick('PORTICO_IMPORT_ALLOWED_HOSTS', 'importAllowedHosts')),
  };
  const role = pick('PORTICO_DEFAULT_ROLE', 'defaultRole') ?? pick('PORTICO_OIDC_DEFAULT_ROLE', 'oidcDefaultRole') ?? 'member';
  // The names of the first release's roles still work.
  const legacy: Record<string, Role> = { writer: 'member', reader: 'viewer' };
  const defaultRole = legacy[role] ?? ROLES.find((r) => r === role);
  if (!defaultRole) throw new PorticoError('BAD_REQUEST', `PORTICO_DEFAULT_ROLE must be one of ${ROLES.join(', ')}, not "${role}"`);
  config.defaultRole = defaultRole;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  config.gitRoot = resolve(pick('PORTICO_GIT_ROOT', 'gitRoot') ?? join(config.dataDir, 'git'));
  config.publicUrl = (pick('PORTICO_PUBLIC_URL', 'publicUrl') ?? `http://${host}:${config.port}`).replace(/\/+$/, '');
  const issuer = pick('PORTICO_OIDC_ISSUER', 'oidcIssuer');
  if (issuer) {
    const clientId = pick('PORTICO_OIDC_CLIENT_ID', 'oidcClientId');
    const clientSecret = pick('PORTICO_OIDC_CLIENT_SECRET', 'oidcClientSecret');
    if (!clientId || !clientSecret) throw new PorticoError('BAD_REQUEST', 'PORTICO_OIDC_ISSUER is set, so PORTICO_OIDC_CLIENT_ID and PORTICO_OIDC_CLIENT_SECRET must be too');
    config.oidc = {
      issuer, clientId, clientSecret,
      scopes: pick('PORTICO_OIDC_SCOPES', 'oidcScopes') ?? 'openid profile email',
      emailClaim: pick('PORTICO_OIDC_EMAIL_CLAIM', 'oidcEmailClaim') ?? 'email',
      nameClaim: pick('PORTICO_OIDC_NAME_CLAIM', 'oidcNameClaim') ?? 'name',
      groupsClaim: pick('PORTICO_OIDC_GROUPS_CLAIM', 'oidcGroupsClaim') ?? 'groups',
      adminEmails: (pick('PORTICO_ADMIN_EMAILS', 'adminEmails') ?? '').split(',').map((e) => e.trim().toLowerCase()).filter(Boolean),
    };
  }
  return { ...config, ...overrides };
}

function readConfigFile(path: string): Record<string, unknown> {
  if (!existsSync(path)) return {};
  const parsed: unknown = parseYaml(readFileSync(path, 'utf8'));
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new PorticoError('BAD_REQUEST', `${path} must be a YAML mapping of settings`);
  return parsed as Record<string, unknown>;
}

function parseInteger(name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new PorticoError('BAD_REQUEST', `${name} must be a whole number from ${min} to ${max}, not "${value}"`);
  return n;
}

function parseBoolean(name: string, value: string): boolean {
  if (['true', '1', 'yes'].includes(value.toLowerCase())) return true;
  if (['false', '0', 'no'].includes(value.toLowerCase())) return false;
  throw new PorticoError('BAD_REQUEST', `${name} must be true or false, not "${value}"`);
}

/** True when the address is only reachable from this machine. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

/** A comma-separated list of hosts, lowercased. */
function hostList(value: string | undefined): string[] {
  return (value ?? '').split(',').map((h) => h.trim().toLowerCase()).filter(Boolean);
}
