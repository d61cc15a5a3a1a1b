import { type Condition, type DatePreset, type MetaProperty, type PropertyOperator, resolveDatePreset } from '@portico/model';
import { type SqlParams, escapeLike } from './sql-params.ts';

const META_COLUMNS: Record<MetaProperty, string> = {
  $identifier: 'e.identifier',
  $title: 'e.title',
  $blueprint: 'e.blueprint',
  $team: 'e.team',
  $icon: 'e.icon',
  $createdAt: 'e.created_at',
  $updatedAt: 'e.updated_at',
  $createdBy: 'e.created_by',
  $updatedBy: 'e.updated_by',
};

/**
 * Compiles a resolved query to a SQL boolean over the alias `e` (entities). Every value is a
 * parameter; the shapes chosen (`@>` containment, `team &&`) are the ones the indexes serve.
 */
export function compileCondition(condition: Condition, params: SqlParams, now = new Date()): string {
  switch (condition.kind) {
    case 'group': {
      if (condition.conditions.length === 0) return 'true';
      const parts = condition.conditions.map((c) => `(${compileCondition(c, params, now)})`);
      return parts.join(condition.combinator === 'and' ? ' and ' : ' or ');
    }
    case 'meta':
      return compileMeta(condition.field, condition.operator, condition.value, params, now);
    case 'property':
      return compileProperty(condition.path, condition.operator, condition.value, params, now);
    case 'relation':
      return compileRelation(condition.relation, condition.operator, condition.value, params);
    case 'relatedTo':
      return compileRelatedTo(condition, params);
    case 'scorecard':
      return compileScorecard(condition, params);
  }
}

/** The result row of the entity on a scorecard of its blueprint (alias `sr`, its scorecard `sc`). */
const scorecardResult = (scorecard: string, test: string) =>
  `exists (select 1 from scorecard_results sr join scorecards sc on sc.id = sr.scorecard_id where sr.entity_id = e.id and sc.blueprint = e.blueprint and sc.identifier = ${scorecard} and ${test})`;

/** A level title's place on the ladder (0 is the first level). */
const levelIndex = (title: string) => `(select (l.ord - 1)::int from jsonb_array_elements(sc.definition -> 'levels') with ordinality as l(v, ord) where l.v ->> 'title' = ${title})`;

function compileScorecard(condition: Extract<Condition, { kind: 'scorecard' }>, params: SqlParams): string {
  const scorecard = params.add(condition.scorecard);
  if (condition.rule) {
    const passed = condition.value === true || condition.value === 'SUCCESS';
    const wanted = condition.operator === '=' ? passed : !passed;
    return scorecardResult(scorecard, `(sr.rules ->> ${params.add(condition.rule)})::boolean = ${wanted ? 'true' : 'false'}`);
  }
  const title = `(sc.definition -> 'levels' -> sr.level_index ->> 'title')`;
  const list = (v: unknown) => params.json((Array.isArray(v) ? v : [v]).map(String));
  switch (condition.operator) {
    case '=': return scorecardResult(scorecard, `${title} = ${params.add(String(condition.value))}`);
    case '!=': return `not ${scorecardResult(scorecard, `${title} = ${params.add(String(condition.value))}`)}`;
    case 'in': return scorecardResult(scorecard, `${list(condition.value)} ? ${title}`);
    case 'notIn': return `not ${scorecardResult(scorecard, `${list(condition.value)} ? ${title}`)}`;
    case 'isEmpty': return `not ${scorecardResult(scorecard, 'true')}`;
    case 'isNotEmpty': return scorecardResult(scorecard, 'true');
    case '<': case '<=': case '>': case '>=':
      return scorecardResult(scorecard, `sr.level_index ${condition.operator} ${levelIndex(params.add(String(condition.value)))}`);
    default: return 'false';
  }
}

