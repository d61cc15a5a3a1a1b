import { parse } from 'csv-parse/sync';
import { type Blueprint, PorticoError } from '@portico/model';

/** Where a CSV column goes: `identifier`, `title`, `team`, `properties.<name>`, `relations.<name>`, or a bare property name. */
export type ColumnMapping = Record<string, string>;

/**
 * Turns CSV text into entity documents of one blueprint. Values are converted to the property's
 * type (numbers, booleans, `;`-separated or JSON arrays, JSON objects); empty cells are left out.
 * @throws PorticoError BAD_REQUEST with the line and column of malformed CSV.
 */
export function entitiesFromCsv(content: string, blueprint: Blueprint, mapping: ColumnMapping | undefined): { input: Record<string, unknown>; line: number }[] {
  let records: Record<string, string>[];
  try {
    records = parse(content, { columns: true, skip_empty_lines: true, trim: true, bom: true, info: false }) as Record<string, string>[];
  } catch (error) {
    const e = error as Error & { lines?: number; column?: number | string };
    throw new PorticoError('BAD_REQUEST', `Malformed CSV${e.lines ? ` at line ${e.lines}` : ''}: ${e.message}`, [{ path: '/content', message: `line ${e.lines ?? '?'}${e.column !== undefined ? `, column ${String(e.column)}` : ''}: ${e.message}` }]);
  }
  const columns = Object.keys(records[0] ?? {});
  const map: ColumnMapping = mapping ?? Object.fromEntries(columns.map((c) => [c, c]));
  for (const column of Object.keys(map)) {
    if (records.length > 0 && !columns.includes(column)) throw new PorticoError('VALIDATION_FAILED', `The mapping names column "${column}", which the CSV does not have`, [{ path: `/mapping/${column}`, message: `is not a column (columns: ${columns.join(', ')})` }]);
  }
  return records.map((record, index) => {
    const input: Record<string, unknown> = { properties: {}, relations: {} };
    const properties = input.properties as Record<string, unknown>;
    const relations = input.relations as Record<string, unknown>;
    for (const [column, target] of Object.entries(map)) {
      const raw = record[column];
      if (raw === undefined || raw === '') continue;
      if (target === 'identifier' || target === 'title') input[target] = raw;
      else if (target === 'team') input.team = splitList(raw);
      else if (target.startsWith('relations.')) {
        const name = target.slice('relations.'.length);
        relations[name] = blueprint.relations[name]?.many ? splitList(raw) : raw;
      } else {
        const name = target.startsWith('properties.') ? target.slice('properties.'.length) : target;
        properties[name] = convert(raw, blueprint.schema.properties[name]?.type);
      }
    }
    // Line 1 is the header.
    return { input, line: index + 2 };
  });
}

function splitList(raw: string): string[] {
  if (raw.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(raw);
      if (Array.isArray(parsed)) return parsed.map(String);
    } catch {
      // Not JSON: fall through to splitting.
    }
  }
  return raw.split(/[;|]/).map((s) => s.trim()).filter(Boolean);
}

function convert(raw: string, type: string | undefined): unknown {
  switch (type) {
    case 'number': {
      const n = Number(raw);
      return Number.isNaN(n) ? raw : n;
    }
    case 'boolean':
      return ['true', 'yes', '1'].includes(raw.toLowerCase()) ? true : ['false', 'no', '0'].includes(raw.toLowerCase()) ? false : raw;
    case 'array':
      return splitList(raw);
    case 'object':
      try {
        return JSON.parse(raw) as unknown;
      } catch {
        return raw;
      }
    default:
      return raw;
  }
}
