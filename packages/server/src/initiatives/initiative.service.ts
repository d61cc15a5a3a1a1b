import { type Initiative, type InitiativeProgress, PorticoError, normalizeInitiative } from '@portico/model';
import type { Database, Sql } from '../db/database.ts';
import { type BlueprintRegistry, Visibility } from '../catalog/index.ts';
import { insertAuditEntries } from '../audit/index.ts';
import { findScorecard } from '../scorecards/scorecard.repo.ts';
import * as repo from './initiative.repo.ts';
import { initiativeScope } from './initiative-scope.sql.ts';

const TODO_PER_TEAM = 50;

export interface InitiativeServiceDeps {
  db: Database;
  registry: BlueprintRegistry;
}

export interface TeamStanding extends InitiativeProgress {
  team: string | null;
  /** Entities of the team that miss the target, with the rules each still fails (first 50). */
  todo: { identifier: string; title: string; failing: string[] }[];
  more: number;
}

const progressOf = (compliant: number, total: number): InitiativeProgress => ({ compliant, total, percent: total === 0 ? 100 : Math.round((compliant / total) * 1000) / 10 });

/** Initiatives: their definitions, progress now (overall and per owning team), the to-do list, and daily history. */
export class InitiativeService {
  constructor(private readonly deps: InitiativeServiceDeps) {}

  async list(visibility: Visibility): Promise<(repo.InitiativeRow & { progress: InitiativeProgress | null })[]> {
    const rows = await repo.listInitiatives(this.deps.db);
    return Promise.all(rows.map(async (row) => ({ ...row, progress: await this.progress(row, visibility).catch(() => null) })));
  }

  async get(identifier: string): Promise<repo.InitiativeRow> {
    const row = await repo.findInitiative(this.deps.db, identifier);
    if (!row) throw new PorticoError('NOT_FOUND', `Initiative "${identifier}" does not exist`);
    return row;
  }

  /** The initiative in detail: progress, each team's standing and to-do list, and the daily history. */
  async detail(identifier: string, visibility: Visibility) {
    const row = await this.get(identifier);
    await this.snapshot(row);
    const { scope, requiredRules } = await this.scope(row.initiative, visibility);
    const { from, where, compliant, params } = scope;
    const teams = await this.deps.db.query<{ team: string; compliant: number; total: number }>(
      `select t.team, count(*) filter (where ${compliant})::int as compliant, count(*)::int as total
         from ${from}, unnest(case when cardinality(e.team) = 0 then array[''] else e.team end) as t(team)
        where ${where} group by 1 order by 1`, params.values);
    const required = params.add(requiredRules);
    const todo = await this.deps.db.query<{ team: string; identifier: string; title: string; failing: string[] | null; n: number }>(
      `select * from (
         select t.team, e.identifier, e.title,
                (select array_agg(x.key order by x.key) from jsonb_each_text(r.rules) x where x.key = any(${required}::text[]) and x.value <> 'true') as failing,
                row_number() over (partition by t.team order by e.identifier) as n
           from ${from}, unnest(case when cardinality(e.team) = 0 then array[''] else e.team end) as t(team)
          where ${where} and not (${compliant})) s
        where s.n <= ${TODO_PER_TEAM}`, params.values);
    const standings: TeamStanding[] = teams.map((t) => ({
      team: t.team || null,
      ...progressOf(t.compliant, t.total),
      todo: todo.filter((x) => x.team === t.team).map((x) => ({ identifier: x.identifier, title: x.title, failing: x.failing ?? [] })),
      more: Math.max(0, t.total - t.compliant - TODO_PER_TEAM),
    }));
    // Teams furthest behind first: that is who has work to do.
    standings.sort((a, b) => a.percent - b.percent || (b.total - b.compliant) - (a.total - a.compliant));
    return {
      row,
      progress: await this.progress(row, visibility),
      teams: standings,
      history: (await repo.progressHistory(this.deps.db, row.id)).map((h) => ({ ...h, ...progressOf(h.compliant, h.total) })),
      requiredRules,
    };
  }

