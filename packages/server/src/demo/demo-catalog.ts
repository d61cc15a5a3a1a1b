import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { collectBackstageDocuments } from '@portico/model';
import type { Database } from '../db/database.ts';
import { type ImportReport, type ImportService, resolveRelative } from '../imports/index.ts';

const DEMO_DIR = fileURLToPath(new URL('../../demo/backstage-examples/', import.meta.url));
const ENTRY_POINTS = ['all.yaml', 'acme-corp.yaml'];

/**
 * Loads Backstage's example catalog when the catalog holds no entities yet, so a first start
 * shows a populated portal. Kinds without a blueprint (AiResource) are reported, not created.
 */
export async function loadDemoCatalogIfEmpty(db: Database, imports: ImportService): Promise<ImportReport | null> {
  const [row] = await db.query<{ any: boolean }>('select exists (select 1 from entities) as any');
  if (row?.any) return null;
  const documents = [];
  const errors = [];
  for (const entry of ENTRY_POINTS) {
    // Paths stay relative to the demo folder, so the annotations name `file:apis/…`, not this server's disk.
    const collected = await collectBackstageDocuments(entry, async (path) => {
      if (/^https?:\/\//.test(path)) throw new Error('remote files are not fetched for the demo catalog');
      return readFile(DEMO_DIR + path, 'utf8');
    }, resolveRelative);
    documents.push(...collected.documents);
    errors.push(...collected.errors);
  }
  return imports.importBackstageDocuments(documents, errors, { dryRun: false, createMissingRelated: false, actor: 'system:demo' });
}
