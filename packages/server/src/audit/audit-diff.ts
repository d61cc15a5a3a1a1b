import fastJsonPatch from 'fast-json-patch';

/** The JSON Patch (RFC 6902) that turns `before` into `after`: what the history tab shows. */
export function diffDocuments(before: unknown, after: unknown): unknown[] {
  const from = (before ?? {}) as object;
  const to = (after ?? {}) as object;
  return fastJsonPatch.compare(from, to);
}
