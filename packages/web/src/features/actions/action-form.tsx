import { Button, Group, Stepper } from '@mantine/core';
import Form from '@rjsf/mantine';
import type { RJSFSchema, UiSchema } from '@rjsf/utils';
import { useMemo, useState } from 'react';
import type { PortalAction } from '../../api/types.ts';
import { EntityPickerWidget } from './entity-picker-widget.tsx';
import { portalValidator } from './schema-validator.ts';

type Inputs = Record<string, unknown>;

/** The action's form as JSON Schema plus the widgets its formats ask for. */
export function formOf(action: Pick<PortalAction, 'userInputs'>, names?: string[]): { schema: RJSFSchema; uiSchema: UiSchema } {
  const all = action.userInputs.properties;
  const order = [...(action.userInputs.order ?? []), ...Object.keys(all)].filter((n, i, list) => list.indexOf(n) === i && n in all);
  const chosen = names ?? order;
  const properties: Record<string, RJSFSchema> = {};
  const uiSchema: UiSchema = { 'ui:order': [...chosen.filter((n) => order.includes(n)), '*'], 'ui:submitButtonOptions': { norender: true } };
  for (const name of chosen) {
    const withUi = all[name] as RJSFSchema & { format?: string };
    if (!withUi) continue;
    // Backstage templates put ui:widget, ui:options… in the schema; the form reads them from the uiSchema.
    const ui = Object.fromEntries(Object.entries(withUi).filter(([key]) => key.startsWith('ui:') && key !== 'ui:field'));
    const field = Object.fromEntries(Object.entries(withUi).filter(([key]) => !key.startsWith('ui:'))) as RJSFSchema & { format?: string };
    if (Object.keys(ui).length > 0) uiSchema[name] = ui;
    const { format, ...rest } = field;
    const custom = ['entity', 'user', 'team', 'secret', 'multi-line', 'yaml', 'json', 'markdown'].includes(String(format));
    properties[name] = custom ? { ...rest, ...(format === 'entity' || format === 'user' || format === 'team' ? { format } : {}) } : field;
    if (format === 'entity' || format === 'user' || format === 'team') uiSchema[name] = { ...ui, 'ui:widget': 'EntityPicker' };
    else if (format === 'secret') uiSchema[name] = { ...ui, 'ui:widget': 'password', 'ui:help': 'Encrypted; never shown again or logged' };
    else if (format === 'multi-line' || format === 'yaml' || format === 'json' || format === 'markdown') uiSchema[name] = { 'ui:widget': 'textarea', 'ui:options': { rows: 6 }, ...ui };
  }
  const required = action.userInputs.required.filter((r) => r in properties);
  return { schema: { type: 'object', properties, required }, uiSchema };
}

/**
 * Renders an action's inputs from their JSON Schema (react-jsonschema-form, Mantine theme),
 * page by page when the action has steps; the server's objections appear at their fields.
 */
export function ActionForm({ action, submitLabel, busy, serverErrors, onSubmit }: {
  action: Pick<PortalAction, 'userInputs' | 'title'>;
  submitLabel: string;
  busy?: boolean;
  serverErrors?: { path: string; message: string }[];
  onSubmit: (inputs: Inputs) => void;
}) {
  const steps = useMemo(() => (action.userInputs.steps?.length ? action.userInputs.steps : [{ title: action.title, order: [] as string[] }]), [action]);
  const [active, setActive] = useState(0);
  const [data, setData] = useState<Inputs>({});
  const forms = useMemo(() => steps.map((step) => formOf(action, step.order.length ? step.order : undefined)), [action, steps]);
  const extraErrors = useMemo(() => {
    const out: Record<string, { __errors: string[] }> = {};
    for (const detail of serverErrors ?? []) {
      const field = detail.path.replace(/^\/inputs\/?/, '').split('/')[0];
      if (field) out[field] = { __errors: [...(out[field]?.__errors ?? []), detail.message] };
    }
    return out;
  }, [serverErrors]);
  const current = forms[active] ?? forms[0];
  if (!current) return null;
  const last = active === forms.length - 1;
  const form = (
    <Form
      schema={current.schema} uiSchema={current.uiSchema} formData={data} validator={portalValidator}
      widgets={{ EntityPicker: EntityPickerWidget }} extraErrors={extraErrors as never} showErrorList={false} noHtml5Validate
      // Errors are shown at their fields; without a handler the form also logs them to the console.
      onError={() => undefined}
      onChange={(event) => setData({ ...data, ...(event.formData as Inputs) })}
      onSubmit={(event) => {
        const merged = { ...data, ...(event.formData as Inputs) };
        setData(merged);
        if (last) onSubmit(merged);
        else setActive(active + 1);
      }}
    >
      <Group mt="md">
        {active > 0 && <Button variant="default" onClick={() => setActive(active - 1)}>Back</Button>}
        <Button type="submit" loading={busy}>{last ? submitLabel : 'Next'}</Button>
      </Group>
    </Form>
  );
  if (forms.length === 1) return form;
  return (
    <Stepper active={active} onStepClick={(step) => step < active && setActive(step)} size="sm">
      {steps.map((step, i) => <Stepper.Step key={step.title} label={step.title}>{i === active ? form : null}</Stepper.Step>)}
    </Stepper>
  );
}
