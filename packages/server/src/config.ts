import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { PorticoError } from '@portico/model';
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
    rateLimitPerMinute: parseInteger('PORTICO_RATE_LIMIT', pick('PORTICO_RATE_LIMIT', 'rateLimit') ?? '1200', 0, 10_000_000),
    webDir: resolve(pick('PORTICO_WEB_DIR', 'webDir') ?? DEFAULT_WEB_DIR),
    importAllowedHosts: (pick('PORTICO_IMPORT_ALLOWED_HOSTS', 'importAllowedHosts') ?? '').split(',').map((h) => h.trim().toLowerCase()).filter(Boolean),
  };
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
