import type { Command } from 'commander';
import { SingleBar } from 'cli-progress';
import { collectBackstageDocuments } from '@portico/model';
import { type ImportPayload, type ImportReport, type PorticoClient } from '@portico/client';
import { resolveRelative } from '@portico/server';
import { normalizeLocation, readLocation } from '../read-source.ts';
import { clientFromEnv, fail } from '../context.ts';

function formatOf(location: string, given: string | undefined): ImportPayload['format'] {
  if (given === 'backstage' || given === 'csv' || given === 'json') return given;
  if (given) fail(`--format must be backstage, csv or json, not "${given}"`);
  if (/\.csv$/i.test(location)) return 'csv';
  if (/\.json$/i.test(location)) return 'json';
  return 'backstage';
}

/** `portico import PATH|URL`: Backstage YAML (Locations followed), CSV or JSON. */
export function registerImportCommand(program: Command): void {
  program
    .command('import')
    .argument('<source>', 'a file path or http(s) URL')
    .description('import Backstage YAML (following Location targets), CSV or JSON into the catalog')
    .option('--format <format>', 'backstage | csv | json (default: from the file name)')
    .option('--blueprint <blueprint>', 'blueprint of CSV rows (and of JSON items that name none)')
    .option('--mapping <pairs>', 'CSV column mapping: column=target,… (target: identifier, title, team, properties.x, relations.x)')
    .option('--dry-run', 'report what would change without writing')
    .option('--create-missing-related', 'create empty entities for relation targets that do not exist')
    .option('--json', 'print the report as JSON')
    .action(async (source: string, options: { format?: string; blueprint?: string; mapping?: string; dryRun?: boolean; createMissingRelated?: boolean; json?: boolean }) => {
      const client = clientFromEnv();
      const location = normalizeLocation(source);
      const format = formatOf(location, options.format);
      const payload: ImportPayload = { format, dryRun: options.dryRun === true, createMissingRelated: options.createMissingRelated === true };
      if (format === 'backstage') {
        // Read every file the catalog reaches here, so relative Location targets work; the server re-reads them from the upload.
        const files: Record<string, string> = {};
        const progress = process.stderr.isTTY && !options.json ? new SingleBar({ format: 'reading {bar} {value} files' }) : null;
        progress?.start(1, 0);
        const { errors } = await collectBackstageDocuments(location, async (l) => {
          const text = await readLocation(l);
          files[l] = text;
          progress?.setTotal(Object.keys(files).length + 1);
          progress?.increment();
          return text;
        }, resolveRelative);
        progress?.stop();
        if (Object.keys(files).length === 0) fail(`Cannot read ${source}: ${errors[0]?.message ?? 'no such file'}`);
        payload.files = files;
        payload.entry = location;
      } else {
        payload.content = await readLocation(location).catch((error: Error) => fail(`Cannot read ${source}: ${error.message}`));
        if (options.blueprint) payload.blueprint = options.blueprint;
        if (options.mapping) payload.mapping = Object.fromEntries(options.mapping.split(',').map((pair) => pair.split('=').map((s) => s.trim()) as [string, string]));
      }
      const report = await importWithProgress(client, payload, !options.json);
      printReport(report, options.json === true);
      if (report.failed > 0 || report.errors.some((e) => e.severity !== 'warning')) process.exitCode = 1;
    });
}

/** Imports with a progress bar of entities written (the server streams its progress). */
async function importWithProgress(client: PorticoClient, payload: ImportPayload, show: boolean): Promise<ImportReport> {
  const bar = show && process.stderr.isTTY ? new SingleBar({ format: 'writing {bar} {value}/{total} entities', hideCursor: true }) : null;
  let started = false;
  try {
    return await client.importWithProgress(payload, ({ done, total }) => {
      if (!bar) return;
      if (!started) {
        bar.start(total, done);
        started = true;
      } else {
        bar.update(done);
      }
    });
  } finally {
    if (started) bar?.stop();
  }
}

function printReport(report: ImportReport, asJson: boolean): void {
  if (asJson) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return;
  }
  const verb = report.dryRun ? 'would be' : '';
  process.stdout.write(`${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged, ${report.failed} failed${verb ? ` (dry run: nothing written)` : ''}\n`);
  for (const result of report.results.filter((r) => r.status === 'failed')) {
    process.stdout.write(`  ✗ ${result.blueprint}:${result.identifier ?? `#${result.index}`}: ${result.error?.message ?? 'failed'}\n`);
  }
  for (const error of report.errors) {
    process.stdout.write(`  ✗ ${error.location}${error.line ? `:${error.line}:${error.column ?? 0}` : ''}: ${error.message}\n`);
  }
}
