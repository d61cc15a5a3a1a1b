import { Select } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { WidgetProps } from '@rjsf/utils';
import { type FormCaller, resolveDataset } from '@portico/model/input-conditions';
import { api } from '../../api/http.ts';
import type { EntityPage, Rule } from '../../api/types.ts';

/**
 * Picks an entity of the field's blueprint (`format: entity` + `blueprint`; `user` and `team`
 * pickers use those blueprints), narrowed by the field's `dataset` query when it has one.
 */
export function EntityPickerWidget(props: WidgetProps) {
  const schema = props.schema as { blueprint?: string; format?: string; dataset?: { combinator?: 'and' | 'or'; rules?: Rule[] } };
  const blueprint = schema.blueprint ?? (schema.format === 'user' ? 'user' : schema.format === 'team' ? 'team' : '');
  // `{ input: name }` values read the form's other fields ("a namespace of the cluster chosen above"),
  // `{ me: 'teams' }` the signed-in person's teams ("a cluster of my team").
  const context = (props.registry.formContext ?? {}) as { inputs?: Record<string, unknown>; me?: FormCaller };
  const dataset = schema.dataset ? resolveDataset(schema.dataset, context.inputs ?? {}, context.me) : undefined;
  const options = useQuery({
    queryKey: ['entity-picker', blueprint, dataset],
    queryFn: async () => (await api<EntityPage>('POST', '/api/v1/entities/search', {
      query: { combinator: 'and', rules: [{ property: '$blueprint', operator: '=', value: blueprint }, ...(dataset?.rules?.length ? [{ combinator: dataset.combinator ?? 'and', rules: dataset.rules }] : [])] },
      sort: [{ property: '$title', order: 'asc' }], limit: 200,
    })).entities.map((e) => ({ value: e.identifier, label: e.title === e.identifier ? e.identifier : `${e.title} (${e.identifier})` })),
    enabled: blueprint !== '' && !props.disabled,
  });
  return (
    <Select
      id={props.id} label={props.label} description={props.schema.description} required={props.required} disabled={props.disabled || props.readonly}
      data={options.data ?? []} value={typeof props.value === 'string' ? props.value : null} searchable clearable
      placeholder={options.isLoading ? 'Loading…' : `Choose a ${blueprint}`} nothingFoundMessage={`No ${blueprint} matches`}
      onChange={(value) => props.onChange(value ?? undefined)} onBlur={() => props.onBlur(props.id, props.value)}
      error={props.rawErrors?.length ? props.rawErrors.join('; ') : undefined}
    />
  );
}
