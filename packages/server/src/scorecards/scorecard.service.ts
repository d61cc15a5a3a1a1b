import {
  type Blueprint, type Entity, type PropertyRule, type QueryRule, type RuleGroup, type ScorecardResult, PorticoError, isRuleGroup, normalizeScorecard,
} from '@portico/model';
import type { Database, Sql } from '../db/database.ts';
import { type BlueprintRegistry, CatalogCache, SqlParams, type Visibility, listBlueprints } from '../catalog/index.ts';
import { insertAuditEntries } from '../audit/index.ts';
import * as repo from './scorecard.repo.ts';
import { type CompiledScorecard, evaluateScorecard, leafOutcomes, previewScorecard } from './scorecard-evaluation.sql.ts';

export interface ScorecardServiceDeps {
  db: Database;
  registry: BlueprintRegistry;
  /** Cached counts and facets (levels are filterable): cleared when a scorecard changes. */
  cache: CatalogCache;
}

/** One rule's outcome on one entity, with the conditions that failed and the values they saw. */
export interface RuleExplanation {
  identifier: string;
  title: string;
  level: string;
  status: 'SUCCESS' | 'FAILURE';
  /** Why it failed: each failing condition and the entity's value. */
  failures: { condition: PropertyRule | QueryRule; actual: unknown; message: string }[];
}

export interface EntityScorecard {
  identifier: string;
  title: string;
  levels: { title: string; color: string }[];
  level: string;
  levelIndex: number;
  rules: RuleExplanation[];
}

const CACHE_MS = 2000;

/**
 * Scorecards: definitions (validated against the blueprint), results kept current inside every
 * entity write's transaction, level-change events, explanations and the CI check.
 */
export class ScorecardService {
  private compiled: { at: number; byBlueprint: Map<string, CompiledScorecard[]> } | null = null;

  constructor(private readonly deps: ScorecardServiceDeps) {}

  /**
   * Every scorecard, resolved against its blueprint; cached briefly (other processes may change
   * them). Inside a write, `sql` is its transaction: the embedded database has one connection.
   */
  private async all(sql: Sql = this.deps.db): Promise<Map<string, CompiledScorecard[]>> {
    if (this.compiled && Date.now() - this.compiled.at < CACHE_MS) return this.compiled.byBlueprint;
    const rows = await repo.listScorecards(sql);
    const blueprints = new Map(rows.length ? (await listBlueprints(sql)).map((b) => [b.identifier, b]) : []);
    const byBlueprint = new Map<string, CompiledScorecard[]>();
    for (const row of rows) {
      const blueprint = blueprints.get(row.scorecard.blueprint);
      if (!blueprint) continue;
      try {
        const compiled = { id: row.id, normalized: normalizeScorecard(row.scorecard as unknown as Record<string, unknown>, blueprint) };
        byBlueprint.set(blueprint.identifier, [...(byBlueprint.get(blueprint.identifier) ?? []), compiled]);
      } catch {
        // A blueprint change broke this scorecard (a property it reads is gone): it keeps its last
        // results until someone fixes it; the list shows it as stale.
      }
    }
    this.compiled = { at: Date.now(), byBlueprint };
    return byBlueprint;
  }

  private invalidate(): void {
    this.compiled = null;
  }

  async list(blueprint: string): Promise<repo.ScorecardRow[]> {
    await this.requireBlueprint(blueprint);
    return repo.listScorecards(this.deps.db, blueprint);
  }

  async get(blueprint: string, identifier: string): Promise<repo.ScorecardRow> {
    await this.requireBlueprint(blueprint);
    const row = await repo.findScorecard(this.deps.db, blueprint, identifier);
    if (!row) throw new PorticoError('NOT_FOUND', `Scorecard "${identifier}" of blueprint "${blueprint}" does not exist`);
    return row;
  }

