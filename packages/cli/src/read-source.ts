import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';

const isUrl = (location: string) => /^https?:\/\//i.test(location);

/** Reads a local path or an http(s) URL, for `portico import PATH|URL`. */
export async function readLocation(location: string): Promise<string> {
  if (isUrl(location)) {
    const response = await fetch(location);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return response.text();
  }
  return readFile(location, 'utf8');
}

/** An absolute path, or the URL unchanged. */
export function normalizeLocation(location: string): string {
  return isUrl(location) ? location : resolve(location);
}
