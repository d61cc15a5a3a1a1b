import type { Blueprint, PropertySchema } from '../../api/types.ts';

/** A property as the form edits it. */
export interface PropertyRow {
  name: string;
  title: string;
  type: 'string' | 'number' | 'boolean' | 'object' | 'array';
  format: string;
  enumText: string;
  required: boolean;
  /** Keys of the schema the form does not edit (pattern, minimum…), kept as they were. */
  rest: Record<string, unknown>;
}

export interface RelationRow {
  name: string;
  title: string;
  targets: string[];
  many: boolean;
  required: boolean;
}

export interface BlueprintForm {
  identifier: string;
  title: string;
  description: string;
  icon: string;
  properties: PropertyRow[];
  relations: RelationRow[];
}

export const FORMATS = ['', 'url', 'email', 'date-time', 'markdown', 'yaml', 'user', 'team', 'timer'];

export function formFromBlueprint(blueprint: Blueprint | undefined): BlueprintForm {
  if (!blueprint) return { identifier: '', title: '', description: '', icon: '', properties: [], relations: [] };
  const required = new Set(blueprint.schema.required ?? []);
  return {
    identifier: blueprint.identifier,
    title: blueprint.title,
    description: blueprint.description ?? '',
    icon: blueprint.icon ?? '',
    properties: Object.entries(blueprint.schema.properties).map(([name, schema]) => {
      const { type, title, format, enum: values, ...rest } = schema;
      return { name, title: title ?? '', type: type ?? 'string', format: format ?? '', enumText: (values ?? []).join(', '), required: required.has(name), rest };
    }),
    relations: Object.entries(blueprint.relations).map(([name, r]) => ({ name, title: r.title ?? '', targets: [r.target].flat(), many: r.many, required: r.required ?? false })),
  };
}

/** The blueprint document the API takes, from the form. */
export function blueprintFromForm(form: BlueprintForm): Record<string, unknown> {
  const properties: Record<string, PropertySchema> = {};
  for (const p of form.properties) {
    if (!p.name.trim()) continue;
    const values = p.enumText.split(',').map((v) => v.trim()).filter(Boolean);
    properties[p.name.trim()] = {
      ...p.rest,
      type: p.type,
      ...(p.title ? { title: p.title } : {}),
      ...(p.format && p.type === 'string' ? { format: p.format } : {}),
      ...(values.length ? { enum: p.type === 'number' ? values.map(Number) : values } : {}),
      ...(p.type === 'array' && !p.rest.items ? { items: { type: 'string' } } : {}),
    };
  }
  const relations: Record<string, unknown> = {};
  for (const r of form.relations) {
    if (!r.name.trim()) continue;
    relations[r.name.trim()] = { ...(r.title ? { title: r.title } : {}), target: r.targets.length === 1 ? r.targets[0] : r.targets, many: r.many, required: r.required };
  }
  return {
    identifier: form.identifier.trim(),
    title: form.title.trim(),
    ...(form.description ? { description: form.description } : {}),
    ...(form.icon ? { icon: form.icon } : {}),
    schema: { properties, required: form.properties.filter((p) => p.required && p.name.trim()).map((p) => p.name.trim()) },
    relations,
  };
}
