import type { Action, Run, RunApproval, RunLog, RunStatus } from '@portico/model';
import type { Sql } from '../db/database.ts';
import { json, toIso } from '../db/rows.ts';

export type { Run, RunLog };

export interface RunRecord extends Run {
  secrets: string | null;
  tokenHash: string;
  jobId: string | null;
}

interface Row {
  id: string; action: string; definition: Action; blueprint: string | null; entity: string | null; inputs: Record<string, unknown>; secrets: string | null;
  status: RunStatus; status_label: string | null; links: string[]; summary: string | null; error: string | null; requested_by: string; token_hash: string;
  job_id: string | null; approvals: RunApproval[]; entities: { blueprint: string; identifier: string }[];
  created_at: Date; updated_at: Date; started_at: Date | null; ended_at: Date | null; timeout_at: Date | null;
}

const COLUMNS = 'id::text as id, action, definition, blueprint, entity, inputs, secrets, status, status_label, links, summary, error, requested_by, token_hash, job_id::text as job_id, approvals, entities, created_at, updated_at, started_at, ended_at, timeout_at';
const iso = (d: Date | null) => (d ? toIso(d) : null);
const toRecord = (r: Row): RunRecord => ({
  id: r.id, action: r.action, definition: r.definition, blueprint: r.blueprint, entity: r.entity, inputs: r.inputs, secrets: r.secrets,
  status: r.status, statusLabel: r.status_label, links: r.links, summary: r.summary, error: r.error, requestedBy: r.requested_by, tokenHash: r.token_hash,
  jobId: r.job_id, approvals: r.approvals, entities: r.entities, createdAt: toIso(r.created_at), updatedAt: toIso(r.updated_at),
  startedAt: iso(r.started_at), endedAt: iso(r.ended_at), timeoutAt: iso(r.timeout_at),
});

/** A run as the API shows it: no token hash, no sealed secrets, no job id. */
export function publicRun(record: RunRecord): Run {
  const { secrets: _s, tokenHash: _t, jobId: _j, ...run } = record;
  return run;
}

export async function insertRun(sql: Sql, run: { action: Action; blueprint: string | null; entity: string | null; inputs: Record<string, unknown>; secrets: string | null; status: RunStatus; requestedBy: string; tokenHash: string; timeoutMinutes: number }): Promise<RunRecord> {
  const rows = await sql.query<Row>(
    `insert into action_runs (action, definition, blueprint, entity, inputs, secrets, status, requested_by, token_hash, timeout_at)
     values ($1, $2::jsonb, $3, $4, $5::jsonb, $6, $7, $8, $9, now() + make_interval(mins => $10::int)) returning ${COLUMNS}`,
    [run.action.identifier, json(run.action), run.blueprint, run.entity, json(run.inputs), run.secrets, run.status, run.requestedBy, run.tokenHash, run.timeoutMinutes]);
  return toRecord(rows[0] as Row);
}

export async function findRun(sql: Sql, id: string, lock = false): Promise<RunRecord | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const rows = await sql.query<Row>(`select ${COLUMNS} from action_runs where id = $1::uuid${lock ? ' for update' : ''}`, [id]);
  return rows[0] ? toRecord(rows[0]) : null;
}

export interface RunFilter {
  action?: string; blueprint?: string; entity?: string; requestedBy?: string; status?: string; limit: number; before?: string;
  /** Only runs waiting for the viewer's decision: they may approve, did not request, have not yet decided. */
  awaitingMe?: boolean;
}

/**
 * Who is listing: everyone sees their own runs; approvers also see the runs they may decide on
 * (the rule of `mayApprove`, in SQL, so limits and cursors stay right); admins and moderators see all.
 */
export interface RunViewer { all: boolean; id: string; user: string | null; teams: readonly string[]; role: string; moderates: readonly string[] }

/** SQL: the viewer may decide on the run (`mayApprove` in action-permissions.ts, less the requester check). */
function approvableBy(viewer: RunViewer, add: (v: unknown) => string): string {
  const moderates = viewer.role === 'moderator' ? ` and (blueprint is null or lower(blueprint) = any(${add(viewer.moderates.map((m) => m.toLowerCase()))}::text[]))` : '';
  const approvable = [
    ...(viewer.user ? [`exists (select 1 from jsonb_array_elements_text(coalesce(definition->'approval'->'users', '[]')) u where lower(u) = ${add(viewer.user.toLowerCase())})`] : []),
    `exists (select 1 from jsonb_array_elements_text(coalesce(definition->'approval'->'teams', '[]')) t where lower(t) = any(${add(viewer.teams.map((t) => t.toLowerCase()))}::text[]))`,
    `(coalesce(definition->'approval'->'roles', '[]') ? ${add(viewer.role)}${moderates})`,
  ];
  return `(jsonb_typeof(definition->'approval') = 'object' and (${approvable.join(' or ')}))`;
}

