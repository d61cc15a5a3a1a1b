import type { SqlParams } from './sql-params.ts';

/**
 * Which entities a caller may read, as SQL every read path adds to its WHERE: blueprints hidden
 * outright, and blueprints of which only the caller's teams' entities show. An unrestricted
 * visibility adds nothing, so admins and integrations read on the same plans as before.
 */
export class Visibility {
  static readonly ALL = new Visibility([], [], []);

  private readonly teamForms: string[];

  constructor(readonly hidden: readonly string[], readonly ownedOnly: readonly string[], readonly teams: readonly string[]) {
    // Ownership is matched as written on the entity or in lowercase (how relation keys store it).
    this.teamForms = [...new Set(teams.flatMap((t) => [t, t.toLowerCase()]))];
  }

  get unrestricted(): boolean {
    return this.hidden.length === 0 && this.ownedOnly.length === 0;
  }

  /** Distinguishes cached aggregates of callers who see different entities. */
  get key(): string {
    return this.unrestricted ? '' : JSON.stringify([this.hidden, this.ownedOnly, this.teamForms]);
  }

  /** Whether one entity (its blueprint and owning teams) is visible. */
  allows(blueprint: string, team: readonly string[]): boolean {
    if (this.hidden.includes(blueprint)) return false;
    if (!this.ownedOnly.includes(blueprint)) return true;
    return team.some((t) => this.teamForms.includes(t) || this.teamForms.includes(t.toLowerCase()));
  }

  /** A condition on an entities row (alias `e` by default); `true` when unrestricted. */
  sql(params: SqlParams, alias = 'e'): string {
    return this.condition(params, `${alias}.blueprint`, (teams) => `${alias}.team && ${teams}`);
  }

  /** A condition on an `entity_relations` row (alias `r`): is the edge's target visible? */
  targetSql(params: SqlParams): string {
    return this.condition(params, 'r.target_blueprint', (teams) =>
      `exists (select 1 from entities vt where vt.blueprint = r.target_blueprint and vt.identifier_key = r.target_key and vt.team && ${teams})`);
  }

  /** A condition on an `entity_relations` row (alias `r`): is the edge's source visible? */
  sourceSql(params: SqlParams): string {
    return this.condition(params, 'r.source_blueprint', (teams) => `exists (select 1 from entities vs where vs.id = r.source_id and vs.team && ${teams})`);
  }

  /**
   * The same rule over any row that names a blueprint and its owners (audit entries, edges).
   * @param owned builds the ownership test from the caller's teams as a text[] expression.
   */
  condition(params: SqlParams, blueprintColumn: string, owned: (teams: string) => string): string {
    if (this.unrestricted) return 'true';
    const parts: string[] = [];
    if (this.hidden.length > 0) parts.push(`${blueprintColumn} <> all(${params.textArray([...this.hidden])})`);
    if (this.ownedOnly.length > 0) {
      const teams = this.teamForms.length > 0 ? owned(params.textArray(this.teamForms)) : 'false';
      parts.push(`(${blueprintColumn} <> all(${params.textArray([...this.ownedOnly])}) or ${teams})`);
    }
    return `(${parts.join(' and ')})`;
  }
}
