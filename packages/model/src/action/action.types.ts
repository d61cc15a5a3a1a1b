import type { PermissionRule, Role } from '../access/access.types.ts';
import type { RuleGroup } from '../query/query.types.ts';

export const ACTION_OPERATIONS = ['CREATE', 'DAY-2', 'DELETE'] as const;
export type ActionOperation = (typeof ACTION_OPERATIONS)[number];

export const RUN_STATUSES = ['WAITING_FOR_APPROVAL', 'QUEUED', 'RUNNING', 'SUCCESS', 'FAILURE', 'DECLINED', 'CANCELLED', 'TIMED_OUT'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
/** Statuses a run never leaves. */
export const FINAL_RUN_STATUSES: readonly RunStatus[] = ['SUCCESS', 'FAILURE', 'DECLINED', 'CANCELLED', 'TIMED_OUT'];

/**
 * The form an action asks for: a JSON Schema object (Port's `userInputs`) with Portico's
 * extensions: `format: entity` + `blueprint` (+ `dataset`, a query) for entity pickers, `user` /
 * `team` pickers, `secret` fields (encrypted, never shown again), `order`, and `steps` (pages).
 * Fields show, hide or wait for others by their `visible` and `dependsOn` (see input-conditions.ts);
 * `conditionals` carries JSON Schema's own (`dependencies`, `if`/`then`/`else`, `oneOf`…), as
 * Backstage templates write them on a page.
 */
export interface ActionInputs {
  properties: Record<string, Record<string, unknown>>;
  required: string[];
  order?: string[];
  steps?: ActionInputStep[];
  conditionals?: Record<string, unknown>;
}

export interface ActionInputStep {
  title: string;
  order: string[];
  /** JSON Schema conditionals over this page's fields (Backstage's page-level `dependencies`, `if`…). */
  conditionals?: Record<string, unknown>;
}

export interface WebhookInvoker {
  type: 'WEBHOOK';
  url: string;
  /** Sync: the response decides the run's status. Async (default): the receiver reports back. */
  synchronized: boolean;
  method: 'POST' | 'PUT' | 'PATCH';
  /**
   * Headers sent with each call (a CI trigger's token, say). Their values are credentials: the
   * server keeps them encrypted and shows every value as `[secret]`; sending `[secret]` back keeps it.
   */
  headers?: Record<string, string>;
}

/** Backstage scaffolder steps run by Portico itself (`scaffolder.backstage.io/v1beta3`). */
export interface ScaffolderInvoker {
  type: 'SCAFFOLDER';
  template: Record<string, unknown>;
}

export type ActionInvoker = WebhookInvoker | ScaffolderInvoker;

export interface ActionApproval {
  /** ANY: one approver suffices; ALL: every named user (and one per team and role) must approve. */
  type: 'ANY' | 'ALL';
  users: string[];
  teams: string[];
  roles: Role[];
}

/** A self-service action: a guard-railed form and the invoker that does the work. */
export interface Action {
  identifier: string;
  title: string;
  icon: string | null;
  description: string | null;
  /** The blueprint it creates (CREATE) or acts on (DAY-2, DELETE); null for a free-standing action. */
  blueprint: string | null;
  operation: ActionOperation;
  userInputs: ActionInputs;
  /** DAY-2 / DELETE: the entities it is offered on, in the query language. */
  condition: RuleGroup | null;
  invoker: ActionInvoker;
  approval: ActionApproval | null;
  /** Who may run it (admins always may); `ownedByTeam`: owners of the target entity. */
  execute: PermissionRule;
  /** Who sees it in the hub and on entities at all; null: everyone who reads the catalog. */
  visibleTo: PermissionRule | null;
  /** Runs still going after this long end as TIMED_OUT. */
  timeoutMinutes: number;
}

/** One person's decision on a run waiting for approval. */
export interface RunApproval { user: string; decision: 'APPROVE' | 'DECLINE'; reason: string; at: string; teams: string[]; role: string }

/** A run of an action, as the API shows it (never its token or sealed secrets). */
export interface Run {
  id: string;
  action: string;
  /** The action as it was when the run was requested. */
  definition: Action;
  blueprint: string | null;
  entity: string | null;
  /** Secret inputs read `[secret]`. */
  inputs: Record<string, unknown>;
  status: RunStatus;
  statusLabel: string | null;
  links: string[];
  summary: string | null;
  error: string | null;
  requestedBy: string;
  approvals: RunApproval[];
  /** Entities the run created or changed (as its receiver reported). */
  entities: { blueprint: string; identifier: string }[];
  createdAt: string;
  updatedAt: string;
  startedAt: string | null;
  endedAt: string | null;
  timeoutAt: string | null;
}

export interface RunLog { id: string; at: string; level: string; message: string }
