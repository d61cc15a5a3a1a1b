// The API's shapes, as the UI reads them (the server's are in @portico/model and the OpenAPI document).
import type { Action as ModelAction, Initiative as ModelInitiative, InitiativeProgress, Run, RunLog, RunStatus } from '@portico/model';
export type { RunStatus };

export interface PropertySchema {
  type?: 'string' | 'number' | 'boolean' | 'object' | 'array';
  title?: string;
  description?: string;
  format?: string;
  enum?: unknown[];
  default?: unknown;
  items?: PropertySchema;
  [key: string]: unknown;
}

export interface RelationDefinition {
  title?: string;
  target: string | string[];
  many: boolean;
  required?: boolean;
}

export interface Blueprint {
  identifier: string;
  title: string;
  description: string | null;
  icon: string | null;
  schema: { properties: Record<string, PropertySchema>; required?: string[] };
  relations: Record<string, RelationDefinition>;
  /** Derived properties in Port's shape; their values arrive in `properties` like stored ones. */
  mirrorProperties?: Record<string, { title?: string; description?: string; path: string; type?: PropertySchema['type']; format?: string }>;
  calculationProperties?: Record<string, { title?: string; description?: string; calculation: string; type: PropertySchema['type']; format?: string }>;
  aggregationProperties?: Record<string, { title?: string; description?: string; target: string; calculationSpec: Record<string, unknown>; query?: unknown }>;
  version: number;
  updatedAt: string;
}

export interface Entity {
  identifier: string;
  title: string;
  blueprint: string;
  icon: string | null;
  team: string[];
  properties: Record<string, unknown>;
  relations: Record<string, string | string[] | null>;
  createdAt: string;
  updatedAt: string;
  createdBy: string | null;
  updatedBy: string | null;
  /** Scorecard results, on v1 entity reads: `{ <scorecard>: { level, rules } }`. */
  scorecards?: Record<string, { level: string; rules: { identifier: string; status: 'SUCCESS' | 'FAILURE'; level: string }[] }>;
}

export interface Rule {
  property?: string;
  operator: string;
  value?: unknown;
  blueprint?: string;
  identifier?: string;
  direction?: 'upstream' | 'downstream';
}

export interface RuleGroup {
  combinator: 'and' | 'or';
  rules: (Rule | RuleGroup)[];
}

export interface EntityPage {
  entities: Entity[];
  next: string | null;
  total?: number;
}

export interface FacetValue {
  value: unknown;
  count: number;
}

export interface SearchHit {
  blueprint: string;
  identifier: string;
  title: string;
  description: string | null;
  highlights: { title: string | null; description: string | null };
}

export interface SearchResult {
  query: string;
  hits: SearchHit[];
  groups: { blueprint: string; hits: SearchHit[] }[];
}

export interface GraphNode {
  id: string;
  blueprint: string;
  identifier: string;
  title: string;
  depth: number;
  resolved: boolean;
}

export interface Graph {
  root: string;
  nodes: GraphNode[];
  edges: { source: string; target: string; relation: string }[];
  truncated: boolean;
}

export interface AuditEntry {
  id: string;
  at: string;
  ip?: string | null;
  tokenId?: string | null;
  after?: unknown;
  actor: string;
  action: string;
  resourceType: string;
  blueprint: string | null;
  identifier: string | null;
  diff: { op: string; path: string; value?: unknown }[] | null;
}

export interface WriteSummary {
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  results: { index: number; blueprint: string; identifier: string | null; status: string; line?: number; error?: { message: string; details: { path: string; message: string }[] } }[];
}

export interface ImportReport extends WriteSummary {
  dryRun: boolean;
  errors: { location?: string; line?: number; column?: number; message: string }[];
}

export interface SavedView {
  id: string;
  blueprint: string;
  name: string;
  owner: string;
  shared: boolean;
  state: { text?: string; facets?: Record<string, string[]>; rules?: Rule[]; sort?: { property: string; order: 'asc' | 'desc' } | null; columns?: string[] | null };
}

export interface SessionInfo {
  signedIn: boolean;
  actor: {
    id: string; role: Role; scope: 'read' | 'write' | 'admin'; name: string; email: string | null; via: 'session' | 'token' | 'guest';
    user: string | null; teams: string[]; moderates: string[];
  } | null;
  signIn: { oidc: boolean; loginUrl: string | null };
}

export interface ApiToken {
  id: string;
  name: string;
  kind: 'personal' | 'service';
  owner: string | null;
  scopes: ('read' | 'write' | 'admin')[];
  prefix: string;
  createdAt: string;
  createdBy: string | null;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export type Role = 'admin' | 'moderator' | 'member' | 'viewer';
export type EntityAction = 'read' | 'create' | 'update' | 'delete';

export interface PermissionRule {
  roles: Role[];
  users: string[];
  teams: string[];
  ownedByTeam: boolean;
}

export interface BlueprintPermissions {
  entities: Record<EntityAction, PermissionRule>;
}

export interface DirectoryUser {
  identifier: string;
  title: string;
  email: string | null;
  /** null: the default role. */
  role: Role | null;
  moderates: string[];
}

export interface AccessReport {
  user: string;
  role: Role;
  moderates: string[];
  teams: string[];
  blueprints: { blueprint: string; reach: Record<EntityAction, 'all' | 'owned' | 'none'> }[];
  entity?: { blueprint: string; identifier: string; team: string[]; decisions: Record<EntityAction, { allowed: boolean; reason: string }> };
}

export interface ScorecardLevel {
  title: string;
  color: string;
}

export interface ScorecardRule {
  identifier: string;
  title: string;
  description: string | null;
  level: string;
  query: RuleGroup;
}

/** A scorecard as the API returns it; the web's RuleGroup is the rule builder's (ids on rules), hence not the model's type. */
export interface Scorecard {
  identifier: string;
  blueprint: string;
  title: string;
  description: string | null;
  filter: RuleGroup | null;
  levels: ScorecardLevel[];
  rules: ScorecardRule[];
  updatedAt?: string;
  updatedBy?: string | null;
}

export type LevelCount = ScorecardLevel & { count: number };

export interface ScorecardInsights {
  teams: { team: string | null; levels: number[] }[];
  rules: { identifier: string; title: string; level: string; passing: number; failing: number }[];
  trend: { day: string; levels: number[] }[];
}

export interface EntityScorecard {
  identifier: string;
  title: string;
  levels: ScorecardLevel[];
  level: string;
  levelIndex: number;
  rules: { identifier: string; title: string; level: string; status: 'SUCCESS' | 'FAILURE'; failures: { message: string }[] }[];
}

/** The model's initiative, with the rule builder's query shape for its filter. */
export type Initiative = Omit<ModelInitiative, 'filter'> & { filter: RuleGroup | null; updatedAt?: string };

export type { InitiativeProgress };

export interface InitiativeDetail {
  initiative: Initiative;
  progress: InitiativeProgress;
  requiredRules: string[];
  teams: (InitiativeProgress & { team: string | null; more: number; todo: { identifier: string; title: string; failing: string[] }[] })[];
  history: (InitiativeProgress & { day: string })[];
}

/** A self-service action as the API returns it (the model's Action, plus whether you may run it). */
export type PortalAction = ModelAction & { allowed?: boolean; updatedAt?: string };

export type { Run, RunLog };
