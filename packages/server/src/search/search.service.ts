import type { Database } from '../db/database.ts';
import { SqlParams, Visibility } from '../catalog/index.ts';
import { highlight, queryTerms } from './highlight.ts';

export interface SearchHit {
  blueprint: string;
  identifier: string;
  title: string;
  description: string | null;
  rank: number;
  highlights: { title: string | null; description: string | null };
}

export interface SearchResult {
  query: string;
  hits: SearchHit[];
  groups: { blueprint: string; hits: SearchHit[] }[];
}

/** How many text matches a query ranks at most. */
const CANDIDATES = 2000;

interface Row {
  blueprint: string;
  identifier: string;
  title: string;
  description: string | null;
  rank: number;
}

/**
 * Ranked full-text search with typo tolerance: words match by prefix through the tsvector index;
 * when that finds fewer hits than asked, each word also matches its nearest catalog words
 * (trigram similarity over the `search_words` dictionary), so "paymnt" finds "payments".
 */
export async function searchCatalog(db: Database, q: string, options: { limit: number; blueprints?: string[]; visibility?: Visibility }): Promise<SearchResult> {
  const terms = queryTerms(q);
  if (terms.length === 0) return { query: q, hits: [], groups: [] };
  const exact = terms.map((t) => `${t}:*`).join(' & ');
  let rows = await selectHits(db, exact, terms.join(' '), options);
  if (rows.length < options.limit) {
    const similar = await similarWords(db, terms);
    const tolerant = terms.map((t) => `(${[`${t}:*`, ...(similar.get(t) ?? [])].join(' | ')})`).join(' & ');
    if (tolerant !== exact) rows = await selectHits(db, tolerant, terms.join(' '), options);
  }
  const hits = rows.map((row) => ({
    blueprint: row.blueprint,
    identifier: row.identifier,
    title: row.title,
    description: row.description,
    rank: Number(row.rank),
    highlights: { title: highlight(row.title, terms), description: row.description ? highlight(row.description, terms) : null },
  }));
  const groups = new Map<string, SearchHit[]>();
  for (const hit of hits) groups.set(hit.blueprint, [...(groups.get(hit.blueprint) ?? []), hit]);
  return { query: q, hits, groups: [...groups].map(([blueprint, groupHits]) => ({ blueprint, hits: groupHits })) };
}

async function selectHits(db: Database, tsquery: string, phrase: string, options: { limit: number; blueprints?: string[]; visibility?: Visibility }): Promise<Row[]> {
  const params = new SqlParams();
  const query = `to_tsquery('simple', ${params.add(tsquery)})`;
  const text = params.add(phrase);
  // Hidden entities are filtered before ranking: they never show, and never crowd out what may.
  const scope = `${options.blueprints?.length ? `and e.blueprint = any(${params.add(options.blueprints)}::text[])` : ''} and ${(options.visibility ?? Visibility.ALL).sql(params)}`;
  // Ranking reads every candidate, so broad queries ("service") rank a bounded set: the first
  // CANDIDATES text matches plus every entity whose name starts with the typed words.
  return db.query<Row>(
    `with candidates as (
       (select e.id from entities e where e.search_vector @@ ${query} ${scope} limit ${CANDIDATES})
       union
       (select e.id from entities e where e.search_name like ${text} || '%' ${scope} limit 100))
     select e.blueprint, e.identifier, e.title, e.properties ->> 'description' as description,
            (ts_rank(e.search_vector, ${query}) + word_similarity(${text}, e.search_name)
              + case when e.search_name like ${text} || '%' then 1 else 0 end)::float8 as rank
     from candidates c join entities e on e.id = c.id
     order by rank desc, e.title
     limit ${params.add(options.limit)}`,
    params.values,
  );
}

/** Up to three catalog words close to each typed word (words of three letters or more). */
async function similarWords(db: Database, terms: string[]): Promise<Map<string, string[]>> {
  const candidates = terms.filter((t) => t.length >= 3);
  if (candidates.length === 0) return new Map();
  const rows = await db.query<{ term: string; word: string }>(
    `select t.term, w.word from unnest($1::text[]) as t(term)
     cross join lateral (select word from search_words where word % t.term and word <> t.term
                         order by similarity(word, t.term) desc, word limit 3) w`,
    [candidates],
  );
  const similar = new Map<string, string[]>();
  for (const row of rows) similar.set(row.term, [...(similar.get(row.term) ?? []), row.word]);
  return similar;
}
