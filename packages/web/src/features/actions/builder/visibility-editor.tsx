import { ActionIcon, Button, Group, SegmentedControl, Select, Stack, TagsInput, Text, TextInput } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { INPUT_CONDITION_OPERATORS, type InputRule, type InputRuleGroup, type InputVisibility } from '@portico/model/input-conditions';

const OPERATOR_LABELS: Record<string, string> = {
  '=': 'is', '!=': 'is not', '<': '<', '<=': '≤', '>': '>', '>=': '≥', in: 'is one of', notIn: 'is none of', contains: 'contains', isEmpty: 'is empty', isNotEmpty: 'is filled in',
};

/** A typed-in value as the field holds it: numbers and true/false for fields of those types. */
function parseValue(text: string, type: unknown): unknown {
  if ((type === 'number' || type === 'integer') && text.trim() !== '' && !Number.isNaN(Number(text))) return Number(text);
  if (type === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}

/**
 * When a field shows: always, never (a hidden constant with its default), or when rules over the
 * other fields hold — one level of rules joined by all/any, as most forms need (nested groups
 * written in JSON are kept and shown as such).
 */
export function VisibilityEditor({ value, fields, onChange }: {
  value: InputVisibility | undefined;
  /** The other fields: name, label, schema. */
  fields: { name: string; label: string; schema: Record<string, unknown> }[];
  onChange: (value: InputVisibility | undefined) => void;
}) {
  const mode = value === undefined || value === true ? 'always' : value === false ? 'hidden' : 'when';
  const group: InputRuleGroup = typeof value === 'object' ? value : { combinator: 'and', rules: [] };
  const setRules = (rules: InputRuleGroup['rules']) => onChange({ ...group, rules });
  const setRule = (i: number, patch: Partial<InputRule>) => setRules(group.rules.map((r, j) => (j === i ? { ...(r as InputRule), ...patch } : r)));
  const first = fields[0]?.name ?? '';
  return (
    <Stack gap="xs">
      <SegmentedControl
        size="xs" value={mode} aria-label="When the field shows"
        data={[{ value: 'always', label: 'Always shown' }, { value: 'when', label: 'Shown when…' }, { value: 'hidden', label: 'Hidden (uses its default)' }]}
        onChange={(next) => onChange(next === 'always' ? undefined : next === 'hidden' ? false : { combinator: 'and', rules: group.rules.length ? group.rules : [{ input: first, operator: '=', value: '' }] })}
      />
      {mode === 'when' && (
        <>
          {group.rules.length > 1 && (
            <SegmentedControl size="xs" value={group.combinator} aria-label="Rules to meet" data={[{ value: 'and', label: 'All rules' }, { value: 'or', label: 'Any rule' }]} onChange={(c) => onChange({ ...group, combinator: c as 'and' | 'or' })} />
          )}
          {group.rules.map((rule, i) => {
            if ('combinator' in rule) return <Text key={i} size="xs" c="dimmed">A nested group of rules (edit it in JSON)</Text>;
            const target = fields.find((f) => f.name === rule.input);
            const options = Array.isArray(target?.schema.enum) ? (target.schema.enum as unknown[]).map(String) : null;
            const needsValue = rule.operator !== 'isEmpty' && rule.operator !== 'isNotEmpty';
            const list = rule.operator === 'in' || rule.operator === 'notIn';
            return (
              <Group key={i} gap="xs" align="flex-end" wrap="nowrap" data-testid={`visibility-rule-${i}`}>
                <Select size="xs" label="Field" data={fields.map((f) => ({ value: f.name, label: f.label }))} value={rule.input} onChange={(input) => input && setRule(i, { input })} allowDeselect={false} />
                <Select size="xs" label="Operator" w={130} data={INPUT_CONDITION_OPERATORS.map((o) => ({ value: o, label: OPERATOR_LABELS[o] ?? o }))} value={rule.operator} allowDeselect={false}
                  onChange={(operator) => operator && setRule(i, { operator: operator as InputRule['operator'], value: operator === 'in' || operator === 'notIn' ? [] : operator === 'isEmpty' || operator === 'isNotEmpty' ? undefined : '' })} />
                {needsValue && list && (
                  <TagsInput size="xs" label="Values" data={options ?? []} value={Array.isArray(rule.value) ? rule.value.map(String) : []} onChange={(values) => setRule(i, { value: values.map((v) => parseValue(v, target?.schema.type)) })} />
                )}
                {needsValue && !list && (options
                  ? <Select size="xs" label="Value" data={options} value={rule.value === undefined ? null : String(rule.value)} onChange={(v) => setRule(i, { value: v ?? '' })} />
                  : target?.schema.type === 'boolean'
                    ? <Select size="xs" label="Value" data={['true', 'false']} value={rule.value === undefined ? null : String(rule.value)} onChange={(v) => setRule(i, { value: v === 'true' })} />
                    : <TextInput size="xs" label="Value" value={rule.value === undefined ? '' : String(rule.value)} onChange={(e) => setRule(i, { value: parseValue(e.currentTarget.value, target?.schema.type) })} />)}
                <ActionIcon variant="subtle" color="red" aria-label={`Remove rule ${i + 1}`} onClick={() => (group.rules.length > 1 ? setRules(group.rules.filter((_, j) => j !== i)) : onChange(undefined))}><IconTrash size={14} /></ActionIcon>
              </Group>
            );
          })}
          <Button size="xs" variant="subtle" w="fit-content" disabled={!first} onClick={() => setRules([...group.rules, { input: first, operator: '=', value: '' }])}>Add rule</Button>
        </>
      )}
    </Stack>
  );
}
