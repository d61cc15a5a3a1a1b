import { type Blueprint, relationTargets } from '../blueprint/blueprint.types.ts';
import type { ErrorDetail } from '../errors.ts';
import type { Entity, EntityInput } from '../entity/entity.types.ts';
import { formatRelationTarget, parseRelationTarget } from '../entity/entity.validation.ts';
import { type BackstageRelationField, backstageKindByName, backstageKindOfBlueprint, blueprintForKind, kindForBlueprint } from './backstage-kinds.ts';
import { validateBackstageEnvelope } from './backstage-validation.ts';
import { DEFAULT_NAMESPACE, identifierFromRef, parseEntityRef, refPartsFromIdentifier, stringifyEntityRef } from './entity-ref.ts';

/** A Backstage entity document (`apiVersion`, `kind`, `metadata`, `spec`). */
export interface BackstageEntity {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    title?: string;
    description?: string;
    tags?: string[];
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    links?: { url: string; title?: string; icon?: string; type?: string }[];
    uid?: string;
    etag?: string;
    [key: string]: unknown;
  };
  spec?: Record<string, unknown>;
  relations?: { type: string; targetRef: string }[];
}

const METADATA_PROPERTIES = ['description', 'tags', 'labels', 'annotations', 'links'] as const;

export type BackstageConversion = { ok: true; blueprint: string; entity: EntityInput } | { ok: false; issues: ErrorDetail[] };

/**
 * Maps a Backstage entity onto a Portico blueprint and entity: metadata becomes properties, spec
 * fields that Backstage's processor turns into relations become relations (refs resolved with the
 * field's default kind and the *source entity's* namespace), the rest of spec becomes properties.
 */
export function entityFromBackstage(doc: unknown, blueprints: ReadonlyMap<string, Blueprint>): BackstageConversion {
  const issues = validateBackstageEnvelope(doc);
  if (issues.length > 0) return { ok: false, issues };
  const source = doc as BackstageEntity;
  const blueprintId = blueprintForKind(source.kind, blueprints.keys());
  const blueprint = blueprintId ? blueprints.get(blueprintId) : undefined;
  if (!blueprint) return { ok: false, issues: [{ path: '/kind', message: `no blueprint holds kind "${source.kind}"; create a blueprint named "${source.kind}" first` }] };

  const namespace = source.metadata.namespace ?? DEFAULT_NAMESPACE;
  const spec = { ...(source.spec ?? {}) };
  const relationFields = relationFieldsOf(source.kind, blueprint);
  const relations: Record<string, string | string[] | null> = {};
  const team = new Set<string>();
  for (const field of relationFields) {
    const raw = spec[field.field];
    if (raw === undefined || raw === null) continue;
    delete spec[field.field];
    const definition = blueprint.relations[field.field];
    if (!definition) continue;
    const refs = Array.isArray(raw) ? raw : [raw];
    const values: string[] = [];
    refs.forEach((ref, index) => {
      const path = Array.isArray(raw) ? `/spec/${field.field}/${index}` : `/spec/${field.field}`;
      if (typeof ref !== 'string') {
        issues.push({ path, message: 'must be an entity reference string' });
        return;
      }
      const parsed = parseEntityRef(ref, { ...(field.defaultKind ? { defaultKind: field.defaultKind } : {}), defaultNamespace: namespace });
      if (typeof parsed === 'string') {
        issues.push({ path, message: parsed });
        return;
      }
      const targetBlueprint = blueprintForKind(parsed.kind, blueprints.keys());
      if (!targetBlueprint) {
        issues.push({ path, message: `refers to kind "${parsed.kind}", which no blueprint holds` });
        return;
      }
      const targetIdentifier = identifierFromRef(parsed.namespace, parsed.name);
      const targets = relationTargets(definition);
      if (targets && !targets.includes(targetBlueprint)) {
        issues.push({ path, message: `refers to a ${parsed.kind}, but "${field.field}" may point at ${targets.join(', ')}` });
        return;
      }
      if (field.field === 'owner' && targetBlueprint === 'team') team.add(targetIdentifier);
      values.push(formatRelationTarget(definition, targetBlueprint, targetIdentifier));
    });
    relations[field.field] = definition.many ? values : (values[0] ?? null);
  }
  if (issues.length > 0) return { ok: false, issues };

  const properties: Record<string, unknown> = { ...spec };
  for (const key of METADATA_PROPERTIES) {
    if (source.metadata[key] !== undefined) properties[key] = source.metadata[key];
  }
  const entity: EntityInput = {
    identifier: identifierFromRef(namespace, source.metadata.name),
    ...(source.metadata.title !== undefined ? { title: source.metadata.title } : { title: source.metadata.name }),
    team: [...team],
    properties,
    relations,
  };
  return { ok: true, blueprint: blueprint.identifier, entity };
}

