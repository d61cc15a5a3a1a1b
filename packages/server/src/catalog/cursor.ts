import { PorticoError } from '@portico/model';

/** Where a page ended: the sort values and id of its last row, bound to the sort that made it. */
export interface Cursor {
  signature: string;
  values: unknown[];
  id: string;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.signature, cursor.values, cursor.id])).toString('base64url');
}

/** @throws PorticoError BAD_REQUEST when the cursor is malformed or was made for another sort. */
export function decodeCursor(text: string, signature: string, width: number): Cursor {
  const bad = (why: string) => new PorticoError('BAD_REQUEST', `Invalid cursor: ${why}`, [{ path: '/cursor', message: why }]);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw bad('is not a cursor this server issued');
  }
  if (!Array.isArray(parsed) || parsed.length !== 3 || typeof parsed[0] !== 'string' || !Array.isArray(parsed[1]) || typeof parsed[2] !== 'string' || !/^\d{1,19}$/.test(parsed[2])) {
    throw bad('is not a cursor this server issued');
  }
  if (parsed[0] !== signature || parsed[1].length !== width) throw bad('was issued for another sort order; start again without a cursor');
  return { signature, values: parsed[1] as unknown[], id: parsed[2] };
}
