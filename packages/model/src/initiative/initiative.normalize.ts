import { ajvErrorsToDetails, createAjv } from '../ajv.ts';
import type { Blueprint } from '../blueprint/blueprint.types.ts';
import { type ErrorDetail, assertNoIssues, PorticoError } from '../errors.ts';
import { parseQuery } from '../query/query.validation.ts';
import type { RuleGroup } from '../query/query.types.ts';
import type { Scorecard } from '../scorecard/scorecard.types.ts';
import { rulesUpToLevel } from '../scorecard/scorecard.levels.ts';
import { initiativeInputSchema } from './initiative.schema.ts';
import type { Initiative } from './initiative.types.ts';

const validateShape = createAjv().compile(initiativeInputSchema);

/**
 * Checks an initiative against its scorecard and blueprint: the target level or rules exist, the
 * filter fits the blueprint, the deadline is a date.
 * @returns the initiative and the rules an entity must pass to meet it.
 * @throws PorticoError VALIDATION_FAILED naming each problem by JSON pointer.
 */
export function normalizeInitiative(input: unknown, scorecard: Scorecard | null, blueprint: Blueprint | null): { initiative: Initiative; requiredRules: string[] } {
  if (!validateShape(input)) assertNoIssues(ajvErrorsToDetails(validateShape.errors), 'Invalid initiative');
  const doc = input as Record<string, unknown> & { target: { level?: string; rules?: string[] } };
  const issues: ErrorDetail[] = [];
  if (!blueprint) issues.push({ path: '/blueprint', message: `names blueprint "${String(doc.blueprint)}", which does not exist` });
  else if (!scorecard) issues.push({ path: '/scorecard', message: `names no scorecard of ${blueprint.identifier}` });
  let requiredRules: string[] = [];
  if (scorecard) {
    if (doc.target.level !== undefined) {
      const index = scorecard.levels.findIndex((l) => l.title === doc.target.level);
      if (index < 0) issues.push({ path: '/target/level', message: `"${doc.target.level}" is not a level of ${scorecard.identifier} (${scorecard.levels.map((l) => l.title).join(', ')})` });
      else if (index === 0) issues.push({ path: '/target/level', message: `"${doc.target.level}" is the first level, which every entity has` });
      else requiredRules = (rulesUpToLevel(scorecard.levels, scorecard.rules)[index - 1] ?? []).map((r) => r.identifier);
    } else {
      const known = new Set(scorecard.rules.map((r) => r.identifier));
      (doc.target.rules ?? []).forEach((rule, i) => {
        if (!known.has(rule)) issues.push({ path: `/target/rules/${i}`, message: `"${rule}" is not a rule of ${scorecard.identifier}` });
      });
      requiredRules = doc.target.rules ?? [];
    }
  }
  const deadline = typeof doc.deadline === 'string' ? Date.parse(doc.deadline) : Number.NaN;
  if (Number.isNaN(deadline)) issues.push({ path: '/deadline', message: 'must be a date (2027-03-31) or date-time' });
  const filter = (doc.filter ?? null) as RuleGroup | null;
  if (filter && blueprint) {
    try {
      parseQuery(filter, { blueprints: [blueprint] }, '/filter');
    } catch (error) {
      if (error instanceof PorticoError) issues.push(...error.details);
      else throw error;
    }
  }
  assertNoIssues(issues, 'Invalid initiative');
  return {
    initiative: {
      identifier: String(doc.identifier),
      title: String(doc.title),
      description: typeof doc.description === 'string' ? doc.description : null,
      blueprint: String(doc.blueprint),
      scorecard: String(doc.scorecard),
      target: doc.target.level !== undefined ? { level: doc.target.level } : { rules: doc.target.rules ?? [] },
      filter,
      deadline: new Date(deadline).toISOString(),
      owner: typeof doc.owner === 'string' && doc.owner.length > 0 ? doc.owner : null,
    },
    requiredRules,
  };
}