  /** Creates or replaces a scorecard and scores the blueprint's entities with it, in one transaction. */
  async save(blueprint: string, input: Record<string, unknown>, actor: string, mode: 'create' | 'replace', identifier?: string): Promise<{ row: repo.ScorecardRow; created: boolean }> {
    const found = await this.requireBlueprint(blueprint);
    if (identifier !== undefined && input.identifier !== undefined && input.identifier !== identifier) {
      throw new PorticoError('VALIDATION_FAILED', 'The identifier in the body differs from the one in the URL', [{ path: '/identifier', message: `must be "${identifier}" or absent` }]);
    }
    const normalized = normalizeScorecard({ ...input, identifier: identifier ?? input.identifier }, found);
    const { scorecard } = normalized;
    try {
      return await this.deps.db.transaction(async (tx) => {
        const existing = await repo.findScorecard(tx, blueprint, scorecard.identifier);
        if (existing && mode === 'create') throw new PorticoError('CONFLICT', `Scorecard "${scorecard.identifier}" of blueprint "${blueprint}" already exists; PUT replaces it`, [{ path: '/identifier', message: 'is taken' }]);
        const row = existing ? await repo.updateScorecard(tx, existing.id, scorecard, actor) : await repo.insertScorecard(tx, scorecard, actor);
        await evaluateScorecard(tx, { id: row.id, normalized }, { initial: !existing });
        await insertAuditEntries(tx, [{ actor, action: existing ? 'update' : 'create', resourceType: 'scorecard', blueprint, identifier: scorecard.identifier, before: existing?.scorecard ?? null, after: scorecard, diff: null }]);
        await CatalogCache.announce(tx);
        return { row, created: !existing };
      });
    } finally {
      this.invalidate();
      this.deps.cache.changed();
    }
  }

  async delete(blueprint: string, identifier: string, actor: string): Promise<void> {
    const row = await this.get(blueprint, identifier);
    try {
      await this.deps.db.transaction(async (tx) => {
        await repo.deleteScorecard(tx, row.id);
        await insertAuditEntries(tx, [{ actor, action: 'delete', resourceType: 'scorecard', blueprint, identifier, before: row.scorecard, after: null, diff: null }]);
        await CatalogCache.announce(tx);
      });
    } finally {
      this.invalidate();
      this.deps.cache.changed();
    }
  }

  /** Entities per level for a scorecard not yet saved (the editor's live preview), among those the caller may read. */
  async preview(blueprint: string, input: Record<string, unknown>, visibility: Visibility): Promise<{ levels: { title: string; color: string; count: number }[] }> {
    const found = await this.requireBlueprint(blueprint);
    const normalized = normalizeScorecard({ identifier: 'preview', ...input }, found);
    const counts = await previewScorecard(this.deps.db, { id: '0', normalized }, (params) => visibility.sql(params));
    return { levels: normalized.scorecard.levels.map((level, i) => ({ ...level, count: counts[i] ?? 0 })) };
  }

  /** Entities per level of a stored scorecard, among those the caller may read. */
  async distribution(blueprint: string, identifier: string, visibility: Visibility): Promise<{ title: string; color: string; count: number }[]> {
    const row = await this.get(blueprint, identifier);
    const params = new SqlParams();
    const scorecardId = params.add(row.id);
    const visible = visibility.sql(params);
    const rows = await this.deps.db.query<{ level_index: number; n: number }>(
      `select r.level_index, count(*)::int as n from scorecard_results r join entities e on e.id = r.entity_id
        where r.scorecard_id = ${scorecardId}::bigint and ${visible} group by r.level_index`, params.values);
    return row.scorecard.levels.map((level, i) => ({ ...level, count: rows.find((r) => r.level_index === i)?.n ?? 0 }));
  }