function compileMeta(field: MetaProperty, operator: PropertyOperator, value: unknown, params: SqlParams, now: Date): string {
  const column = META_COLUMNS[field];
  if (field === '$team') {
    switch (operator) {
      case '=': case 'contains': return `${column} @> array[${params.add(String(value))}::text]`;
      case '!=': return `not (${column} @> array[${params.add(String(value))}::text])`;
      case 'in': case 'containsAny': return `${column} && ${params.textArray(value as unknown[])}`;
      case 'notIn': return `not (${column} && ${params.textArray(value as unknown[])})`;
      case 'isEmpty': return `cardinality(${column}) = 0`;
      case 'isNotEmpty': return `cardinality(${column}) > 0`;
      default: return `exists (select 1 from unnest(${column}) t where ${compileText('t', operator, value, params)})`;
    }
  }
  if (field === '$createdAt' || field === '$updatedAt') {
    if (operator === 'between') {
      const { from, to } = dateRange(value, now);
      return `${column} >= ${params.add(from)}::timestamptz and ${column} < ${params.add(to)}::timestamptz`;
    }
    if (['<', '<=', '>', '>=', '=', '!='].includes(operator)) {
      const op = operator === '!=' ? '<>' : operator;
      return `${column} ${op} ${params.add(String(value))}::timestamptz`;
    }
    if (operator === 'isEmpty') return 'false';
    if (operator === 'isNotEmpty') return 'true';
    return `${column}::text ${operator === 'notIn' ? 'not ' : ''}in (select jsonb_array_elements_text(${params.json(value)}))`;
  }
  if (field === '$identifier') {
    // Identifiers compare case-insensitively, as Backstage refs do; the lower() column is indexed.
    if (operator === '=') return `e.identifier_key = lower(${params.add(String(value))})`;
    if (operator === 'in') return `e.identifier_key in (select lower(x) from jsonb_array_elements_text(${params.json(value)}) x)`;
  }
  return compileText(column, operator, value, params);
}

/** Conditions on a text column. */
function compileText(column: string, operator: PropertyOperator, value: unknown, params: SqlParams): string {
  const text = () => params.add(value === null || value === undefined ? '' : String(value));
  switch (operator) {
    case '=': return `${column} = ${text()}`;
    case '!=': return `${column} is distinct from ${text()}`;
    case '<': case '<=': case '>': case '>=': return `${column} ${operator} ${text()}`;
    case 'in': case 'containsAny': return `${column} in (select jsonb_array_elements_text(${params.json(value)}))`;
    case 'notIn': return `${column} is not null and ${column} not in (select jsonb_array_elements_text(${params.json(value)}))`;
    case 'contains': return `${column} ilike ${params.add(`%${escapeLike(String(value))}%`)}`;
    case 'beginsWith': return `${column} like ${params.add(`${escapeLike(String(value))}%`)}`;
    case 'endsWith': return `${column} like ${params.add(`%${escapeLike(String(value))}`)}`;
    case 'isEmpty': return `(${column} is null or ${column} = '')`;
    case 'isNotEmpty': return `(${column} is not null and ${column} <> '')`;
    case 'between': return 'false';
  }
}

function nest(path: string[], value: unknown): unknown {
  return path.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value);
}

