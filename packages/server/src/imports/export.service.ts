import { stringify } from 'yaml';
import type { Database } from '../db/database.ts';
import { ENTITY_COLUMNS, type EntityRow, SqlParams, type Visibility, toEntity } from '../catalog/index.ts';
import type { BackstageCatalogService } from '../backstage/index.ts';

const PAGE = 1000;

/**
 * Writes the catalog out: Backstage YAML (multi-document, re-importable by Backstage or Portico)
 * or Portico JSON (`{ blueprint, identifier, … }` per entity, re-importable with format json).
 */
export async function exportCatalog(db: Database, backstage: BackstageCatalogService, format: 'backstage' | 'json', blueprints: string[] | undefined, visibility: Visibility): Promise<string> {
  const chunks: string[] = [];
  let lastId = '0';
  for (;;) {
    const params = new SqlParams();
    const after = params.add(lastId);
    const scope = blueprints?.length ? `and e.blueprint in (select jsonb_array_elements_text(${params.json(blueprints)}))` : '';
    const rows = await db.query<EntityRow>(
      `select ${ENTITY_COLUMNS} from entities e where e.id > ${after}::bigint ${scope} and ${visibility.sql(params)} order by e.id limit ${PAGE}`,
      params.values,
    );
    if (rows.length === 0) break;
    lastId = rows[rows.length - 1]?.id ?? lastId;
    if (format === 'json') {
      chunks.push(...rows.map((row) => {
        const { createdAt: _c, updatedAt: _u, createdBy: _cb, updatedBy: _ub, ...entity } = toEntity(row);
        return JSON.stringify(entity);
      }));
    } else {
      for (const envelope of await backstage.toDocuments(rows)) {
        const { relations: _r, ...document } = envelope;
        const { uid: _uid, etag: _etag, ...metadata } = document.metadata;
        chunks.push(stringify({ ...document, metadata }, { lineWidth: 0 }));
      }
    }
  }
  return format === 'json' ? `[\n${chunks.join(',\n')}\n]\n` : chunks.join('---\n');
}
