const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/**
 * Marks where the query's words occur in a text, HTML-escaped so the UI may render it as is.
 * Long texts are cut to a window around the first match.
 */
export function highlight(text: string, terms: string[], window = 160): string | null {
  if (!text || terms.length === 0) return null;
  const lower = text.toLowerCase();
  let first = -1;
  for (const term of terms) {
    const at = lower.indexOf(term);
    if (at !== -1 && (first === -1 || at < first)) first = at;
  }
  if (first === -1) return null;
  const start = text.length > window ? Math.max(0, first - Math.floor(window / 3)) : 0;
  const slice = text.slice(start, start + window);
  const pattern = new RegExp(terms.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'gi');
  let out = '';
  let last = 0;
  for (const match of slice.matchAll(pattern)) {
    const index = match.index ?? 0;
    out += `${escapeHtml(slice.slice(last, index))}<mark>${escapeHtml(match[0])}</mark>`;
    last = index + match[0].length;
  }
  out += escapeHtml(slice.slice(last));
  return `${start > 0 ? '…' : ''}${out}${start + window < text.length ? '…' : ''}`;
}

/** The words of a query, lower-cased, letters and digits only. */
export function queryTerms(q: string): string[] {
  return [...new Set((q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((t) => t.length > 0))].slice(0, 10);
}
