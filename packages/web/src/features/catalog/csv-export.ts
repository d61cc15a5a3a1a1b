import { api } from '../../api/http.ts';
import type { Blueprint, EntityPage, RuleGroup } from '../../api/types.ts';
import { cellValue, type Column } from './explorer-columns.ts';

const MAX_ROWS = 50_000;

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : Array.isArray(value) ? value.join(';') : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Downloads the current view (query, sort, columns) as CSV, reading it page by page from the server. */
export async function exportViewAsCsv(blueprint: Blueprint, query: RuleGroup, sort: { property: string; order: 'asc' | 'desc' }[], columns: Column[]): Promise<number> {
  const lines = [columns.map((c) => csvCell(c.id.startsWith('$') ? c.id.slice(1) : c.id.replace(/^rel:/, ''))).join(',')];
  let cursor: string | null = null;
  do {
    const page: EntityPage = await api<EntityPage>('POST', '/api/v1/entities/search', { query, sort, limit: 1000, ...(cursor ? { cursor } : {}) });
    for (const entity of page.entities) lines.push(columns.map((c) => csvCell(cellValue(entity, c))).join(','));
    cursor = page.next;
  } while (cursor && lines.length <= MAX_ROWS);
  const url = URL.createObjectURL(new Blob([`${lines.join('\n')}\n`], { type: 'text/csv' }));
  const link = Object.assign(document.createElement('a'), { href: url, download: `${blueprint.identifier}.csv` });
  link.click();
  URL.revokeObjectURL(url);
  return lines.length - 1;
}
