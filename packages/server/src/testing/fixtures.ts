import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { collectBackstageDocuments, type CollectError, type CollectedDocument } from '@portico/model';
import { resolveRelative } from '../imports/index.ts';

/** The shared fixtures folder (../shared/fixtures beside the repository). */
export const FIXTURES_DIR = fileURLToPath(new URL('../../../../../shared/fixtures/', import.meta.url));
export const BACKSTAGE_EXAMPLES = `${FIXTURES_DIR}backstage/packages/catalog-model/examples/`;

/** Reads Backstage's example catalog from the fixtures, following its Locations. */
export async function readBackstageExamples(): Promise<{ documents: CollectedDocument[]; errors: CollectError[] }> {
  const documents: CollectedDocument[] = [];
  const errors: CollectError[] = [];
  for (const entry of ['all.yaml', 'acme-corp.yaml']) {
    const collected = await collectBackstageDocuments(BACKSTAGE_EXAMPLES + entry, (path) => readFile(path, 'utf8'), resolveRelative);
    documents.push(...collected.documents);
    errors.push(...collected.errors);
  }
  return { documents, errors };
}
