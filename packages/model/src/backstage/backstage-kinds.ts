import type { BlueprintProperty, BlueprintRelation } from '../blueprint/blueprint.types.ts';
import type { NormalizedBlueprint } from '../blueprint/blueprint.validation.ts';

/** How one spec field of a Backstage kind becomes a Portico relation. */
export interface BackstageRelationField {
  /** The spec field, which is also the Portico relation's name. */
  field: string;
  /** Kind assumed when a ref in the field has none; absent means refs must name their kind. */
  defaultKind?: string;
  many: boolean;
}

/** Relation types Backstage emits for a spec field, and the inverse it adds on the target. */
export const BACKSTAGE_RELATION_TYPES: Record<string, { type: string; inverse: string }> = {
  owner: { type: 'ownedBy', inverse: 'ownerOf' },
  system: { type: 'partOf', inverse: 'hasPart' },
  domain: { type: 'partOf', inverse: 'hasPart' },
  subdomainOf: { type: 'partOf', inverse: 'hasPart' },
  subcomponentOf: { type: 'partOf', inverse: 'hasPart' },
  subsystemOf: { type: 'partOf', inverse: 'hasPart' },
  providesApis: { type: 'providesApi', inverse: 'apiProvidedBy' },
  consumesApis: { type: 'consumesApi', inverse: 'apiConsumedBy' },
  dependsOn: { type: 'dependsOn', inverse: 'dependencyOf' },
  dependencyOf: { type: 'dependencyOf', inverse: 'dependsOn' },
  parent: { type: 'childOf', inverse: 'parentOf' },
  children: { type: 'parentOf', inverse: 'childOf' },
  members: { type: 'hasMember', inverse: 'memberOf' },
  memberOf: { type: 'memberOf', inverse: 'hasMember' },
};

/** The relation types of a Portico relation as Backstage sees them; custom relations keep their name. */
export function backstageRelationType(relation: string): { type: string; inverse: string } {
  return BACKSTAGE_RELATION_TYPES[relation] ?? { type: relation, inverse: `${relation}Of` };
}

export interface BackstageKind {
  kind: string;
  blueprint: string;
  apiVersion: string;
  relationFields: BackstageRelationField[];
}

const owner: BackstageRelationField = { field: 'owner', defaultKind: 'Group', many: false };
const system: BackstageRelationField = { field: 'system', defaultKind: 'System', many: false };
const dependsOn: BackstageRelationField = { field: 'dependsOn', many: true };
const dependencyOf: BackstageRelationField = { field: 'dependencyOf', many: true };

/** Backstage's built-in kinds and the spec fields its processor turns into relations. */
export const BACKSTAGE_KINDS: BackstageKind[] = [
  {
    kind: 'Component', blueprint: 'component', apiVersion: 'backstage.io/v1alpha1',
    relationFields: [owner, system, { field: 'subcomponentOf', defaultKind: 'Component', many: false },
      { field: 'providesApis', defaultKind: 'API', many: true }, { field: 'consumesApis', defaultKind: 'API', many: true }, dependsOn, dependencyOf],
  },
  { kind: 'API', blueprint: 'api', apiVersion: 'backstage.io/v1alpha1', relationFields: [owner, system] },
  { kind: 'Resource', blueprint: 'resource', apiVersion: 'backstage.io/v1alpha1', relationFields: [owner, system, dependsOn, dependencyOf] },
  { kind: 'System', blueprint: 'system', apiVersion: 'backstage.io/v1alpha1', relationFields: [owner, { field: 'domain', defaultKind: 'Domain', many: false }] },
  { kind: 'Domain', blueprint: 'domain', apiVersion: 'backstage.io/v1alpha1', relationFields: [owner, { field: 'subdomainOf', defaultKind: 'Domain', many: false }] },
  {
    kind: 'Group', blueprint: 'team', apiVersion: 'backstage.io/v1alpha1',
    relationFields: [{ field: 'parent', defaultKind: 'Group', many: false }, { field: 'children', defaultKind: 'Group', many: true }, { field: 'members', defaultKind: 'User', many: true }],
  },
  { kind: 'User', blueprint: 'user', apiVersion: 'backstage.io/v1alpha1', relationFields: [{ field: 'memberOf', defaultKind: 'Group', many: true }] },
  { kind: 'Location', blueprint: 'location', apiVersion: 'backstage.io/v1alpha1', relationFields: [] },
  { kind: 'Template', blueprint: 'template', apiVersion: 'scaffolder.backstage.io/v1beta3', relationFields: [owner] },
];

/** The Backstage kind behind a blueprint, when it is one of the built-in ones. */
export function backstageKindOfBlueprint(blueprint: string): BackstageKind | undefined {
  return BACKSTAGE_KINDS.find((k) => k.blueprint === blueprint);
}

/** The built-in kind of a `kind:` value (case-insensitive). */
export function backstageKindByName(kind: string): BackstageKind | undefined {
  const lower = kind.toLowerCase();
  return BACKSTAGE_KINDS.find((k) => k.kind.toLowerCase() === lower);
}

/**
 * The blueprint that holds entities of a kind: a built-in mapping (Group → team), else a blueprint
 * named like the kind in any case.
 */
