import type { ErrorDetail } from '../errors.ts';
import type { Action, ActionInputs } from './action.types.ts';
import { mapConditionalFields, pickConditionals } from './input-conditions.ts';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Backstage's form fields, as Portico's: the pickers become entity pickers or plain strings with a hint. */
function field(name: string, schema: Json, warnings: ErrorDetail[], pointer: string): Json {
  const uiField = schema['ui:field'];
  const options = isObject(schema['ui:options']) ? schema['ui:options'] : {};
  const out: Json = { ...schema };
  if (uiField === 'EntityNamePicker') Object.assign(out, { pattern: out.pattern ?? '^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$' });
  else if (uiField === 'OwnerPicker' || uiField === 'EntityPicker' || uiField === 'MyGroupsPicker') {
    const filterKind = isObject(options.catalogFilter) ? options.catalogFilter.kind : undefined;
    const kinds = (Array.isArray(filterKind) ? filterKind : [filterKind ?? (uiField === 'EntityPicker' ? 'Component' : 'Group')]).map(String);
    const toBlueprint = (kind: string) => ({ group: 'team', user: 'user' } as Record<string, string>)[kind.toLowerCase()] ?? kind.toLowerCase();
    // Portico's picker offers one blueprint: teams before people, as owners usually are.
    const blueprint = kinds.map(toBlueprint).sort((a, b) => (a === 'team' ? -1 : b === 'team' ? 1 : 0))[0] ?? 'team';
    if (kinds.length > 1) warnings.push({ path: `${pointer}/ui:options/catalogFilter/kind`, message: `offers ${blueprint} entities only (of ${kinds.join(', ')})` });
    Object.assign(out, { format: 'entity', blueprint });
  } else if (uiField === 'RepoUrlPicker') {
    Object.assign(out, { description: out.description ?? 'Where to publish: host?owner=<owner>&repo=<name>', pattern: out.pattern ?? '^[^?]+\\?(.*&)?owner=[^&]+&(.*&)?repo=[^&]+|^[^?]+\\?(.*&)?repo=[^&]+&(.*&)?owner=[^&]+' });
  } else if (typeof uiField === 'string') {
    warnings.push({ path: `${pointer}/ui:field`, message: `the "${uiField}" field extension is shown as a plain input` });
  }
  if (schema['ui:widget'] === 'password') out.format = 'secret';
  return out;
}

/**
 * A Backstage software template (`scaffolder.backstage.io/v1beta3`, kind Template) as a CREATE
 * action run by the built-in scaffolder: its parameter pages become the form's steps.
 * @param location where the template was read from; `./skeleton` paths resolve against it.
 */
export function actionFromTemplate(template: Json, location: string): { action: Omit<Action, 'execute' | 'approval' | 'timeoutMinutes' | 'visibleTo'>; warnings: ErrorDetail[] } {
  const warnings: ErrorDetail[] = [];
  const metadata = isObject(template.metadata) ? template.metadata : {};
  const spec = isObject(template.spec) ? template.spec : {};
  const pages = Array.isArray(spec.parameters) ? spec.parameters : isObject(spec.parameters) ? [spec.parameters] : [];
  const inputs: ActionInputs = { properties: {}, required: [], order: [], steps: [] };
  pages.forEach((raw, i) => {
    const page = isObject(raw) ? raw : {};
    const names: string[] = [];
    for (const [name, schema] of Object.entries(isObject(page.properties) ? page.properties : {})) {
      if (!isObject(schema)) continue;
      inputs.properties[name] = field(name, schema, warnings, `/spec/parameters/${i}/properties/${name}`);
      names.push(name);
    }
    inputs.required.push(...(Array.isArray(page.required) ? page.required.map(String) : []));
    inputs.order?.push(...names);
    // Page-level `dependencies`, `if`/`then`/`else`, `oneOf`…: JSON Schema conditionals, kept with the page.
    const conditionals = pickConditionals(page);
    const mapped = conditionals && mapConditionalFields(conditionals, (name, schema, at) => field(name, schema, warnings, `/spec/parameters/${i}${at}`));
    inputs.steps?.push({ title: String(page.title ?? `Step ${i + 1}`), order: names, ...(mapped ? { conditionals: mapped } : {}) });
  });
  const name = String(metadata.name ?? '');
  return {
    action: {
      identifier: name,
      title: String(metadata.title ?? name),
      icon: null,
      description: typeof metadata.description === 'string' ? metadata.description : null,
      blueprint: null,
      operation: 'CREATE',
      userInputs: inputs,
      condition: null,
      invoker: { type: 'SCAFFOLDER', template: { ...template, location } },
    },
    warnings,
  };
}
