import { Code, CopyButton, Button, Group, SegmentedControl, Stack } from '@mantine/core';
import { useState } from 'react';
import { stringify } from 'yaml';
import type { Entity } from '../../api/types.ts';
import { YamlCode } from '../../components/yaml-code.tsx';

/** The entity as JSON or YAML, with a copy button. */
export function RawTab({ entity }: { entity: Entity }) {
  const [format, setFormat] = useState('json');
  const text = format === 'json' ? JSON.stringify(entity, null, 2) : stringify(entity);
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <SegmentedControl size="xs" value={format} onChange={setFormat} data={[{ value: 'json', label: 'JSON' }, { value: 'yaml', label: 'YAML' }]} aria-label="Format" />
        <CopyButton value={text}>{({ copied, copy }) => <Button size="xs" variant="light" onClick={copy}>{copied ? 'Copied' : `Copy ${format.toUpperCase()}`}</Button>}</CopyButton>
      </Group>
      {format === 'yaml' ? <YamlCode text={text} /> : <Code block tabIndex={0} data-testid="raw">{text}</Code>}
    </Stack>
  );
}