  /** Every scorecard with its level counts (the overview page), among entities the caller may read. */
  async overview(visibility: Visibility): Promise<{ scorecard: repo.ScorecardRow; levels: { title: string; color: string; count: number }[] }[]> {
    const rows = await repo.listScorecards(this.deps.db);
    const params = new SqlParams();
    const visible = visibility.sql(params);
    const counts = await this.deps.db.query<{ scorecard_id: string; level_index: number; n: number }>(
      `select r.scorecard_id::text as scorecard_id, r.level_index, count(*)::int as n from scorecard_results r join entities e on e.id = r.entity_id
        where ${visible} group by 1, 2`, params.values);
    return rows.map((row) => ({
      scorecard: row,
      levels: row.scorecard.levels.map((level, i) => ({ ...level, count: counts.find((c) => c.scorecard_id === row.id && c.level_index === i)?.n ?? 0 })),
    }));
  }

  /**
   * A scorecard's standing in detail: entities per level for each owning team, each rule's pass
   * count, and the daily distribution over the last `days` days (rebuilt from the level-change
   * events, walking back from today's counts).
   */
  async insights(blueprint: string, identifier: string, visibility: Visibility, days = 30) {
    const row = await this.get(blueprint, identifier);
    const levels = row.scorecard.levels;
    const params = new SqlParams();
    const id = `${params.add(row.id)}::bigint`;
    const visible = visibility.sql(params);
    const [teamRows, ruleRows] = await Promise.all([
      this.deps.db.query<{ team: string; level_index: number; n: number }>(
        `select t.team, r.level_index, count(*)::int as n from scorecard_results r join entities e on e.id = r.entity_id,
           unnest(case when cardinality(e.team) = 0 then array[''] else e.team end) as t(team)
          where r.scorecard_id = ${id} and ${visible} group by 1, 2 order by 1`, params.values),
      this.deps.db.query<{ rule: string; passing: number; failing: number }>(
        `select x.key as rule, count(*) filter (where x.value = 'true')::int as passing, count(*) filter (where x.value <> 'true')::int as failing
           from scorecard_results r join entities e on e.id = r.entity_id, jsonb_each_text(r.rules) x
          where r.scorecard_id = ${id} and ${visible} group by 1`, params.values),
    ]);
    const teams = new Map<string, number[]>();
    for (const t of teamRows) {
      const counts = teams.get(t.team) ?? levels.map(() => 0);
      counts[t.level_index] = t.n;
      teams.set(t.team, counts);
    }
    const current = (await this.distribution(blueprint, identifier, visibility)).map((level) => level.count);
    const eventParams = new SqlParams();
    const eventVisible = visibility.sql(eventParams);
    const events = await this.deps.db.query<{ day: string; from_index: number | null; to_index: number | null }>(
      `select to_char(ev.at at time zone 'UTC', 'YYYY-MM-DD') as day, ev.from_index, ev.to_index from scorecard_events ev
         join entities e on e.blueprint = ev.blueprint and e.identifier_key = lower(ev.entity)
        where ev.blueprint = ${eventParams.add(blueprint)} and ev.scorecard = ${eventParams.add(identifier)} and ev.at > now() - make_interval(days => ${eventParams.add(days)}::int)
          and ${eventVisible} order by ev.id desc`, eventParams.values);
    const trend: { day: string; levels: number[] }[] = [];
    const counts = [...current];
    const created = row.createdAt.slice(0, 10);
    for (let back = 0; back < days; back++) {
      const day = new Date(Date.now() - back * 86_400_000).toISOString().slice(0, 10);
      if (day < created) break;
      trend.unshift({ day, levels: [...counts] });
      // Undo the day's changes to get the previous day's end.
      for (const event of events.filter((e) => e.day === day)) {
        if (event.to_index !== null && counts[event.to_index] !== undefined) counts[event.to_index] = Math.max(0, (counts[event.to_index] ?? 0) - 1);
        if (event.from_index !== null && counts[event.from_index] !== undefined) counts[event.from_index] = (counts[event.from_index] ?? 0) + 1;
      }
    }
    return {
      teams: [...teams].map(([team, byLevel]) => ({ team: team || null, levels: byLevel })),
      rules: row.scorecard.rules.map((rule) => {
        const found = ruleRows.find((r) => r.rule === rule.identifier);
        return { identifier: rule.identifier, title: rule.title, level: rule.level, passing: found?.passing ?? 0, failing: found?.failing ?? 0 };
      }),
      trend,
    };
  }

