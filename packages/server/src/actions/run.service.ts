import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  type Action, type ErrorDetail, FINAL_RUN_STATUSES, type FormCaller, PorticoError, type RunApproval, type RunStatus, inputFields, parseQuery, resolveDataset, secretInputs, validateRunInputs,
} from '@portico/model';
import type { Database, Sql } from '../db/database.ts';
import { type BlueprintRegistry, SqlParams, type Visibility, compileCondition, toEntity, ENTITY_COLUMNS, type EntityRow } from '../catalog/index.ts';
import { insertAuditEntries } from '../audit/index.ts';
import type { Actor } from '../auth/access.ts';
import type { Job, JobContext, JobQueue } from '../jobs/index.ts';
import type { SecretBox } from '../secrets/index.ts';
import { approvalOutcome, mayApprove, mayExecute, mayView } from './action-permissions.ts';
import type { ActionService } from './action.service.ts';
import * as runs from './run.repo.ts';
import { invokeWebhook } from './webhook-invoker.ts';
import type { ApprovalNotifier } from './approval-notifier.ts';
import { type ScaffolderDeps, runTemplate } from '../scaffolder/index.ts';

export const RUN_QUEUE = 'action-run';
const hash = (token: string) => createHash('sha256').update(token).digest('hex');

export interface RunServiceDeps {
  db: Database;
  registry: BlueprintRegistry;
  actions: ActionService;
  queue: JobQueue;
  secrets: SecretBox;
  publicUrl: string;
  /** The caller's read visibility (entities a run may target must be readable). */
  visibility: (actor: Actor) => Promise<Visibility>;
  /** First retry delay of a failing invoker call; doubles each time (default 1 s). */
  retryBaseMs?: number;
  /** Tells approvers when a run waits for them. */
  notifier?: ApprovalNotifier;
  /** The built-in scaffolder (Backstage templates). */
  scaffolder?: ScaffolderDeps;
}

export interface ReceiverReport {
  status?: 'SUCCESS' | 'FAILURE';
  statusLabel?: string;
  link?: string | string[];
  summary?: string;
  entities?: { blueprint: string; identifier: string }[];
}

/**
 * Runs of actions: created from a form (inputs checked on the server), approved or declined,
 * executed by the job queue through the action's invoker, reported on by receivers with the
 * run's token, logged, cancelled, re-run and timed out. A run ends once.
 */
export class RunService {
  constructor(private readonly deps: RunServiceDeps) {
    const base = deps.retryBaseMs ?? 1000;
    deps.queue.register(RUN_QUEUE, (job, context) => this.execute(job, context), {
      backoff: (attempt) => Math.min(300_000, base * 2 ** Math.max(0, attempt - 1)),
      onAbandoned: async (job) => {
        await this.finish(String(job.payload.runId), 'FAILURE', { error: `The server stopped while running it, ${job.attempts} times; not retried again` });
      },
    });
  }

