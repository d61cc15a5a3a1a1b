/** Collects parameters while SQL text is built, so every value a client sends stays a parameter. */
export class SqlParams {
  readonly values: unknown[] = [];

  /** Adds a value and returns its placeholder (`$3`). */
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }

  /** Adds a value as JSON for a `::jsonb` placeholder. */
  json(value: unknown): string {
    return `${this.add(JSON.stringify(value))}::jsonb`;
  }

  /** A text[] built from a JSON array parameter (engines differ in binding JS arrays). */
  textArray(values: unknown[]): string {
    return `array(select jsonb_array_elements_text(${this.json(values.map(String))}))`;
  }
}

/** Escapes LIKE wildcards so a client's `%` or `_` match literally. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