  /**
   * Re-scores what a write may have changed, inside the write's transaction: the written entities
   * on their blueprint's scorecards, and, for scorecards that read relations, the entities linked
   * to them in either direction.
   */
  async entitiesWritten(tx: Sql, written: { id: string; blueprint: string }[]): Promise<void> {
    if (written.length === 0) return;
    const all = await this.all(tx);
    if (all.size === 0) return;
    const byBlueprint = new Map<string, string[]>();
    for (const w of written) byBlueprint.set(w.blueprint, [...(byBlueprint.get(w.blueprint) ?? []), w.id]);
    const reach = new Map<number, Map<string, string[]>>();
    for (const [blueprint, scorecards] of all) {
      for (const compiled of scorecards) {
        let ids = byBlueprint.get(blueprint) ?? [];
        const hops = compiled.normalized.relationHops;
        if (hops > 0) {
          if (!reach.has(hops)) reach.set(hops, await this.neighbours(tx, written.map((w) => w.id), hops));
          ids = [...new Set([...ids, ...(reach.get(hops)?.get(blueprint) ?? [])])];
        }
        if (ids.length > 0) await evaluateScorecard(tx, compiled, { entityIds: ids });
      }
    }
  }

  /** Entities up to `hops` relations away from the written ones, either direction, by blueprint. */
  private async neighbours(tx: Sql, ids: string[], hops: number): Promise<Map<string, string[]>> {
    const seen = new Map<string, string>();
    let frontier = ids;
    for (let hop = 0; hop < hops && frontier.length > 0; hop++) {
      const found = await this.adjacent(tx, frontier);
      frontier = found.filter((row) => !seen.has(row.id) && !ids.includes(row.id)).map((row) => row.id);
      for (const row of found) seen.set(row.id, row.blueprint);
    }
    const map = new Map<string, string[]>();
    for (const [id, blueprint] of seen) map.set(blueprint, [...(map.get(blueprint) ?? []), id]);
    return map;
  }

  private async adjacent(tx: Sql, ids: string[]): Promise<{ id: string; blueprint: string }[]> {
    return tx.query<{ id: string; blueprint: string }>(
      `select s.id::text as id, s.blueprint from entities me join entity_relations r on r.target_blueprint = me.blueprint and r.target_key = me.identifier_key
         join entities s on s.id = r.source_id where me.id = any($1::bigint[])
       union
       select t.id::text, t.blueprint from entity_relations r join entities t on t.blueprint = r.target_blueprint and t.identifier_key = r.target_key
        where r.source_id = any($1::bigint[])`,
      [ids],
    );
  }

