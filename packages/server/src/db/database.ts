/** Runs parameterized SQL. The same statements run on PGlite and PostgreSQL. */
export interface Sql {
  /**
   * @param options.prepare a name under which a PostgreSQL server keeps the statement parsed and
   *   planned per connection; only for hot statements whose text never varies.
   */
  query<T = Record<string, unknown>>(text: string, params?: unknown[], options?: { prepare?: string }): Promise<T[]>;
}

export interface Database extends Sql {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `work` in one transaction; a thrown error rolls everything back. */
  transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /**
   * Calls `onNotify` for each NOTIFY on `channel` from any connection; resolves to an unsubscribe.
   * Only engines shared between processes need it (PostgreSQL); PGlite lives in one process.
   */
  listen?(channel: string, onNotify: () => void): Promise<() => Promise<void>>;
}

/**
 * Settings every connection gets. The search box's typo tolerance matches a query to a title when
 * their trigram word similarity reaches 0.4 (pg_trgm's default, 0.6, misses two typos in a word).
 */
export const SESSION_SETTINGS: [string, string][] = [
  ['pg_trgm.word_similarity_threshold', '0.4'],
  // Our statements are short or set-based over indexes; JIT compilation cost more than it saved
  // (400 ms of a 1 s scorecard evaluation at 100k entities), so it is off.
  ['jit', 'off'],
];
