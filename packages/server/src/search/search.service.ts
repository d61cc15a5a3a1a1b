import type { Database } from '../db/database.ts';
import { SqlParams } from '../catalog/sql-params.ts';
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

interface Row {
  blueprint: string;
  identifier: string;
  title: string;
  description: string | null;
  rank: number;
}

/**
 * Ranked full-text search with typo tolerance: words match by prefix through the tsvector index,
 * and titles match approximately through trigram word similarity, so "paymnt" finds "payments".
 */
export async function searchCatalog(db: Database, q: string, options: { limit: number; blueprints?: string[] }): Promise<SearchResult> {
  const terms = queryTerms(q);
  if (terms.length === 0) return { query: q, hits: [], groups: [] };
  const params = new SqlParams();
  const tsquery = params.add(terms.map((t) => `${t}:*`).join(' & '));
  const phrase = params.add(terms.join(' '));
  const scope = options.blueprints?.length ? `and e.blueprint in (select jsonb_array_elements_text(${params.json(options.blueprints)}))` : '';
  const rows = await db.query<Row>(
    `select e.blueprint, e.identifier, e.title, e.properties ->> 'description' as description,
            (ts_rank(e.search_vector, to_tsquery('simple', ${tsquery})) + word_similarity(${phrase}, e.search_name)
              + case when e.search_name like ${phrase} || '%' then 1 else 0 end)::float8 as rank
     from entities e
     where (e.search_vector @@ to_tsquery('simple', ${tsquery}) or ${phrase} <% e.search_name) ${scope}
     order by rank desc, e.title
     limit ${params.add(options.limit)}`,
    params.values,
  );
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