export function blueprintForKind(kind: string, blueprintIds: Iterable<string>): string | undefined {
  const builtin = backstageKindByName(kind);
  if (builtin) return builtin.blueprint;
  const lower = kind.toLowerCase();
  for (const id of blueprintIds) if (id.toLowerCase() === lower) return id;
  return undefined;
}

/** The kind name Backstage clients see for a blueprint. */
export function kindForBlueprint(blueprint: string): string {
  const builtin = backstageKindOfBlueprint(blueprint);
  if (builtin) return builtin.kind;
  return blueprint.charAt(0).toUpperCase() + blueprint.slice(1);
}

const text = (title: string, extra: Partial<BlueprintProperty> = {}): BlueprintProperty => ({ type: 'string', title, ...extra });
const commonProperties: Record<string, BlueprintProperty> = {
  description: text('Description', { format: 'markdown' }),
  tags: { type: 'array', title: 'Tags', items: { type: 'string' } },
  labels: { type: 'object', title: 'Labels' },
  annotations: { type: 'object', title: 'Annotations' },
  links: { type: 'array', title: 'Links', items: { type: 'object' } },
};
const lifecycle = text('Lifecycle', { enumColors: { production: 'green', experimental: 'yellow', deprecated: 'red' } });
const ownerRelation: BlueprintRelation = { title: 'Owner', target: ['team', 'user'], many: false, required: true };
const systemRelation: BlueprintRelation = { title: 'System', target: 'system', many: false, required: false };
const anyMany = (title: string): BlueprintRelation => ({ title, target: '*', many: true, required: false });

function preset(
  identifier: string,
  title: string,
  icon: string,
  properties: Record<string, BlueprintProperty>,
  required: string[],
  relations: Record<string, BlueprintRelation>,
  description: string,
): NormalizedBlueprint {
  const props = structuredClone({ ...commonProperties, ...properties });
  return { identifier, title, description, icon, schema: { properties: props, required, additionalProperties: true }, relations };
}

/**
 * Blueprints that ship with Portico: teams and users, plus one per Backstage kind so a Backstage
 * catalog imports with no set-up. They are ordinary blueprints: users may edit or extend them.
 */
export function builtinBlueprints(): NormalizedBlueprint[] {
  return [
    preset('team', 'Team', 'users', { type: text('Type'), profile: { type: 'object', title: 'Profile' } }, [], {
      parent: { title: 'Parent team', target: 'team', many: false, required: false },
      children: { title: 'Child teams', target: 'team', many: true, required: false },
      members: { title: 'Members', target: 'user', many: true, required: false },
    }, 'A group of people: a team, a department, an organisation (Backstage kind Group).'),
    preset('user', 'User', 'user', { profile: { type: 'object', title: 'Profile' }, email: text('Email', { format: 'email' }) }, [], {
      memberOf: { title: 'Member of', target: 'team', many: true, required: false },
    }, 'A person (Backstage kind User).'),
    preset('domain', 'Domain', 'layers', { type: text('Type') }, [], {
      owner: ownerRelation,
      subdomainOf: { title: 'Parent domain', target: 'domain', many: false, required: false },
    }, 'A business area grouping systems (Backstage kind Domain).'),
    preset('system', 'System', 'boxes', { type: text('Type') }, [], {
      owner: ownerRelation,
      domain: { title: 'Domain', target: 'domain', many: false, required: false },
    }, 'A collection of components, APIs and resources that work together (Backstage kind System).'),
    preset('component', 'Component', 'box', { type: text('Type'), lifecycle }, ['type', 'lifecycle'], {
      owner: ownerRelation,
      system: systemRelation,
      subcomponentOf: { title: 'Part of component', target: 'component', many: false, required: false },
      // Backstage does not restrict the kinds these point at (its own examples consume a Component).
      providesApis: { title: 'Provides APIs', target: '*', many: true, required: false },
      consumesApis: { title: 'Consumes APIs', target: '*', many: true, required: false },
      dependsOn: anyMany('Depends on'),
      dependencyOf: anyMany('Dependency of'),
    }, 'A piece of software: a service, website, library (Backstage kind Component).'),
    preset('api', 'API', 'plug', { type: text('Type'), lifecycle, definition: text('Definition') }, ['type', 'lifecycle', 'definition'], {
      owner: ownerRelation,
      system: systemRelation,
    }, 'An interface a component provides: OpenAPI, AsyncAPI, GraphQL, gRPC (Backstage kind API).'),
    preset('resource', 'Resource', 'database', { type: text('Type') }, ['type'], {
      owner: ownerRelation,
      system: systemRelation,
      dependsOn: anyMany('Depends on'),
      dependencyOf: anyMany('Dependency of'),
    }, 'Infrastructure a component needs: a database, a bucket, a cluster (Backstage kind Resource).'),
    preset('location', 'Location', 'map-pin', { type: text('Type'), target: text('Target'), targets: { type: 'array', title: 'Targets', items: { type: 'string' } } }, [], {},
      'A pointer to more catalog files (Backstage kind Location).'),
    // parameters, steps and output stay undeclared: Backstage allows an object or a list of pages.
    preset('template', 'Template', 'wand', { type: text('Type') }, ['type'], {
      owner: { ...ownerRelation, required: false },
    }, 'A software template for the scaffolder (Backstage kind Template).'),
  ];
}
