// Scorecard and derived-property figures for `npm run bench` (issue: 10 scorecards × 10 rules at
// 100k entities, full evaluation ≤ 10 s on PostgreSQL, a single update visible in its result ≤ 100 ms p95).
import { latency } from './measure.ts';

type Call = (method: string, path: string, body?: unknown) => Promise<unknown>;

const rule = (identifier: string, level: string, rules: unknown[]) => ({ identifier, title: identifier, level, query: { combinator: 'and', rules } });

/** Ten rules over what the synthetic components carry; `k` varies the values so scorecards differ. */
function scorecard(k: number) {
  return {
    identifier: `bench-${k}`, title: `Bench ${k}`,
    rules: [
      rule('production', 'Bronze', [{ property: 'lifecycle', operator: '=', value: 'production' }]),
      rule('notDeprecated', 'Bronze', [{ property: 'lifecycle', operator: '!=', value: 'deprecated' }]),
      rule('hasOwner', 'Bronze', [{ property: 'owner', operator: 'isNotEmpty' }]),
      rule('inSystem', 'Silver', [{ property: 'system', operator: 'isNotEmpty' }]),
      rule('serviceOrSite', 'Silver', [{ property: 'type', operator: 'in', value: k % 2 ? ['service', 'website'] : ['service', 'library'] }]),
      rule('modernLanguage', 'Silver', [{ property: 'tags', operator: 'containsAny', value: k % 2 ? ['go', 'typescript'] : ['python', 'java'] }]),
      rule('critical', 'Gold', [{ property: 'tags', operator: 'contains', value: 'critical' }]),
      rule('hasDependencies', 'Gold', [{ property: 'dependsOn', operator: 'isNotEmpty' }]),
      rule('named', 'Gold', [{ property: '$title', operator: 'beginsWith', value: 'component' }]),
      rule('sampled', 'Gold', [{ property: '$identifier', operator: 'endsWith', value: String(k) }]),
    ],
  };
}

export async function measureScorecards(call: Call, components: number, sample = components) {
  const perScorecardSeconds: number[] = [];
  for (let k = 0; k < 10; k++) {
    const start = performance.now();
    await call('POST', '/api/v1/blueprints/component/scorecards', scorecard(k));
    perScorecardSeconds.push((performance.now() - start) / 1000);
  }
  // A rule change re-scores that scorecard only: its time is one scorecard's share of the full evaluation.
  const changed = scorecard(3);
  changed.rules[0] = rule('production', 'Bronze', [{ property: 'lifecycle', operator: 'in', value: ['production', 'experimental'] }]);
  const ruleChangeStart = performance.now();
  await call('PUT', '/api/v1/blueprints/component/scorecards/bench-3', changed);
  const ruleChangeSeconds = (performance.now() - ruleChangeStart) / 1000;
  let flip = 0;
  const updateVisibleMs = await latency(100, 1, async (i) => {
    const identifier = `component-${(i * 7919) % sample}`;
    const lifecycle = flip++ % 2 ? 'production' : 'deprecated';
    await call('PATCH', `/api/v1/blueprints/component/entities/${identifier}`, { properties: { lifecycle } });
    const scored = await call('GET', `/api/v1/blueprints/component/entities/${identifier}/scorecards`) as { scorecards: { identifier: string; rules: { identifier: string; status: string }[] }[] };
    const production = scored.scorecards.find((s) => s.identifier === 'bench-0')?.rules.find((r) => r.identifier === 'production')?.status;
    if (production !== (lifecycle === 'production' ? 'SUCCESS' : 'FAILURE')) throw new Error(`the update to ${identifier} is not in its scorecard result`);
  });
  // Derived values: an aggregation per team over the components it owns, then updates that move it.
  const derivedStart = performance.now();
  await call('PATCH', '/api/v1/blueprints/team', {
    aggregationProperties: {
      productionComponents: { target: 'component', calculationSpec: { calculationBy: 'entities', func: 'count' }, query: { combinator: 'and', rules: [{ property: 'lifecycle', operator: '=', value: 'production' }] } },
    },
  });
  const derivedDefineSeconds = (performance.now() - derivedStart) / 1000;
  const updateWithAggregationMs = await latency(100, 1, async (i) => {
    const identifier = `component-${(i * 104729) % sample}`;
    await call('PATCH', `/api/v1/blueprints/component/entities/${identifier}`, { properties: { lifecycle: i % 2 ? 'production' : 'experimental' } });
  });
  return {
    scorecards: 10,
    rulesPerScorecard: 10,
    componentsScored: components,
    fullEvaluationSeconds: Number(perScorecardSeconds.reduce((a, b) => a + b, 0).toFixed(2)),
    slowestScorecardSeconds: Number(Math.max(...perScorecardSeconds).toFixed(2)),
    ruleChangeSeconds: Number(ruleChangeSeconds.toFixed(2)),
    updateVisibleInScorecardMs: updateVisibleMs,
    derivedAggregationDefineSeconds: Number(derivedDefineSeconds.toFixed(2)),
    updateWithAggregationAndScorecardsMs: updateWithAggregationMs,
  };
}