  /** Sets `scorecards` on entities for the v1 API: `{ <scorecard>: { level, rules: [{ identifier, status, level }] } }`. */
  async attachResults(entities: Entity[]): Promise<void> {
    const all = await this.all();
    const scored = entities.filter((e) => (all.get(e.blueprint)?.length ?? 0) > 0);
    if (scored.length === 0) return;
    const rows = await this.deps.db.query<repo.ResultRow & { blueprint: string; identifier_key: string }>(
      `select r.scorecard_id::text as scorecard_id, r.level_index, r.rules, e.blueprint, e.identifier_key
         from entities e join jsonb_to_recordset($1::jsonb) as k(blueprint text, identifier text) on e.blueprint = k.blueprint and e.identifier_key = lower(k.identifier)
         join scorecard_results r on r.entity_id = e.id`,
      [JSON.stringify(scored.map((e) => ({ blueprint: e.blueprint, identifier: e.identifier })))],
    );
    const byEntity = new Map<string, Record<string, ScorecardResult>>();
    for (const row of rows) {
      const compiled = all.get(row.blueprint)?.find((c) => c.id === row.scorecard_id);
      if (!compiled) continue;
      const { scorecard } = compiled.normalized;
      const key = `${row.blueprint}\u0000${row.identifier_key}`;
      const results = byEntity.get(key) ?? {};
      results[scorecard.identifier] = {
        level: scorecard.levels[row.level_index]?.title ?? scorecard.levels[0]?.title ?? '',
        rules: scorecard.rules.map((rule) => ({ identifier: rule.identifier, status: row.rules[rule.identifier] ? 'SUCCESS' : 'FAILURE', level: rule.level })),
      };
      byEntity.set(key, results);
    }
    for (const entity of scored) (entity as Entity & { scorecards?: unknown }).scorecards = byEntity.get(`${entity.blueprint}\u0000${entity.identifier.toLowerCase()}`) ?? {};
  }

  /** Every scorecard of an entity with each rule's outcome and, for failures, which condition saw which value. */
  async explain(blueprint: string, identifier: string, visibility: Visibility): Promise<EntityScorecard[]> {
    await this.requireBlueprint(blueprint);
    const [entity] = await this.deps.db.query<{ id: string; team: string[]; title: string; identifier: string; properties: Record<string, unknown>; relations: Record<string, unknown>; created_at: Date; updated_at: Date }>(
      'select id::text as id, identifier, title, team, properties, relations, created_at, updated_at from entities where blueprint = $1 and identifier_key = lower($2)', [blueprint, identifier]);
    if (!entity || !visibility.allows(blueprint, entity.team)) throw new PorticoError('NOT_FOUND', `Entity "${identifier}" of blueprint "${blueprint}" does not exist`);
    const results = new Map((await repo.findResults(this.deps.db, [entity.id])).map((r) => [r.scorecard_id, r]));
    const explained: EntityScorecard[] = [];
    for (const compiled of (await this.all()).get(blueprint) ?? []) {
      const result = results.get(compiled.id);
      if (!result) continue;
      const { scorecard } = compiled.normalized;
      const outcomes = await leafOutcomes(this.deps.db, compiled, entity.id);
      explained.push({
        identifier: scorecard.identifier, title: scorecard.title, levels: scorecard.levels,
        level: scorecard.levels[result.level_index]?.title ?? '', levelIndex: result.level_index,
        rules: scorecard.rules.map((rule, i) => {
          const passed = result.rules[rule.identifier] === true;
          const failures = passed ? [] : leafRules(rule.query).flatMap((leaf, j) => (outcomes[i]?.[j] ? [] : [describeFailure(leaf, entity)]));
          return { identifier: rule.identifier, title: rule.title, level: rule.level, status: passed ? 'SUCCESS' : 'FAILURE', failures };
        }),
      });
    }
    return explained;
  }

  /**
   * The CI gate: does the entity stand on `minLevel` or higher? Failing rules up to that level are
   * listed with their reasons.
   */
  async check(blueprint: string, identifier: string, scorecardId: string, minLevel: string | undefined, visibility: Visibility) {
    const all = await this.explain(blueprint, identifier, visibility);
    const card = all.find((c) => c.identifier === scorecardId);
    if (!card) {
      await this.get(blueprint, scorecardId);
      throw new PorticoError('NOT_FOUND', `Entity "${identifier}" is not scored by "${scorecardId}" (its filter leaves it out)`);
    }
    const wanted = minLevel ?? card.levels[card.levels.length - 1]?.title ?? '';
    const wantedIndex = card.levels.findIndex((l) => l.title.toLowerCase() === wanted.toLowerCase());
    if (wantedIndex < 0) throw new PorticoError('VALIDATION_FAILED', `"${wanted}" is not a level of ${scorecardId} (${card.levels.map((l) => l.title).join(', ')})`, [{ path: '/querystring/minLevel', message: 'names no level' }]);
    const required = new Set(card.levels.slice(1, wantedIndex + 1).map((l) => l.title));
    const failing = card.rules.filter((r) => r.status === 'FAILURE' && required.has(r.level));
    return { passed: card.levelIndex >= wantedIndex, level: card.level, minLevel: card.levels[wantedIndex]?.title ?? wanted, failing };
  }

