import { Alert, Badge, Group, Table, Text } from '@mantine/core';
import type { ImportReport } from '../../api/types.ts';

/** What an import did (or would do): counts, then every failure and warning with its reason. */
export function ImportReportView({ report }: { report: ImportReport }) {
  const failures = report.results.filter((r) => r.status === 'failed');
  return (
    <Alert color={report.failed ? 'orange' : 'green'} title={report.dryRun ? 'Dry run: nothing was written' : 'Import finished'} data-testid="import-report">
      <Group gap="xs" mb="xs">
        <Badge color="green" variant="dot">{report.created} to create{report.dryRun ? '' : 'd'}</Badge>
        <Badge color="blue" variant="dot">{report.updated} update{report.dryRun ? '' : 'd'}</Badge>
        <Badge color="gray" variant="dot">{report.unchanged} unchanged</Badge>
        <Badge color="red" variant="dot">{report.failed} failed</Badge>
      </Group>
      {failures.length > 0 && (
        <Table fz="xs" withTableBorder>
          <Table.Thead><Table.Tr><Table.Th>Item</Table.Th><Table.Th>Reason</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {failures.slice(0, 200).map((r) => (
              <Table.Tr key={r.index}>
                <Table.Td>{r.line ? `line ${r.line}: ` : ''}{r.blueprint}:{r.identifier ?? `#${r.index + 1}`}</Table.Td>
                <Table.Td>{r.error?.message}{r.error?.details.map((d) => <Text key={d.path} size="xs"><code>{d.path}</code> {d.message}</Text>)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {report.errors.length > 0 && (
        <Table fz="xs" withTableBorder mt="xs">
          <Table.Tbody>{report.errors.map((e, i) => <Table.Tr key={i}><Table.Td>{e.location}{e.line ? `:${e.line}${e.column ? `:${e.column}` : ''}` : ''}</Table.Td><Table.Td>{e.message}</Table.Td></Table.Tr>)}</Table.Tbody>
        </Table>
      )}
    </Alert>
  );
}