function compileProperty(path: string[], operator: PropertyOperator, value: unknown, params: SqlParams, now: Date): string {
  // Built on first use: a parameter added but not referenced has no type, which PostgreSQL refuses.
  let built: string | null = null;
  const property = () => (built ??= path.reduce((expr, key) => `${expr} -> ${params.add(key)}`, 'e.properties'));
  const jsonType = (v: unknown) => (typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'boolean' : 'string');
  switch (operator) {
    case '=':
      // Containment of a scalar is exact equality, and the GIN index on properties serves it.
      if (value === null) return `(${property()} is null or ${property()} = 'null'::jsonb)`;
      if (typeof value === 'object') return `${property()} = ${params.json(value)}`;
      return `e.properties @> ${params.json(nest(path, value))}`;
    case '!=':
      if (value === null) return `(${property()} is not null and ${property()} <> 'null'::jsonb)`;
      if (typeof value === 'object') return `${property()} is distinct from ${params.json(value)}`;
      return `not (e.properties @> ${params.json(nest(path, value))})`;
    case '<': case '<=': case '>': case '>=':
      // jsonb orders values of different types by type; the typeof guard keeps "10" out of a numeric comparison.
      return `(jsonb_typeof(${property()}) = '${jsonType(value)}' and ${property()} ${operator} ${params.json(value)})`;
    case 'between': {
      const { from, to } = dateRange(value, now);
      return `(jsonb_typeof(${property()}) = 'string' and (${property()} #>> '{}') >= ${params.add(from)} and (${property()} #>> '{}') < ${params.add(to)})`;
    }
    case 'in':
      return `${params.json(value)} @> jsonb_build_array(${property()})`;
    case 'notIn':
      return `not coalesce(${params.json(value)} @> jsonb_build_array(${property()}), false)`;
    case 'contains':
      return `(case when jsonb_typeof(${property()}) = 'array' then ${property()} @> jsonb_build_array(${params.json(value)})
        when jsonb_typeof(${property()}) = 'string' then (${property()} #>> '{}') ilike ${params.add(`%${escapeLike(String(value))}%`)} else false end)`;
    case 'containsAny':
      return `(jsonb_typeof(${property()}) = 'array' and exists (select 1 from jsonb_array_elements(${property()}) x where ${params.json(value)} @> jsonb_build_array(x)))`;
    case 'beginsWith':
      return `(jsonb_typeof(${property()}) = 'string' and (${property()} #>> '{}') like ${params.add(`${escapeLike(String(value))}%`)})`;
    case 'endsWith':
      return `(jsonb_typeof(${property()}) = 'string' and (${property()} #>> '{}') like ${params.add(`%${escapeLike(String(value))}`)})`;
    case 'isEmpty':
      return `coalesce(${property()} in ('null'::jsonb, '""'::jsonb, '[]'::jsonb, '{}'::jsonb), true)`;
    case 'isNotEmpty':
      return `not coalesce(${property()} in ('null'::jsonb, '""'::jsonb, '[]'::jsonb, '{}'::jsonb), true)`;
  }
}

/** A relation filter compares target identifiers (`system = podcast`), case-insensitively. */
function compileRelation(relation: string, operator: PropertyOperator, value: unknown, params: SqlParams): string {
  const name = params.add(relation);
  const edge = (targetCondition: string) => `exists (select 1 from entity_relations r where r.source_id = e.id and r.relation = ${name} and ${targetCondition})`;
  const targets = (v: unknown) => (Array.isArray(v) ? v : [v]).map((x) => String(x).toLowerCase());
  const matches = (v: unknown) => {
    // A target may be written "identifier" or "blueprint:identifier".
    const keys = params.json(targets(v));
    return `(${keys} ? r.target_key or ${keys} ? (r.target_blueprint || ':' || r.target_key))`;
  };
  switch (operator) {
    case '=': case 'in': case 'containsAny': return edge(matches(value));
    case '!=': case 'notIn': return `not ${edge(matches(value))}`;
    case 'isEmpty': return `not ${edge('true')}`;
    case 'isNotEmpty': return edge('true');
    default: return 'false';
  }
}

function compileRelatedTo(condition: Extract<Condition, { kind: 'relatedTo' }>, params: SqlParams): string {
  const blueprint = params.add(condition.blueprint);
  const keys = `(select lower(x) from jsonb_array_elements_text(${params.json(condition.identifiers)}) x)`;
  const relationFilter = condition.relation ? ` and r.relation = ${params.add(condition.relation)}` : '';
  const maxHops = params.add(condition.maxHops);
  const step = condition.direction === 'upstream'
    ? `select r.target_blueprint, r.target_key, w.depth + 1 from walk w
         join entities s on s.blueprint = w.bp and s.identifier_key = w.key
         join entity_relations r on r.source_id = s.id${relationFilter}
       where w.depth < ${maxHops}::int`
    : `select s.blueprint, s.identifier_key, w.depth + 1 from walk w
         join entity_relations r on r.target_blueprint = w.bp and r.target_key = w.key${relationFilter}
         join entities s on s.id = r.source_id
       where w.depth < ${maxHops}::int`;
  return `(e.blueprint, e.identifier_key) in (
    with recursive walk(bp, key, depth) as (
      select ${blueprint}::text, k, 0 from ${keys} as seed(k)
      union
      ${step}
    )
    select bp, key from walk where depth > 0)`;
}

function dateRange(value: unknown, now: Date): { from: string; to: string } {
  const range = value as { from?: string; to?: string; preset?: DatePreset };
  if (range.preset) {
    const { from, to } = resolveDatePreset(range.preset, now);
    return { from: from.toISOString(), to: to.toISOString() };
  }
  return { from: new Date(String(range.from)).toISOString(), to: new Date(String(range.to)).toISOString() };
}