export async function listRuns(sql: Sql, filter: RunFilter, viewer: RunViewer): Promise<Run[]> {
  const where: string[] = [];
  const values: unknown[] = [];
  const add = (v: unknown) => { values.push(v); return `$${values.length}`; };
  if (filter.action) where.push(`action = ${add(filter.action)}`);
  if (filter.blueprint && filter.entity) {
    // Runs on the entity, and runs whose receiver reported creating or changing it.
    const bp = add(filter.blueprint);
    const id = add(filter.entity);
    where.push(`((blueprint = ${bp} and lower(entity) = lower(${id})) or entities @> jsonb_build_array(jsonb_build_object('blueprint', ${bp}::text, 'identifier', ${id}::text)))`);
  } else {
    if (filter.blueprint) where.push(`blueprint = ${add(filter.blueprint)}`);
    if (filter.entity) where.push(`lower(entity) = lower(${add(filter.entity)})`);
  }
  if (filter.requestedBy) where.push(`requested_by = ${add(filter.requestedBy)}`);
  if (filter.status) where.push(`status = ${add(filter.status)}`);
  if (filter.before) where.push(`created_at < ${add(filter.before)}::timestamptz`);
  if (filter.awaitingMe) {
    // Runs the viewer may decide on are runs they may see: no visibility clause besides.
    where.push(`status = 'WAITING_FOR_APPROVAL' and requested_by <> ${add(viewer.id)} and ${approvableBy(viewer, add)}`);
    where.push(`not exists (select 1 from jsonb_array_elements(approvals) a where a->>'user' = ${add(viewer.user ?? viewer.id)})`);
  } else if (!viewer.all) where.push(`(requested_by = ${add(viewer.id)} or ${approvableBy(viewer, add)})`);
  const rows = await sql.query<Row>(`select ${COLUMNS} from action_runs ${where.length ? `where ${where.join(' and ')}` : ''} order by created_at desc, id limit ${add(filter.limit)}`, values);
  return rows.map((r) => publicRun(toRecord(r)));
}

/** Changes a run that has not ended; returns null when it already has (a run ends once). */
export async function updateRun(sql: Sql, id: string, change: Partial<{ status: RunStatus; statusLabel: string | null; links: string[]; summary: string | null; error: string | null; approvals: unknown[]; entities: unknown[]; jobId: string; started: boolean; ended: boolean }>): Promise<RunRecord | null> {
  const sets: string[] = ['updated_at = now()'];
  const values: unknown[] = [id];
  const add = (v: unknown) => { values.push(v); return `$${values.length}`; };
  if (change.status !== undefined) sets.push(`status = ${add(change.status)}`);
  if (change.statusLabel !== undefined) sets.push(`status_label = ${add(change.statusLabel)}`);
  if (change.links !== undefined) sets.push(`links = ${add(json(change.links))}::jsonb`);
  if (change.summary !== undefined) sets.push(`summary = ${add(change.summary)}`);
  if (change.error !== undefined) sets.push(`error = ${add(change.error)}`);
  if (change.approvals !== undefined) sets.push(`approvals = ${add(json(change.approvals))}::jsonb`);
  if (change.entities !== undefined) sets.push(`entities = ${add(json(change.entities))}::jsonb`);
  if (change.jobId !== undefined) sets.push(`job_id = ${add(change.jobId)}::bigint`);
  if (change.started) sets.push('started_at = coalesce(started_at, now())');
  if (change.ended) sets.push('ended_at = now()');
  const rows = await sql.query<Row>(
    `update action_runs set ${sets.join(', ')} where id = $1::uuid and status not in ('SUCCESS', 'FAILURE', 'DECLINED', 'CANCELLED', 'TIMED_OUT') returning ${COLUMNS}`, values);
  return rows[0] ? toRecord(rows[0]) : null;
}

export async function addLog(sql: Sql, runId: string, message: string, level = 'INFO'): Promise<void> {
  await sql.query('insert into action_run_logs (run_id, level, message) values ($1::uuid, $2, $3)', [runId, level, message.slice(0, 20000)]);
}

export async function logsOf(sql: Sql, runId: string, afterId = '0'): Promise<RunLog[]> {
  const rows = await sql.query<{ id: string; at: Date; level: string; message: string }>(
    'select id::text as id, at, level, message from action_run_logs where run_id = $1::uuid and id > $2::bigint order by id limit 1000', [runId, afterId]);
  return rows.map((r) => ({ id: r.id, at: toIso(r.at), level: r.level, message: r.message }));
}

/** Runs past their deadline that have not ended. */
export async function overdueRuns(sql: Sql): Promise<RunRecord[]> {
  const rows = await sql.query<Row>(`select ${COLUMNS} from action_runs where status in ('QUEUED', 'RUNNING', 'WAITING_FOR_APPROVAL') and timeout_at < now() limit 100`);
  return rows.map(toRecord);
}
