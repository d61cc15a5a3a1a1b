import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { INPUT_CONDITION_OPERATORS } from '@portico/model';
import type { Portico } from '../app.ts';
import { startTestPortico } from '../testing/test-portico.ts';
import { testEngine } from '../testing/test-database.ts';

// Property-based: whatever a client sends as an action's form (conditions, dependencies, pickers,
// JSON Schema conditionals) and then as a run's inputs, the answer is a 2xx or a 4xx with an error
// body — never a 5xx.
describe(`no action or run input crashes the server (${testEngine()})`, () => {
  let portico: Portico;
  before(async () => {
    portico = await startTestPortico({ env: { PORTICO_RUN_RETRY_BASE_MS: '600000' } });
    await portico.app.inject({ method: 'POST', url: '/api/v1/blueprints', payload: { identifier: 'svc', schema: { properties: { region: { type: 'string' } } } } });
    await portico.app.inject({ method: 'POST', url: '/api/v1/entities/bulk', payload: { atomic: true, entities: [
      { blueprint: 'team', identifier: 't1' }, { blueprint: 'svc', identifier: 's1', team: ['t1'], properties: { region: 'eu' } },
    ] } });
  });
  after(async () => portico.close());

  const names = fc.constantFrom('a', 'b', 'c', 'zz');
  const value = fc.oneof(fc.jsonValue(), fc.constantFrom('s1', 't1', 'eu'), fc.record({ input: names }), fc.record({ me: fc.constantFrom('teams', 'user', 'email', 'boss') }), fc.record({ jqQuery: fc.oneof(fc.string(), fc.constantFrom('.form.a', '.user.teams', '.form.a == "x" and .form.b != null')) }));
  const rule = fc.record({ input: fc.oneof(names, fc.jsonValue()), operator: fc.oneof(fc.constantFrom(...INPUT_CONDITION_OPERATORS), fc.string()), value }, { requiredKeys: [] });
  const { group } = fc.letrec((tie) => ({ group: fc.record({ combinator: fc.constantFrom('and', 'or', 'xor'), rules: fc.array(fc.oneof({ depthSize: 'small' }, rule, tie('group'), fc.jsonValue()), { maxLength: 3 }) }) }));
  const dataset = fc.oneof(fc.record({ combinator: fc.constantFrom('and', 'or'), rules: fc.array(fc.record({ property: fc.constantFrom('region', '$team', '$identifier', 'nope'), operator: fc.constantFrom('=', 'in', 'contains', 'bogus'), value })) }), fc.jsonValue());
  const field = fc.record({
    type: fc.oneof(fc.constantFrom('string', 'number', 'boolean', 'array', 'object', 'integer'), fc.jsonValue()),
    format: fc.constantFrom('entity', 'user', 'team', 'secret', 'yaml', 'date-time', 'email', 'nonsense'),
    blueprint: fc.constantFrom('svc', 'team', 'nope'),
    enum: fc.array(fc.jsonValue(), { maxLength: 3 }),
    default: fc.jsonValue(),
    visible: fc.oneof(fc.boolean(), group, fc.jsonValue(), fc.record({ jqQuery: fc.string() })),
    dependsOn: fc.oneof(fc.array(names, { maxLength: 2 }), fc.jsonValue()),
    dataset,
  }, { requiredKeys: [] });
  const conditionals = fc.oneof(
    fc.jsonValue(),
    fc.record({ if: fc.record({ properties: fc.dictionary(names, fc.jsonValue()) }), then: fc.record({ properties: fc.dictionary(names, field), required: fc.array(names) }) }, { requiredKeys: [] }),
    fc.record({ dependencies: fc.dictionary(names, fc.oneof(fc.array(names), fc.record({ oneOf: fc.array(fc.record({ properties: fc.dictionary(names, field) }), { maxLength: 2 }) }), fc.jsonValue())) }),
  );
  const userInputs = fc.record({
    properties: fc.oneof(fc.dictionary(names, field, { maxKeys: 3 }), fc.jsonValue()),
    required: fc.oneof(fc.array(names, { maxLength: 3 }), fc.jsonValue()),
    order: fc.array(names, { maxLength: 3 }),
    steps: fc.oneof(fc.constant(undefined), fc.array(fc.record({ title: fc.string(), order: fc.array(names), conditionals }, { requiredKeys: [] }), { maxLength: 2 })),
    conditionals,
  }, { requiredKeys: [] });
  const inputs = fc.oneof(fc.dictionary(names, value, { maxKeys: 4 }), fc.jsonValue());

  test('action forms, then runs of the ones accepted', async () => {
    let n = 0;
    const headers = fc.oneof(fc.constant(undefined), fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('Authorization', 'X-Portico-Signature', 'content-type')), fc.oneof(fc.string(), fc.constantFrom('[secret]', '{{ .secrets.x }}'), fc.jsonValue()), { maxKeys: 3 }), fc.jsonValue());
    await fc.assert(fc.asyncProperty(userInputs, headers, fc.array(inputs, { minLength: 1, maxLength: 3 }), async (form, invokerHeaders, runs) => {
      const identifier = `prop-${n++}`;
      const created = await portico.app.inject({ method: 'POST', url: '/api/v1/actions', payload: JSON.parse(JSON.stringify({ identifier, operation: 'CREATE', invoker: { type: 'WEBHOOK', url: 'http://127.0.0.1:9/never', headers: invokerHeaders }, userInputs: form })) as object });
      assert.ok(created.statusCode < 500, `${created.statusCode} ${created.body} for ${JSON.stringify(form)}`);
      if (created.statusCode >= 400) {
        assert.ok(created.json<{ error: { code: string } }>().error.code);
        return;
      }
      for (const given of runs) {
        const run = await portico.app.inject({ method: 'POST', url: `/api/v1/actions/${identifier}/runs`, payload: JSON.parse(JSON.stringify({ inputs: given })) as object });
        assert.ok(run.statusCode < 500, `${run.statusCode} ${run.body} for ${JSON.stringify(form)} with ${JSON.stringify(given)}`);
      }
    }), { numRuns: 500 });
  });

  test('runs of a form with every kind of condition, whatever the inputs', async () => {
    const created = await portico.app.inject({ method: 'POST', url: '/api/v1/actions', payload: {
      identifier: 'prop-rich', operation: 'CREATE', invoker: { type: 'WEBHOOK', url: 'http://127.0.0.1:9/never' },
      userInputs: {
        properties: {
          a: { type: 'string', enum: ['x', 'y'] },
          b: { type: 'number', visible: { combinator: 'or', rules: [{ input: 'a', operator: '=', value: 'x' }, { input: 'c', operator: 'isNotEmpty' }] } },
          c: { type: 'string', format: 'entity', blueprint: 'svc', dataset: { combinator: 'and', rules: [{ property: '$team', operator: 'in', value: { me: 'teams' } }, { property: 'region', operator: '=', value: { input: 'zz' } }] } },
          zz: { type: 'string', dependsOn: ['a'] },
          s: { type: 'string', format: 'secret', visible: false, default: 'k' },
        },
        required: ['a', 'b'],
        conditionals: { if: { properties: { a: { const: 'y' } }, required: ['a'] }, then: { properties: { extra: { type: 'array', items: { type: 'string', format: 'team' } } }, required: ['extra'] } },
      },
    } });
    assert.equal(created.statusCode, 201, created.body);
    // Mostly plausible answers, sometimes anything: both the accepted and the refused paths are walked.
    const mostly = <T,>(good: fc.Arbitrary<T>) => fc.oneof({ arbitrary: good, weight: 4 }, { arbitrary: value, weight: 1 });
    const richInputs = fc.record({
      a: mostly(fc.constantFrom('x', 'y')), b: mostly(fc.integer()), zz: mostly(fc.constantFrom('eu', 'us')), s: fc.string(),
      extra: mostly(fc.array(fc.constantFrom('t1', 'ghost'), { maxLength: 2 })),
      // The caller (the local guest) is in no team: any pick of c is refused; an unknown input always is.
      c: fc.oneof({ arbitrary: fc.constant(undefined), weight: 3 }, { arbitrary: fc.constantFrom('s1', 'ghost'), weight: 1 }),
      nope: fc.oneof({ arbitrary: fc.constant(undefined), weight: 5 }, { arbitrary: value, weight: 1 }),
    }, { requiredKeys: ['a', 'b', 'c', 'nope'] });
    await fc.assert(fc.asyncProperty(richInputs, async (given) => {
      const run = await portico.app.inject({ method: 'POST', url: '/api/v1/actions/prop-rich/runs', payload: JSON.parse(JSON.stringify({ inputs: given })) as object });
      assert.ok(run.statusCode < 500, `${run.statusCode} ${run.body} for ${JSON.stringify(given)}`);
      if (run.statusCode === 201) assert.equal(run.json<{ run: { inputs: Record<string, unknown> } }>().run.inputs.s, '[secret]', 'the hidden constant is always set, and secret');
    }), { numRuns: 300 });
  });

  test('reports, log lines, approvals, cancels and re-runs of a run, whatever their bodies', async () => {
    await portico.app.inject({ method: 'POST', url: '/api/v1/actions', payload: { identifier: 'prop-approve', operation: 'CREATE', invoker: { type: 'WEBHOOK', url: 'http://127.0.0.1:9/never' }, approval: { type: 'ANY', roles: ['admin'] } } });
    const ids = await Promise.all([1, 2, 3].map(async () => (await portico.app.inject({ method: 'POST', url: '/api/v1/actions/prop-approve/runs', payload: { inputs: {} } })).json<{ run: { id: string } }>().run.id));
    const id = fc.oneof(fc.constantFrom(...ids), fc.uuid(), fc.string());
    const body = fc.oneof(
      fc.record({ status: fc.oneof(fc.constantFrom('SUCCESS', 'FAILURE', 'RUNNING'), fc.jsonValue()), statusLabel: fc.jsonValue(), link: fc.oneof(fc.webUrl(), fc.array(fc.webUrl()), fc.jsonValue()), summary: fc.jsonValue(), entities: fc.jsonValue() }, { requiredKeys: [] }),
      fc.record({ message: fc.oneof(fc.string(), fc.jsonValue()), level: fc.jsonValue(), terminationStatus: fc.jsonValue() }, { requiredKeys: [] }),
      fc.record({ decision: fc.oneof(fc.constantFrom('APPROVE', 'DECLINE'), fc.jsonValue()), reason: fc.jsonValue() }, { requiredKeys: [] }),
      fc.jsonValue(),
    );
    const route = fc.constantFrom(['PATCH', ''], ['POST', '/logs'], ['POST', '/approval'], ['POST', '/cancel'], ['POST', '/rerun'], ['GET', '/logs'], ['GET', '']);
    await fc.assert(fc.asyncProperty(id, route, body, fc.option(fc.string()), async (runId, [method, suffix], payload, token) => {
      const response = await portico.app.inject({
        method: method as 'GET', url: `/api/v1/runs/${encodeURIComponent(runId)}${suffix}`,
        ...(token ? { headers: { 'x-run-token': token } } : {}), ...(method === 'GET' ? {} : { payload: JSON.parse(JSON.stringify({ value: payload })).value as object }),
      });
      assert.ok(response.statusCode < 500, `${response.statusCode} ${response.body} for ${method} ${suffix} ${JSON.stringify(payload)}`);
    }), { numRuns: 400 });
  });
});
