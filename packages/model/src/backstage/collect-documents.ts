import { parseAllDocuments } from 'yaml';
import { parse as parseYaml } from 'yaml';

/** A Backstage document read from a catalog file, with where it came from. */
export interface CollectedDocument {
  document: unknown;
  location: string;
  /** Position of the document in its file (0-based). */
  index: number;
}

export interface CollectError {
  location: string;
  /** Warnings leave the document in; errors leave it out. */
  severity?: 'error' | 'warning';
  line?: number;
  column?: number;
  message: string;
}

/** Reads the text at a location; the caller decides what a location is (a path, a URL, an upload). */
export type LocationReader = (location: string) => Promise<string>;

/** Resolves a target relative to the file that names it. */
export type LocationResolver = (base: string, target: string) => string;

/**
 * Reads a Backstage catalog file and everything it reaches: multi-document YAML, `Location`
 * targets followed relative to the file, and `$text`, `$json`, `$yaml` placeholders resolved.
 * Each location is read once, so cycles end. YAML errors carry line and column.
 */
export async function collectBackstageDocuments(entry: string, read: LocationReader, resolve: LocationResolver): Promise<{ documents: CollectedDocument[]; errors: CollectError[] }> {
  const documents: CollectedDocument[] = [];
  const errors: CollectError[] = [];
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const location = queue.shift() as string;
    if (seen.has(location)) continue;
    seen.add(location);
    let text: string;
    try {
      text = await read(location);
    } catch (error) {
      errors.push({ location, message: `cannot be read: ${(error as Error).message}` });
      continue;
    }
    const parsed = parseAllDocuments(text, { prettyErrors: true });
    const docs = Array.isArray(parsed) ? parsed : [parsed];
    for (const [index, doc] of docs.entries()) {
      if (doc.errors.length > 0) {
        for (const error of doc.errors) {
          const pos = error.linePos?.[0];
          errors.push({ location, ...(pos ? { line: pos.line, column: pos.col } : {}), message: error.message.split('\n')[0] ?? error.message });
        }
        continue;
      }
      const value: unknown = doc.toJS();
      if (value === null || value === undefined) continue;
      try {
        const resolved = await resolvePlaceholders(value, location, read, resolve, (message) => errors.push({ location, severity: 'warning', message: `document ${index + 1}: ${message}` }));
        documents.push({ document: resolved, location, index });
        const entity = resolved as { kind?: unknown; spec?: { target?: unknown; targets?: unknown } };
        if (typeof entity.kind === 'string' && entity.kind.toLowerCase() === 'location') {
          const targets = [entity.spec?.target, ...(Array.isArray(entity.spec?.targets) ? entity.spec.targets : [])].filter((t): t is string => typeof t === 'string');
          for (const target of targets) queue.push(resolve(location, target));
        }
      } catch (error) {
        errors.push({ location, message: `document ${index + 1}: ${(error as Error).message}` });
      }
    }
  }
  return { documents, errors };
}

/**
 * Replaces `$text`/`$json`/`$yaml` with what they name. A remote target that cannot be fetched (a
 * portal without internet access) leaves its URL as the value and a warning; a local one that
 * cannot be read fails the document.
 */
async function resolvePlaceholders(value: unknown, location: string, read: LocationReader, resolve: LocationResolver, warn: (message: string) => void, depth = 0): Promise<unknown> {
  if (depth > 50 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return Promise.all(value.map((v) => resolvePlaceholders(v, location, read, resolve, warn, depth + 1)));
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length === 1 && ['$text', '$json', '$yaml'].includes(keys[0] as string)) {
    const key = keys[0] as string;
    const target = record[key];
    if (typeof target !== 'string') throw new Error(`${key} must name a file`);
    const resolved = resolve(location, target);
    let text: string;
    try {
      text = await read(resolved);
    } catch (error) {
      const message = `${key} ${target} cannot be read: ${(error as Error).message}`;
      if (!/^https?:\/\//i.test(resolved)) throw new Error(message);
      warn(`${message}; kept the URL instead`);
      return resolved;
    }
    if (key === '$text') return text;
    if (key === '$json') return JSON.parse(text) as unknown;
    return parseYaml(text) as unknown;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) out[k] = await resolvePlaceholders(v, location, read, resolve, warn, depth + 1);
  return out;
}
