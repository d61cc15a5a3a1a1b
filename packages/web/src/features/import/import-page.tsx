import { useState } from 'react';
import { Button, FileInput, Group, Progress, SegmentedControl, Select, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { parse } from 'yaml';
import { useBlueprints, useImport } from '../../api/catalog.hooks.ts';
import type { ImportReport } from '../../api/types.ts';
import { ErrorState } from '../../components/error-state.tsx';
import { ImportReportView } from './import-report.tsx';

type Format = 'backstage' | 'csv' | 'json';

/** The first line of a CSV: its column names (quotes honoured). */
function csvHeader(text: string): string[] {
  const line = text.split(/\r?\n/, 1)[0] ?? '';
  const cells: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"' && line[i + 1] === '"' && quoted) { current += '"'; i++; } else if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) { cells.push(current.trim()); current = ''; } else current += c;
  }
  cells.push(current.trim());
  return cells.filter(Boolean);
}

/** Import Backstage YAML, CSV (with a column mapping step) or JSON: preview with a dry run, then apply. */
export default function ImportPage() {
  const [format, setFormat] = useState<Format>('backstage');
  const [files, setFiles] = useState<Record<string, string>>({});
  const [pasted, setPasted] = useState('');
  const [blueprint, setBlueprint] = useState<string | null>(null);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [report, setReport] = useState<ImportReport | null>(null);
  const blueprints = useBlueprints();
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const run = useImport(setProgress);
  const content = Object.keys(files).length === 1 ? Object.values(files)[0] ?? '' : pasted;
  const columns = format === 'csv' && content ? csvHeader(content) : [];
  const bp = blueprints.data?.find((b) => b.identifier === blueprint);
  const targets = bp ? [
    { value: '', label: '(ignore)' }, { value: 'identifier', label: 'Identifier' }, { value: 'title', label: 'Title' }, { value: 'team', label: 'Team' },
    ...Object.keys(bp.schema.properties).map((p) => ({ value: `properties.${p}`, label: `Property: ${p}` })),
    ...Object.keys(bp.relations).map((r) => ({ value: `relations.${r}`, label: `Relation: ${r}` })),
  ] : [];
  const mappingFor = (column: string) => mapping[column] ?? (targets.some((t) => t.value === column) ? column : targets.find((t) => t.value === `properties.${column}` || t.value === `relations.${column}`)?.value ?? (column.toLowerCase() === 'name' ? 'identifier' : ''));

  let localError: string | null = null;
  if (format === 'backstage' && pasted && Object.keys(files).length === 0) {
    try { parse(pasted.split(/^---\s*$/m)[0] ?? ''); } catch (e) { localError = `YAML: ${(e as Error).message}`; }
  }
  const request = (dryRun: boolean) => {
    const base = { format, dryRun };
    if (format === 'backstage') return Object.keys(files).length > 0 ? { ...base, files, entry: Object.keys(files)[0] } : { ...base, content: pasted };
    if (format === 'csv') return { ...base, blueprint, content, mapping: Object.fromEntries(columns.map((c) => [c, mappingFor(c)]).filter(([, t]) => t)) };
    return { ...base, content, ...(blueprint ? { blueprint } : {}) };
  };
  const submit = (dryRun: boolean) => {
    setProgress(null);
    run.mutate(request(dryRun), { onSuccess: setReport });
  };
  const ready = (Object.keys(files).length > 0 || pasted.trim() !== '') && (format !== 'csv' || blueprint);

  return (
    <Stack maw={1000}>
      <Title order={1} size="h2">Import</Title>
      <SegmentedControl value={format} onChange={(v) => { setFormat(v as Format); setReport(null); run.reset(); }} w="fit-content" aria-label="Format"
        data={[{ value: 'backstage', label: 'Backstage YAML' }, { value: 'csv', label: 'CSV' }, { value: 'json', label: 'JSON' }]} />
      <FileInput label="Upload files" multiple clearable placeholder={format === 'backstage' ? 'catalog-info.yaml (and the files its Locations name)' : `a .${format} file`}
        accept={format === 'backstage' ? '.yaml,.yml' : format === 'csv' ? '.csv,text/csv' : '.json,application/json'}
        onChange={async (list) => { setFiles(Object.fromEntries(await Promise.all(list.map(async (f) => [f.name, await f.text()] as const)))); setReport(null); }} data-testid="import-files" />
      <Textarea label="…or paste" autosize minRows={6} maxRows={16} value={pasted} onChange={(e) => { setPasted(e.currentTarget.value); setReport(null); }} error={localError} styles={{ input: { fontFamily: 'monospace' } }} />
      {format !== 'backstage' && (
        <Select label={format === 'csv' ? 'Blueprint of every row' : 'Blueprint of items that name none'} data={(blueprints.data ?? []).map((b) => ({ value: b.identifier, label: b.title }))} value={blueprint} onChange={setBlueprint} searchable required={format === 'csv'} w={320} />
      )}
      {format === 'csv' && bp && columns.length > 0 && (
        <Stack gap={4}>
          <Text fw={600} size="sm">Column mapping</Text>
          <Table withTableBorder w="fit-content">
            <Table.Tbody>
              {columns.map((c) => (
                <Table.Tr key={c}><Table.Td><code>{c}</code></Table.Td><Table.Td>→</Table.Td>
                  <Table.Td><Select size="xs" aria-label={`Map column ${c}`} data={targets} value={mappingFor(c)} onChange={(v) => setMapping({ ...mapping, [c]: v ?? '' })} w={240} /></Table.Td></Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      )}
      <Group>
        <Button variant="default" disabled={!ready || run.isPending} onClick={() => submit(true)}>Preview (dry run)</Button>
        <Button disabled={!ready || run.isPending} onClick={() => submit(false)}>Import</Button>
      </Group>
      {run.isPending && (
        <Stack gap={4}>
          <Progress value={progress && progress.total > 0 ? (100 * progress.done) / progress.total : 100} animated={!progress} striped aria-label="Import progress" />
          <Text size="xs" c="dimmed">{progress ? `${progress.done} of ${progress.total} entities written` : 'Reading and checking…'}</Text>
        </Stack>
      )}
      {run.error && <ErrorState error={run.error} what="import" />}
      {report && <ImportReportView report={report} />}
    </Stack>
  );
}
