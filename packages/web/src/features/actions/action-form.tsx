import { Button, Group, Stepper } from '@mantine/core';
import Form from '@rjsf/mantine';
import { useMemo, useState } from 'react';
import type { PortalAction } from '../../api/types.ts';
import { useSession } from '../../api/catalog.hooks.ts';
import { EntityPickerWidget } from './entity-picker-widget.tsx';
import { clearDependents, formOf, pageFieldNames, submittedInputs } from './form-schema.ts';
import { portalValidator } from './schema-validator.ts';

type Inputs = Record<string, unknown>;

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
  const inputs = action.userInputs;
  const steps = useMemo(() => (inputs.steps?.length ? inputs.steps : [{ title: action.title, order: [] as string[] }]), [inputs, action.title]);
  const paged = Boolean(inputs.steps?.length);
  const [active, setActive] = useState(0);
  const [data, setData] = useState<Inputs>({});
  const actor = useSession().data?.actor;
  const me = useMemo(() => ({ user: actor?.user ?? null, teams: actor?.teams ?? [], email: actor?.email ?? null }), [actor]);
  // The page's schema follows the answers: fields show, hide and unlock as the inputs change.
  const current = useMemo(() => formOf(inputs, paged ? active : null, data, me), [inputs, paged, active, data, me]);
  const pageNames = useMemo(() => pageFieldNames(inputs, paged ? active : null), [inputs, paged, active]);
  const withPage = (pageData: Inputs) => ({ ...Object.fromEntries(Object.entries(data).filter(([k]) => !pageNames.includes(k))), ...pageData });
  const extraErrors = useMemo(() => {
    const out: Record<string, { __errors: string[] }> = {};
    for (const detail of serverErrors ?? []) {
      const field = detail.path.replace(/^\/inputs\/?/, '').split('/')[0];
      if (field) out[field] = { __errors: [...(out[field]?.__errors ?? []), detail.message] };
    }
    return out;
  }, [serverErrors]);
  const last = active === steps.length - 1;
  const form = (
    <Form
      schema={current.schema} uiSchema={current.uiSchema} formData={data} validator={portalValidator}
      widgets={{ EntityPicker: EntityPickerWidget }} formContext={{ inputs: data, me }} extraErrors={extraErrors as never} showErrorList={false} noHtml5Validate
      // Values of fields a conditional no longer shows are dropped when the page is submitted.
      omitExtraData
      // Errors are shown at their fields; without a handler the form also logs them to the console.
      onError={() => undefined}
      onChange={(event) => setData(clearDependents(inputs, data, { ...data, ...(event.formData as Inputs) }))}
      onSubmit={(event) => {
        const merged = withPage(event.formData as Inputs);
        setData(merged);
        if (last) onSubmit(submittedInputs(inputs, merged, me));
        else setActive(active + 1);
      }}
    >
      <Group mt="md">
        {active > 0 && <Button variant="default" onClick={() => setActive(active - 1)}>Back</Button>}
        <Button type="submit" loading={busy}>{last ? submitLabel : 'Next'}</Button>
      </Group>
    </Form>
  );
  if (!paged) return form;
  return (
    <Stepper active={active} onStepClick={(step) => step < active && setActive(step)} size="sm">
      {steps.map((step, i) => <Stepper.Step key={step.title} label={step.title}>{i === active ? form : null}</Stepper.Step>)}
    </Stepper>
  );
}