  async create(identifier: string, body: { inputs?: unknown; entity?: string | null }, actor: Actor): Promise<runs.Run> {
    const { action } = await this.deps.actions.get(identifier);
    if (!mayView(actor, action)) throw new PorticoError('NOT_FOUND', `Action "${identifier}" does not exist`);
    let owners: string[] | null = null;
    let entity: string | null = null;
    if (action.operation !== 'CREATE' && action.blueprint) {
      if (!body.entity) throw new PorticoError('VALIDATION_FAILED', `"${action.title}" acts on a ${action.blueprint}: name it in "entity"`, [{ path: '/entity', message: 'is required' }]);
      const row = await this.entityFor(action, body.entity, actor);
      owners = row.team;
      entity = row.identifier;
    }
    const decision = mayExecute(actor, action, owners);
    if (!decision.allowed) throw new PorticoError('FORBIDDEN', `You may not run "${action.title}": ${decision.reason}`);
    // Who fills in the form: their defaults ("my team") and picker filters ("a cluster of my team").
    const caller: FormCaller = { user: actor.user, teams: actor.teams, email: actor.session?.email ?? null };
    const inputs = validateRunInputs(action, body.inputs ?? {}, caller);
    await this.checkPickers(action, inputs, actor, caller);
    const secretNames = secretInputs(action);
    const secretValues = Object.fromEntries(secretNames.filter((n) => inputs[n] !== undefined).map((n) => [n, inputs[n]]));
    const stored = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, secretNames.includes(k) ? '[secret]' : v]));
    const sealed = Object.keys(secretValues).length > 0 ? this.deps.secrets.seal(JSON.stringify(secretValues)) : null;
    const token = `prt_run_${randomBytes(24).toString('base64url')}`;
    const status: RunStatus = action.approval ? 'WAITING_FOR_APPROVAL' : 'QUEUED';
    const run = await this.deps.db.transaction(async (tx) => {
      const record = await runs.insertRun(tx, { action, blueprint: action.blueprint, entity, inputs: stored, secrets: sealed, status, requestedBy: actor.id, tokenHash: hash(token), timeoutMinutes: action.timeoutMinutes });
      await runs.addLog(tx, record.id, `Requested by ${actor.id}${entity ? ` on ${action.blueprint}:${entity}` : ''}${action.approval ? `; waiting for approval (${action.approval.type})` : ''}`);
      // A run waiting for approval gets its token when it is queued.
      if (status === 'QUEUED') await this.enqueue(tx, record.id, token);
      else await this.deps.notifier?.runWaiting(tx, record);
      await insertAuditEntries(tx, [{ actor: actor.id, action: 'create', resourceType: 'run', blueprint: action.blueprint, identifier: record.id, before: null, after: { action: action.identifier, entity, inputs: stored, status }, diff: null }]);
      return record;
    });
    return runs.publicRun(run);
  }

  async get(id: string, actor: Actor): Promise<runs.Run> {
    const run = await this.require(id);
    this.assertMaySee(run, actor);
    return runs.publicRun(run);
  }

  list(filter: runs.RunFilter, actor: Actor): Promise<runs.Run[]> {
    return runs.listRuns(this.deps.db, filter, { all: actor.role === 'admin' || actor.role === 'moderator', id: actor.id, user: actor.user, teams: actor.teams, role: actor.role, moderates: actor.moderates });
  }

  async logs(id: string, actor: Actor, afterId = '0'): Promise<runs.RunLog[]> {
    const run = await this.require(id);
    this.assertMaySee(run, actor);
    return runs.logsOf(this.deps.db, id, afterId);
  }

  /** A receiver reports (with the run's token) or a person acts (the requester or an admin). */
  async report(id: string, token: string | undefined, actor: Actor | null, report: ReceiverReport): Promise<runs.Run> {
    const run = await this.require(id);
    this.assertReporter(run, token, actor);
    if ((FINAL_RUN_STATUSES as readonly string[]).includes(run.status)) {
      throw new PorticoError('CONFLICT', `The run has already ended (${run.status}); it cannot change`);
    }
    const links = report.link === undefined ? undefined : [report.link].flat();
    const change = {
      ...(report.statusLabel !== undefined ? { statusLabel: report.statusLabel } : {}),
      ...(links ? { links: [...run.links, ...links] } : {}),
      ...(report.summary !== undefined ? { summary: this.redact(run, report.summary) } : {}),
      ...(report.entities ? { entities: [...run.entities, ...report.entities] } : {}),
    };
    const updated = await this.deps.db.transaction(async (tx) => {
      const next = report.status
        ? await runs.updateRun(tx, id, { ...change, status: report.status, ended: true })
        : await runs.updateRun(tx, id, { ...change, ...(run.status === 'QUEUED' ? { status: 'RUNNING' as const, started: true } : {}) });
      if (!next) throw new PorticoError('CONFLICT', 'The run has already ended; it cannot change');
      if (report.status) await runs.addLog(tx, id, `Reported ${report.status}${report.statusLabel ? ` (${report.statusLabel})` : ''}`);
      return next;
    });
    return runs.publicRun(updated);
  }

  async appendLog(id: string, token: string | undefined, actor: Actor | null, entry: { message: string; level?: string; terminationStatus?: 'SUCCESS' | 'FAILURE'; statusLabel?: string }): Promise<void> {
    const run = await this.require(id);
    this.assertReporter(run, token, actor);
    if ((FINAL_RUN_STATUSES as readonly string[]).includes(run.status)) throw new PorticoError('CONFLICT', `The run has already ended (${run.status}); its log is closed`);
    await runs.addLog(this.deps.db, id, this.redact(run, entry.message), entry.level ?? 'INFO');
    if (entry.terminationStatus) await this.report(id, token, actor, { status: entry.terminationStatus, ...(entry.statusLabel ? { statusLabel: entry.statusLabel } : {}) });
  }

  async decide(id: string, actor: Actor, decision: 'APPROVE' | 'DECLINE', reason: string): Promise<runs.Run> {
    const run = await this.require(id);
    const approval = run.definition.approval;
    if (!approval || run.status !== 'WAITING_FOR_APPROVAL') throw new PorticoError('CONFLICT', `The run is ${run.status}, not waiting for approval`);
    const allowed = mayApprove(actor, approval, run.definition, run.requestedBy);
    if (!allowed.allowed) throw new PorticoError('FORBIDDEN', `You may not decide on this run: ${allowed.reason}`);
    const entry: RunApproval = { user: actor.user ?? actor.id, decision, reason, at: new Date().toISOString(), teams: actor.teams, role: actor.role };
    const approvals = [...run.approvals.filter((a) => a.user !== entry.user), entry];
    const outcome = approvalOutcome(approval, approvals);
    const updated = await this.deps.db.transaction(async (tx) => {
      await runs.addLog(tx, id, `${decision === 'APPROVE' ? 'Approved' : 'Declined'} by ${entry.user}${reason ? `: ${reason}` : ''}`);
      let next: runs.RunRecord | null;
      if (outcome === 'DECLINED') next = await runs.updateRun(tx, id, { approvals, status: 'DECLINED', ended: true });
      else if (outcome === 'APPROVED') {
        next = await runs.updateRun(tx, id, { approvals, status: 'QUEUED' });
        await this.enqueue(tx, id, await this.newToken(tx, id));
      } else next = await runs.updateRun(tx, id, { approvals });
      await insertAuditEntries(tx, [{ actor: actor.id, action: 'update', resourceType: 'run', blueprint: run.blueprint, identifier: id, before: { status: run.status }, after: { decision, reason, status: next?.status }, diff: null }]);
      return next;
    });
    if (!updated) throw new PorticoError('CONFLICT', 'The run changed meanwhile; reload it');
    return runs.publicRun(updated);
  }

  async cancel(id: string, actor: Actor): Promise<runs.Run> {
    const run = await this.require(id);
    if (actor.role !== 'admin' && actor.id !== run.requestedBy) throw new PorticoError('FORBIDDEN', 'Only the requester or an admin may cancel a run');
    const ended = await this.finish(id, 'CANCELLED', { error: null }, `Cancelled by ${actor.id}`);
    if (!ended) throw new PorticoError('CONFLICT', `The run has already ended (${run.status})`);
    if (run.jobId) await this.deps.queue.cancel(run.jobId);
    return runs.publicRun(ended);
  }

  /** The same action with the same inputs (secrets included) and entity, as a new run. */
  async rerun(id: string, actor: Actor): Promise<runs.Run> {
    const run = await this.require(id);
    this.assertMaySee(run, actor);
    const secrets = this.secretsOf(run);
    return this.create(run.action, { inputs: { ...run.inputs, ...secrets }, entity: run.entity }, actor);
  }

  /** Ends runs past their deadline (TIMED_OUT); called on a timer. */
  async timeOutOverdue(): Promise<number> {
    let count = 0;
    for (const run of await runs.overdueRuns(this.deps.db)) {
      const ended = await this.finish(run.id, 'TIMED_OUT', { error: `No result within ${run.definition.timeoutMinutes} minutes` });
      if (ended && run.jobId) await this.deps.queue.cancel(run.jobId);
      if (ended) count++;
    }
    return count;
  }

  // ---- execution (the job queue's handler) ----

  private async execute(job: Job, context: JobContext): Promise<void> {
    const runId = String(job.payload.runId);
    const token = String(job.payload.token);
    const run = await runs.findRun(this.deps.db, runId);
    if (!run || (FINAL_RUN_STATUSES as readonly string[]).includes(run.status)) return;
    await this.deps.db.transaction(async (tx) => {
      await runs.updateRun(tx, runId, { status: 'RUNNING', started: true });
      await runs.addLog(tx, runId, `Attempt ${job.attempts}: calling the ${run.definition.invoker.type.toLowerCase()} invoker`);
    });
    const invoker = run.definition.invoker;
    const secrets = this.secretsOf(run);
    if (invoker.type === 'SCAFFOLDER') {
      await this.scaffold(run, { ...run.inputs, ...secrets }, context);
      return;
    }
    const actionRow = await this.deps.actions.get(run.action).catch(() => null);
    const signingSecret = actionRow ? await this.deps.actions.webhookSecret(actionRow) : '';
    const headers = actionRow ? this.deps.actions.invokerHeaders(actionRow) : {};
    const entity = run.entity && run.blueprint ? await this.entityJson(run.blueprint, run.entity) : null;
    const payload = {
      run: { id: runId, url: `${this.deps.publicUrl}/api/v1/runs/${runId}`, logsUrl: `${this.deps.publicUrl}/api/v1/runs/${runId}/logs`, token, attempt: job.attempts },
      action: { identifier: run.definition.identifier, title: run.definition.title, operation: run.definition.operation, blueprint: run.definition.blueprint },
      entity,
      inputs: { ...run.inputs, ...secrets },
      trigger: { by: run.requestedBy, at: run.createdAt },
    };
    const last = job.attempts >= job.maxAttempts;
    try {
      const result = await invokeWebhook(invoker, payload, signingSecret, runId, context.signal, headers);
      if (!invoker.synchronized) {
        await runs.addLog(this.deps.db, runId, `The receiver accepted the run (HTTP ${result.status}); waiting for its report`);
        return;
      }
      const body = result.json ?? {};
      const failed = body.status === 'FAILURE';
      await this.finish(runId, failed ? 'FAILURE' : 'SUCCESS', {
        ...(typeof body.statusLabel === 'string' ? { statusLabel: body.statusLabel } : {}),
        ...(typeof body.summary === 'string' ? { summary: this.redact(run, body.summary) } : {}),
        ...(body.link ? { links: [body.link].flat().map(String) } : {}),
      }, `The receiver answered HTTP ${result.status}${failed ? ' with status FAILURE' : ''}`);
    } catch (error) {
      const message = this.redact(run, error instanceof Error ? error.message : String(error));
      const retryable = error instanceof PorticoError && error.kind === 'operational';
      if (retryable && !last) {
        await runs.addLog(this.deps.db, runId, `Attempt ${job.attempts} failed: ${message}; trying again`, 'WARNING');
        throw error;
      }
      await this.finish(runId, 'FAILURE', { error: message }, `Failed: ${message}`);
    }
  }

  /** Runs a Backstage template's steps; a failing step ends the run with the step and the reason. */
  private async scaffold(run: runs.RunRecord, parameters: Record<string, unknown>, context: JobContext): Promise<void> {
    const scaffolder = this.deps.scaffolder;
    if (!scaffolder || run.definition.invoker.type !== 'SCAFFOLDER') {
      await this.finish(run.id, 'FAILURE', { error: 'The scaffolder is not configured on this server' });
      return;
    }
    try {
      const result = await runTemplate(scaffolder, run.definition.invoker.template, parameters, async (message, level) => {
        await runs.addLog(this.deps.db, run.id, this.redact(run, message), level ?? 'INFO');
        await context.heartbeat();
      }, { ref: run.requestedBy });
      await this.deps.db.transaction(async (tx) => {
        const ended = await runs.updateRun(tx, run.id, { status: 'SUCCESS', ended: true, links: result.links, summary: result.summary, entities: result.entities });
        if (ended) await runs.addLog(tx, run.id, `Done: ${result.links.join(', ') || result.summary}`);
      });
    } catch (error) {
      const message = this.redact(run, error instanceof Error ? error.message : String(error));
      await this.finish(run.id, 'FAILURE', { error: message }, `Failed: ${message}`);
    }
  }

  // ---- helpers ----

  private async enqueue(tx: Sql, runId: string, token: string): Promise<void> {
    // The run id is the job's idempotency key (and the webhook's): it is queued once, whatever happens.
    const job = await this.deps.queue.enqueue(tx, RUN_QUEUE, { runId, token }, { idempotencyKey: `run:${runId}`, maxAttempts: 4 });
    await runs.updateRun(tx, runId, { jobId: job.id });
  }

  private async newToken(tx: Sql, runId: string): Promise<string> {
    const token = `prt_run_${randomBytes(24).toString('base64url')}`;
    await tx.query('update action_runs set token_hash = $2 where id = $1::uuid', [runId, hash(token)]);
    return token;
  }

  private async finish(id: string, status: RunStatus, change: Partial<{ statusLabel: string; summary: string; links: string[]; error: string | null }>, log?: string): Promise<runs.RunRecord | null> {
    return this.deps.db.transaction(async (tx) => {
      const ended = await runs.updateRun(tx, id, { ...change, status, ended: true });
      if (ended) await runs.addLog(tx, id, log ?? `${status}${change.error ? `: ${change.error}` : ''}`, status === 'SUCCESS' ? 'INFO' : 'ERROR');
      return ended;
    });
  }

  private async require(id: string): Promise<runs.RunRecord> {
    const run = await runs.findRun(this.deps.db, id);
    if (!run) throw new PorticoError('NOT_FOUND', `Run "${id}" does not exist`);
    return run;
  }

  private assertMaySee(run: runs.RunRecord, actor: Actor): void {
    if (actor.role === 'admin' || actor.role === 'moderator' || actor.id === run.requestedBy) return;
    // Approvers see the runs they may decide on, before and after deciding.
    if (run.definition.approval && mayApprove(actor, run.definition.approval, run.definition, run.requestedBy).allowed) return;
    throw new PorticoError('NOT_FOUND', `Run "${run.id}" does not exist`);
  }

  private assertReporter(run: runs.RunRecord, token: string | undefined, actor: Actor | null): void {
    if (token) {
      const given = Buffer.from(hash(token));
      const expected = Buffer.from(run.tokenHash);
      if (given.length === expected.length && timingSafeEqual(given, expected)) return;
      throw new PorticoError('FORBIDDEN', 'The run token does not belong to this run');
    }
    if (actor && (actor.role === 'admin' || actor.id === run.requestedBy) && actor.scope !== 'read') return;
    throw new PorticoError('UNAUTHENTICATED', 'Report with the run\'s token (X-Run-Token header), as the requester, or as an admin');
  }

  /** The run's secret inputs, decrypted (for the invoker, a re-run, and redaction only). */
  private secretsOf(run: runs.RunRecord): Record<string, unknown> {
    return run.secrets ? JSON.parse(this.deps.secrets.open(run.secrets)) as Record<string, unknown> : {};
  }

  /** Secret input values never appear in what the portal stores or shows. */
  private redact(run: runs.RunRecord, text: string): string {
    if (!run.secrets) return text;
    let out = text;
    for (const value of Object.values(this.secretsOf(run))) {
      const secret = String(value);
      if (secret.length >= 3) out = out.split(secret).join('********');
    }
    return out;
  }

  private async entityFor(action: Action, identifier: string, actor: Actor): Promise<EntityRow> {
    const blueprint = await this.deps.registry.get(action.blueprint ?? '');
    if (!blueprint) throw new PorticoError('CONFLICT', `The action's blueprint "${action.blueprint}" no longer exists`);
    const params = new SqlParams();
    const where = [`e.blueprint = ${params.add(blueprint.identifier)}`, `e.identifier_key = lower(${params.add(identifier)})`, (await this.deps.visibility(actor)).sql(params)];
    const rows = await this.deps.db.query<EntityRow & { applies: boolean }>(
      `select ${ENTITY_COLUMNS}, ${action.condition ? `(${compileCondition(parseQuery(action.condition, { blueprints: [blueprint] }), params)})` : 'true'} as applies from entities e where ${where.join(' and ')}`, params.values);
    const row = rows[0];
    if (!row) throw new PorticoError('NOT_FOUND', `Entity "${identifier}" of blueprint "${blueprint.identifier}" does not exist`, [{ path: '/entity', message: 'names no entity you can read' }]);
    if (!row.applies) throw new PorticoError('VALIDATION_FAILED', `"${action.title}" does not apply to ${identifier}: it fails the action's condition`, [{ path: '/entity', message: 'does not meet the action\'s condition' }]);
    return row;
  }

  private async checkPickers(action: Action, inputs: Record<string, unknown>, actor: Actor, caller: FormCaller): Promise<void> {
    const issues: ErrorDetail[] = [];
    const visibility = await this.deps.visibility(actor);
    for (const [name, schema] of Object.entries(inputFields(action.userInputs))) {
      const value = inputs[name];
      const items = (schema.items ?? {}) as { format?: string; blueprint?: string };
      // User and team pickers pick entities of those blueprints.
      const pickerOf = (format: unknown, blueprint: unknown) => (format === 'entity' ? (typeof blueprint === 'string' ? blueprint : null) : format === 'user' || format === 'team' ? format : null);
      const itemBlueprint = pickerOf(schema.format, schema.blueprint) ?? (schema.type === 'array' ? pickerOf(items.format, items.blueprint) : null);
      if (!itemBlueprint) continue;
      const picked = (Array.isArray(value) ? value : value === undefined ? [] : [value]).map(String);
      const blueprint = await this.deps.registry.get(itemBlueprint);
      if (!blueprint) continue;
      for (const identifier of picked) {
        const params = new SqlParams();
        // `{ input: name }` values in the filter read the other fields of this run ("a namespace of the chosen cluster"),
        // `{ me: 'teams' }` the caller's teams ("a cluster of my team").
        const dataset = schema.dataset ? resolveDataset(schema.dataset as { combinator?: string; rules?: unknown[] }, inputs, caller) : undefined;
        const filter = dataset && Array.isArray(dataset.rules) ? `(${compileCondition(parseQuery(dataset, { blueprints: [blueprint] }), params)})` : 'true';
        const rows = await this.deps.db.query(`select 1 from entities e where e.blueprint = ${params.add(blueprint.identifier)} and e.identifier_key = lower(${params.add(identifier)}) and ${filter} and ${visibility.sql(params)}`, params.values);
        if (rows.length === 0) issues.push({ path: `/inputs/${name}`, message: `"${identifier}" is not a ${blueprint.identifier} you may pick${dataset ? ' (it must match the field\'s filter)' : ''}` });
      }
    }
    if (issues.length > 0) throw new PorticoError('VALIDATION_FAILED', `Invalid inputs: ${issues[0]?.path} ${issues[0]?.message}`, issues);
  }

  private async entityJson(blueprint: string, identifier: string) {
    const rows = await this.deps.db.query<EntityRow>(`select ${ENTITY_COLUMNS} from entities e where e.blueprint = $1 and e.identifier_key = lower($2)`, [blueprint, identifier]);
    return rows[0] ? toEntity(rows[0]) : null;
  }
}
