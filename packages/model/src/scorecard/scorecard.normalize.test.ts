import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Blueprint } from '../blueprint/blueprint.types.ts';
import { issuesOf } from '../testing/issues-of.ts';
import { normalizeScorecard } from './scorecard.normalize.ts';
import { reachedLevel } from './scorecard.levels.ts';

const fixtures = fileURLToPath(new URL('../../../../../shared/fixtures/port/scorecards/', import.meta.url));
const portScorecards = (file: string) => JSON.parse(readFileSync(fixtures + file, 'utf8')) as { blueprint: string; data: Record<string, unknown>[] }[];

const blueprint = (identifier: string, properties: Blueprint['schema']['properties'], relations: Blueprint['relations'] = {}): Blueprint => ({
  identifier, title: identifier, description: null, icon: null, schema: { properties, required: [], additionalProperties: false },
  relations, version: 1, createdAt: '', updatedAt: '', createdBy: null, updatedBy: null,
});

describe('scorecards: Port JSON, levels and validation', () => {
  test('Port\'s example scorecards translate unchanged, with default levels when none are named', () => {
    const service = blueprint('service', { readme: { type: 'string', format: 'markdown' }, language: { type: 'string' }, url: { type: 'string' } });
    const [gitlab] = portScorecards('ocean-gitlab.scorecards.json');
    const normalized = normalizeScorecard(gitlab!.data[0]!, service);
    assert.deepEqual(normalized.scorecard.levels.map((l) => l.title), ['Basic', 'Bronze', 'Silver', 'Gold']);
    assert.deepEqual(normalized.scorecard.rules.map((r) => [r.identifier, r.level]), [['hasReadme', 'Bronze'], ['usesSupportedLang', 'Silver'], ['hasTeam', 'Gold']]);
    assert.equal(normalized.scorecard.rules[1]!.query.rules.length, 4, 'conditions became rules');
    assert.equal(normalized.readsRelations, false);
  });

  test('an entity reaches a level by passing its rules and every lower level\'s', () => {
    const resource = blueprint('AmplicationResource', { new_alerts_count: { type: 'number' } });
    const [amplication] = portScorecards('ocean-amplication.scorecards.json');
    const { scorecard } = normalizeScorecard(amplication!.data[0]!, resource);
    assert.deepEqual(scorecard.levels.map((l) => l.title), ['Severe', 'High', 'Elevated', 'Low']);
    const level = (passed: Record<string, boolean>) => scorecard.levels[reachedLevel(scorecard.levels, scorecard.rules, passed)]!.title;
    assert.equal(level({ res_alerts_high: true, res_alerts_elevated: true, res_alerts_low: false }), 'Elevated');
    assert.equal(level({ res_alerts_high: false, res_alerts_elevated: true, res_alerts_low: true }), 'Severe', 'a failed lower level caps the ladder');
    assert.equal(level({ res_alerts_high: true, res_alerts_elevated: true, res_alerts_low: true }), 'Low');
  });

  test('bad scorecards are refused with every problem at its path', () => {
    const service = blueprint('service', { tier: { type: 'number' }, language: { type: 'string' } }, { owner: { target: 'team', many: false, required: false } });
    const issues = issuesOf(() => normalizeScorecard({
      identifier: 'quality',
      rules: [
        { identifier: 'a', level: 'Bronze', query: { combinator: 'and', conditions: [{ property: 'nope', operator: '=', value: 1 }] } },
        { identifier: 'b', level: 'Silver', query: { combinator: 'and', rules: [{ property: 'language', operator: '>', value: 'go' }] } },
        { identifier: 'c', level: 'Basic', query: { combinator: 'and', rules: [{ property: 'tier', operator: '>=', value: 2 }] } },
        { identifier: 'c', level: 'Platinum', query: { combinator: 'and', conditions: [{ property: 'language', operator: 'doesNotContains', value: 'x' }] } },
      ],
    }, service));
    assert.deepEqual(issues, [
      '/rules/0/query/conditions/0/property: "nope" is not a property or relation of service',
      '/rules/1/query/rules/0/operator: ">" compares numbers and dates, but "language" is a string',
      '/rules/2/level: "Basic" is the first level, where every entity starts; put the rule on a higher one',
      '/rules/3/identifier: repeats the rule "c"',
      '/rules/3/level: names no level of this scorecard (Basic, Bronze, Silver, Gold)',
      '/rules/3/query/conditions/0/operator: Port\'s "doesNotContains" has no counterpart (no negated "contains"); split the rule or use "notIn"',
    ]);
  });

  test('only relatedTo rules make neighbours\' changes matter; a rule on the entity\'s own relations does not', () => {
    const service = blueprint('service', {}, { owner: { target: 'team', many: false, required: false } });
    const own = normalizeScorecard({ identifier: 'owned', rules: [{ identifier: 'hasOwner', level: 'Bronze', query: { combinator: 'and', rules: [{ property: 'owner', operator: 'isNotEmpty' }] } }] }, service);
    assert.deepEqual([own.readsRelations, own.relationHops], [false, 0]);
    const near = normalizeScorecard({ identifier: 'near', rules: [{ identifier: 'nearPayments', level: 'Bronze', query: { combinator: 'and', rules: [{ operator: 'relatedTo', blueprint: 'team', identifier: 'payments', direction: 'upstream', maxHops: 2 }] } }] }, service);
    assert.deepEqual([near.readsRelations, near.relationHops], [true, 2]);
  });
});
