import Table from 'cli-table3';

/** Prints rows as a table for people, or as JSON for scripts. */
export function printRows(rows: Record<string, unknown>[], columns: string[], asJson: boolean, data: unknown = rows): void {
  if (asJson) {
    process.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
    return;
  }
  if (rows.length === 0) {
    process.stdout.write('(none)\n');
    return;
  }
  const table = new Table({ head: columns, style: { head: [], border: [] } });
  for (const row of rows) table.push(columns.map((c) => formatCell(row[c])));
  process.stdout.write(`${table.toString()}\n`);
}

function formatCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
