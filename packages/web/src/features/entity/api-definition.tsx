import { Accordion, Alert, Anchor, Badge, Code, Group, Stack, Table, Text, Title } from '@mantine/core';
import { parse } from 'yaml';
import { Markdown } from '../../components/markdown.tsx';
import { YamlCode } from '../../components/yaml-code.tsx';

const METHOD_COLOURS: Record<string, string> = { get: 'blue', post: 'green', put: 'violet', patch: 'grape', delete: 'red', head: 'gray', options: 'gray' };

interface Operation { summary?: string; description?: string; tags?: string[]; parameters?: { name?: string; in?: string; required?: boolean; description?: string }[]; responses?: Record<string, { description?: string }> }
interface OpenApiDocument { openapi?: string; swagger?: string; asyncapi?: string; info?: { title?: string; version?: string; description?: string }; paths?: Record<string, Record<string, Operation>>; channels?: Record<string, { description?: string }> }

/** An API entity's definition as a reference: OpenAPI operations by tag, AsyncAPI channels, GraphQL schema. */
export function ApiDefinition({ type, definition }: { type: unknown; definition: string }) {
  // A definition that could not be fetched at import time is kept as its address.
  if (/^https?:\/\/\S+$/.test(definition.trim())) {
    return <Alert color="gray" title="The definition lives elsewhere">It was not fetched at import time: <Anchor href={definition.trim()} target="_blank" rel="noopener noreferrer">{definition.trim()}</Anchor></Alert>;
  }
  if (type === 'graphql' || /^\s*(type|schema|query|interface)\s/m.test(definition) && !/^\s*(openapi|swagger|asyncapi)\s*:/m.test(definition)) {
    return <Code block tabIndex={0}>{definition}</Code>;
  }
  let document: OpenApiDocument;
  try {
    document = parse(definition) as OpenApiDocument;
  } catch (error) {
    return <Alert color="orange" title="The definition does not parse">{(error as Error).message}<Code block tabIndex={0} mt="sm">{definition.slice(0, 4000)}</Code></Alert>;
  }
  const info = document.info ?? {};
  const operations: { method: string; path: string; operation: Operation }[] = [];
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const [method, operation] of Object.entries(item ?? {})) if (METHOD_COLOURS[method]) operations.push({ method, path, operation });
  }
  const byTag = new Map<string, typeof operations>();
  for (const op of operations) for (const tag of op.operation.tags?.length ? op.operation.tags : ['Operations']) byTag.set(tag, [...(byTag.get(tag) ?? []), op]);
  return (
    <Stack gap="sm" data-testid="api-definition">
      <Group gap="sm"><Title order={3} size="h4">{info.title ?? 'API'}</Title>{info.version && <Badge variant="dot">{info.version}</Badge>}<Badge variant="outline">{document.openapi ? `OpenAPI ${document.openapi}` : document.swagger ? `Swagger ${document.swagger}` : document.asyncapi ? `AsyncAPI ${document.asyncapi}` : String(type ?? '')}</Badge></Group>
      {info.description && <Markdown text={info.description} />}
      {[...byTag].map(([tag, ops]) => (
        <Stack key={tag} gap={4}>
          <Text fw={600}>{tag}</Text>
          <Accordion variant="separated" multiple>
            {ops.map(({ method, path, operation }) => (
              <Accordion.Item key={`${method} ${path}`} value={`${method} ${path}`}>
                <Accordion.Control><Group gap="sm" wrap="nowrap"><Badge color={METHOD_COLOURS[method]} variant="dot" w={80}>{method.toUpperCase()}</Badge><Code>{path}</Code><Text size="sm" c="dimmed" truncate>{operation.summary}</Text></Group></Accordion.Control>
                <Accordion.Panel>
                  {operation.description && <Markdown text={operation.description} />}
                  {operation.parameters && operation.parameters.length > 0 && (
                    <Table withTableBorder fz="sm" mt="xs"><Table.Thead><Table.Tr><Table.Th>Parameter</Table.Th><Table.Th>In</Table.Th><Table.Th>Description</Table.Th></Table.Tr></Table.Thead>
                      <Table.Tbody>{operation.parameters.map((p, i) => <Table.Tr key={i}><Table.Td><Code>{p.name}</Code>{p.required ? ' *' : ''}</Table.Td><Table.Td>{p.in}</Table.Td><Table.Td>{p.description}</Table.Td></Table.Tr>)}</Table.Tbody></Table>
                  )}
                  {operation.responses && <Group gap="xs" mt="xs">{Object.entries(operation.responses).map(([code, r]) => <Badge key={code} variant="dot" color={code.startsWith('2') ? 'green' : 'gray'} tt="none">{code} {r?.description ?? ''}</Badge>)}</Group>}
                </Accordion.Panel>
              </Accordion.Item>
            ))}
          </Accordion>
        </Stack>
      ))}
      {document.channels && Object.entries(document.channels).map(([name, channel]) => <Group key={name} gap="sm"><Badge variant="light">channel</Badge><Code>{name}</Code><Text size="sm" c="dimmed">{channel?.description}</Text></Group>)}
      {operations.length === 0 && !document.channels ? <YamlCode text={definition.slice(0, 20000)} /> : (
        <Accordion variant="contained">
          <Accordion.Item value="source"><Accordion.Control>Definition source</Accordion.Control><Accordion.Panel><YamlCode text={definition.slice(0, 200000)} /></Accordion.Panel></Accordion.Item>
        </Accordion>
      )}
    </Stack>
  );
}