  /** Level changes, newest first: the durable feed automations will read. */
  async events(filter: { blueprint?: string; scorecard?: string; entity?: string; limit: number }) {
    const where: string[] = [];
    const params: unknown[] = [];
    for (const [column, value] of [['blueprint', filter.blueprint], ['scorecard', filter.scorecard], ['entity', filter.entity]] as const) {
      if (value) {
        params.push(value);
        where.push(`${column} = $${params.length}`);
      }
    }
    params.push(filter.limit);
    const rows = await this.deps.db.query<{ id: string; at: Date; blueprint: string; scorecard: string; entity: string; team: string[]; from_level: string | null; to_level: string | null }>(
      `select id::text as id, at, blueprint, scorecard, entity, team, from_level, to_level from scorecard_events ${where.length ? `where ${where.join(' and ')}` : ''} order by scorecard_events.id desc limit $${params.length}`, params);
    return rows.map((r) => ({ id: r.id, at: r.at instanceof Date ? r.at.toISOString() : String(r.at), blueprint: r.blueprint, scorecard: r.scorecard, entity: r.entity, team: r.team, fromLevel: r.from_level, toLevel: r.to_level }));
  }

  private async requireBlueprint(blueprint: string): Promise<Blueprint> {
    const found = await this.deps.registry.get(blueprint);
    if (!found) throw new PorticoError('NOT_FOUND', `Blueprint "${blueprint}" does not exist`);
    return found;
  }
}

/** The leaf rules of a query, depth first (the order the evaluation's leaf outcomes follow). */
function leafRules(group: RuleGroup): QueryRule[] {
  return group.rules.flatMap((rule) => (isRuleGroup(rule) ? leafRules(rule) : [rule]));
}

const META: Record<string, (e: { identifier: string; title: string; team: string[]; created_at: Date; updated_at: Date }) => unknown> = {
  $identifier: (e) => e.identifier, $title: (e) => e.title, $team: (e) => e.team, $createdAt: (e) => e.created_at, $updatedAt: (e) => e.updated_at,
};

/** "language is \"rust\"; wanted = \"go\"": the failing condition and what the entity holds there. */
function describeFailure(rule: QueryRule, entity: { identifier: string; title: string; team: string[]; properties: Record<string, unknown>; relations: Record<string, unknown>; created_at: Date; updated_at: Date }) {
  if (isRuleGroup(rule) || rule.operator === 'relatedTo') return { condition: rule, actual: null, message: 'no related entity matches' };
  const property = rule as PropertyRule;
  const path = Array.isArray(property.property) ? property.property : property.property.split('.');
  const head = path[0] ?? '';
  const dig = (root: Record<string, unknown>, keys: string[]) => keys.reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), root);
  const actual = head.startsWith('$') ? META[head]?.(entity)
    : head === 'relations' ? entity.relations[path[1] ?? '']
    : head === 'properties' ? dig(entity.properties, path.slice(1))
    : head in entity.properties ? dig(entity.properties, path)
    : entity.relations[head];
  const name = path.join('.');
  const shown = actual === null || actual === undefined || (Array.isArray(actual) && actual.length === 0) ? 'empty' : JSON.stringify(actual);
  const wanted = property.value === undefined ? property.operator : `${property.operator} ${JSON.stringify(property.value)}`;
  return { condition: property, actual: actual ?? null, message: `${name} is ${shown}; the rule wants ${wanted}` };
}
