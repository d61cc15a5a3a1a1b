/** Timestamps come back as Date from both drivers; the API speaks ISO strings. */
export function toIso(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  return new Date(String(value)).toISOString();
}

/** Encodes a value for a `$n::jsonb` parameter. */
export function json(value: unknown): string {
  return JSON.stringify(value);
}