/** The spec fields that hold relations: Backstage's list for built-in kinds, else the blueprint's relations. */
function relationFieldsOf(kind: string, blueprint: Blueprint): BackstageRelationField[] {
  const builtin = backstageKindByName(kind);
  if (builtin && builtin.blueprint === blueprint.identifier) return builtin.relationFields;
  return Object.entries(blueprint.relations).map(([field, definition]) => {
    const targets = relationTargets(definition);
    const only = targets && targets.length === 1 ? targets[0] : undefined;
    return { field, many: definition.many, ...(only ? { defaultKind: kindForBlueprint(only) } : {}) };
  });
}

/** The ref of a Portico entity in Backstage's lower-case canonical form. */
export function backstageRefOf(blueprint: string, identifier: string): string {
  const { namespace, name } = refPartsFromIdentifier(identifier);
  return stringifyEntityRef({ kind: kindForBlueprint(blueprint), namespace, name });
}

/** An incoming or outgoing edge of an entity, as the relations table holds it. */
export interface EdgeView {
  direction: 'outgoing' | 'incoming';
  relation: string;
  otherBlueprint: string;
  otherIdentifier: string;
}

export interface EnvelopeExtras {
  uid: string;
  etag: string;
  edges: EdgeView[];
  relationTypes: (relation: string) => { type: string; inverse: string };
}

/**
 * Renders a Portico entity in Backstage's envelope, with the relations Backstage would generate in
 * both directions (`ownedBy` here, `ownerOf` on the owner).
 */
export function entityToBackstage(entity: Entity, blueprint: Blueprint | undefined, extras: EnvelopeExtras): BackstageEntity {
  const kind = kindForBlueprint(entity.blueprint);
  const { namespace, name } = refPartsFromIdentifier(entity.identifier);
  const spec: Record<string, unknown> = {};
  const metadata: BackstageEntity['metadata'] = { namespace, name, uid: extras.uid, etag: extras.etag };
  if (entity.title !== name) metadata.title = entity.title;
  for (const [key, value] of Object.entries(entity.properties)) {
    if ((METADATA_PROPERTIES as readonly string[]).includes(key)) metadata[key] = value;
    else spec[key] = value;
  }
  for (const [relation, value] of Object.entries(entity.relations)) {
    const definition = blueprint?.relations[relation];
    if (!definition || value === null) continue;
    const values = Array.isArray(value) ? value : [value];
    const refs = values.map((v) => {
      const edge = parseRelationTarget(definition, v);
      return typeof edge === 'string' ? v : compactRef(edge.targetBlueprint, edge.targetIdentifier, namespace);
    });
    spec[relation] = definition.many ? refs : refs[0];
  }
  const relations = new Map<string, { type: string; targetRef: string }>();
  for (const edge of extras.edges) {
    const types = extras.relationTypes(edge.relation);
    const type = edge.direction === 'outgoing' ? types.type : types.inverse;
    const targetRef = backstageRefOf(edge.otherBlueprint, edge.otherIdentifier);
    relations.set(`${type} ${targetRef}`, { type, targetRef });
  }
  return {
    apiVersion: backstageKindOfBlueprint(entity.blueprint)?.apiVersion ?? 'backstage.io/v1alpha1',
    kind,
    metadata,
    spec,
    relations: [...relations.values()],
  };
}

/** A ref as short as Backstage would read it back the same: `kind:` and `namespace/` only when needed. */
function compactRef(targetBlueprint: string, targetIdentifier: string, sourceNamespace: string): string {
  const { namespace, name } = refPartsFromIdentifier(targetIdentifier);
  const nsPart = namespace.toLowerCase() === sourceNamespace.toLowerCase() ? '' : `${namespace}/`;
  return `${kindForBlueprint(targetBlueprint).toLowerCase()}:${nsPart}${name}`;
}
