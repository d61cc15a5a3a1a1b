import { ActionIcon, Button, Group, Select, Stack, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import type { Blueprint, Rule } from '../../api/types.ts';
import { propertiesOf } from '../../api/blueprint-properties.ts';

const OPERATORS = ['=', '!=', '<', '<=', '>', '>=', 'in', 'notIn', 'contains', 'containsAny', 'beginsWith', 'endsWith', 'isEmpty', 'isNotEmpty'];
const NO_VALUE = new Set(['isEmpty', 'isNotEmpty']);
const LIST = new Set(['in', 'notIn', 'containsAny']);

/** Turns what was typed into the value the rule needs: numbers for number properties, lists split on commas. */
function parseValue(text: string, operator: string, type: string | undefined): unknown {
  const one = (s: string): unknown => (type === 'number' && s.trim() !== '' && !Number.isNaN(Number(s)) ? Number(s) : type === 'boolean' ? s.trim() === 'true' : s.trim());
  return LIST.has(operator) ? text.split(',').map(one).filter((v) => v !== '') : one(text);
}

/** Rules in the catalog's query language, edited as rows: property, operator, value. */
export function RuleBuilder({ blueprint, rules, onChange }: { blueprint: Blueprint; rules: Rule[]; onChange: (rules: Rule[]) => void }) {
  const properties = [
    { value: '$title', label: 'Title' }, { value: '$identifier', label: 'Identifier' }, { value: '$team', label: 'Team' },
    { value: '$updatedAt', label: 'Updated' }, { value: '$createdAt', label: 'Created' },
    ...Object.entries(propertiesOf(blueprint)).map(([name, s]) => ({ value: name, label: s.title ?? name })),
    ...Object.entries(blueprint.relations).map(([name, r]) => ({ value: name, label: `${r.title ?? name} (relation)` })),
  ];
  const typeOf = (property: string | undefined) => (property ? propertiesOf(blueprint)[property]?.type : undefined);
  const set = (index: number, change: Partial<Rule> & { text?: string }) => {
    const next = rules.map((rule, i) => {
      if (i !== index) return rule;
      const merged = { ...rule, ...change };
      const text = change.text ?? (Array.isArray(rule.value) ? rule.value.join(',') : String(rule.value ?? ''));
      const { text: _t, ...clean } = merged as Rule & { text?: string };
      return NO_VALUE.has(clean.operator) ? { property: clean.property, operator: clean.operator } : { ...clean, value: parseValue(text, clean.operator, typeOf(clean.property)) };
    });
    onChange(next);
  };
  return (
    <Stack gap="xs">
      {rules.map((rule, index) => (
        <Group key={index} gap="xs" wrap="nowrap" align="flex-end">
          <Select aria-label={`Rule ${index + 1} property`} data={properties} value={rule.property ?? null} onChange={(v) => set(index, { property: v ?? '$title' })} searchable size="xs" w={180} />
          <Select aria-label={`Rule ${index + 1} operator`} data={OPERATORS} value={rule.operator} onChange={(v) => set(index, { operator: v ?? '=' })} size="xs" w={120} />
          {!NO_VALUE.has(rule.operator) && (
            <TextInput aria-label={`Rule ${index + 1} value`} size="xs" placeholder={LIST.has(rule.operator) ? 'a, b, c' : 'value'}
              defaultValue={Array.isArray(rule.value) ? rule.value.join(',') : String(rule.value ?? '')}
              onBlur={(e) => set(index, { text: e.currentTarget.value })} onKeyDown={(e) => { if (e.key === 'Enter') set(index, { text: e.currentTarget.value }); }} />
          )}
          <ActionIcon variant="subtle" color="red" aria-label={`Remove rule ${index + 1}`} onClick={() => onChange(rules.filter((_, i) => i !== index))}><IconTrash size={16} /></ActionIcon>
        </Group>
      ))}
      <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} w="fit-content" onClick={() => onChange([...rules, { property: '$title', operator: 'contains', value: '' }])}>Add rule</Button>
    </Stack>
  );
}