  async save(input: unknown, actor: string, mode: 'create' | 'replace', identifier?: string): Promise<{ row: repo.InitiativeRow; created: boolean }> {
    if (identifier !== undefined && typeof input === 'object' && input !== null && (input as { identifier?: unknown }).identifier !== undefined && (input as { identifier?: unknown }).identifier !== identifier) {
      throw new PorticoError('VALIDATION_FAILED', 'The identifier in the body differs from the one in the URL', [{ path: '/identifier', message: `must be "${identifier}" or absent` }]);
    }
    const document = identifier !== undefined && typeof input === 'object' && input !== null ? { ...input, identifier } : input;
    const { initiative } = await this.normalize(this.deps.db, document);
    const result = await this.deps.db.transaction(async (tx) => {
      const existing = await repo.findInitiative(tx, initiative.identifier);
      if (existing && mode === 'create') throw new PorticoError('CONFLICT', `Initiative "${initiative.identifier}" already exists; PUT replaces it`, [{ path: '/identifier', message: 'is taken' }]);
      if (!existing && mode === 'replace') throw new PorticoError('NOT_FOUND', `Initiative "${initiative.identifier}" does not exist`);
      const row = existing ? await repo.updateInitiative(tx, existing.id, initiative, actor) : await repo.insertInitiative(tx, initiative, actor);
      await insertAuditEntries(tx, [{ actor, action: existing ? 'update' : 'create', resourceType: 'initiative', blueprint: initiative.blueprint, identifier: initiative.identifier, before: existing?.initiative ?? null, after: initiative, diff: null }]);
      return { row, created: !existing };
    });
    await this.snapshot(result.row);
    return result;
  }

  async delete(identifier: string, actor: string): Promise<void> {
    const row = await this.get(identifier);
    await this.deps.db.transaction(async (tx) => {
      await repo.deleteInitiative(tx, row.id);
      await insertAuditEntries(tx, [{ actor, action: 'delete', resourceType: 'initiative', blueprint: row.initiative.blueprint, identifier, before: row.initiative, after: null, diff: null }]);
    });
  }

  /** Records today's standing of every initiative (or one): the history the chart draws. */
  async snapshot(only?: repo.InitiativeRow, now = new Date()): Promise<number> {
    const rows = only ? [only] : await repo.listInitiatives(this.deps.db);
    let recorded = 0;
    for (const row of rows) {
      const progress = await this.progress(row, Visibility.ALL).catch(() => null);
      if (!progress) continue;
      await repo.recordProgress(this.deps.db, row.id, now.toISOString().slice(0, 10), progress.compliant, progress.total);
      recorded++;
    }
    return recorded;
  }

  private async progress(row: repo.InitiativeRow, visibility: Visibility): Promise<InitiativeProgress> {
    const { scope } = await this.scope(row.initiative, visibility);
    const [counts] = await this.deps.db.query<{ compliant: number; total: number }>(
      `select count(*) filter (where ${scope.compliant})::int as compliant, count(*)::int as total from ${scope.from} where ${scope.where}`, scope.params.values);
    return progressOf(counts?.compliant ?? 0, counts?.total ?? 0);
  }

  private async scope(initiative: Initiative, visibility: Visibility) {
    const { scorecardId, scorecard, blueprint, requiredRules } = await this.resolve(this.deps.db, initiative);
    return { scope: initiativeScope(initiative, scorecardId, scorecard, blueprint, visibility), requiredRules };
  }

  private async normalize(sql: Sql, input: unknown) {
    const doc = (typeof input === 'object' && input !== null ? input : {}) as { blueprint?: unknown; scorecard?: unknown };
    const blueprint = typeof doc.blueprint === 'string' ? (await this.deps.registry.get(doc.blueprint)) ?? null : null;
    const scorecard = blueprint && typeof doc.scorecard === 'string' ? await findScorecard(sql, blueprint.identifier, doc.scorecard) : null;
    return normalizeInitiative(input, scorecard?.scorecard ?? null, blueprint);
  }

  /** The initiative against its scorecard as it stands now (a changed scorecard may have dropped its target). */
  private async resolve(sql: Sql, initiative: Initiative) {
    const blueprint = await this.deps.registry.get(initiative.blueprint);
    const found = blueprint ? await findScorecard(sql, initiative.blueprint, initiative.scorecard) : null;
    if (!blueprint || !found) throw new PorticoError('CONFLICT', `Initiative "${initiative.identifier}" names scorecard "${initiative.scorecard}" of ${initiative.blueprint}, which no longer exists`);
    const { requiredRules } = normalizeInitiative(initiative, found.scorecard, blueprint);
    return { scorecardId: found.id, scorecard: found.scorecard, blueprint, requiredRules };
  }
}
