import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { issuesOf } from '../testing/issues-of.ts';
import { normalizeAction, secretInputs, validateRunInputs } from './action.normalize.ts';

const fixtures = fileURLToPath(new URL('../../../../../shared/fixtures/port/actions/', import.meta.url));
const portActions = (file: string) => JSON.parse(readFileSync(fixtures + file, 'utf8')) as Record<string, unknown>[];

describe('actions: Port JSON and Portico\'s own', () => {
  test('every Port fixture action maps onto a webhook action with its operation, form and approval', () => {
    const all = [...portActions('ocean-gitlab.actions.json'), ...portActions('ocean-amplication.actions.json')];
    const mapped = all.map((a) => normalizeAction(a).action);
    assert.deepEqual(mapped.map((a) => [a.identifier, a.operation, a.blueprint, a.invoker.type]), [
      ['gitlab_scaffold_service', 'CREATE', 'service', 'WEBHOOK'],
      ['gitlab_send_scorecard_reminder', 'CREATE', 'service', 'WEBHOOK'],
      ['gitlab_enrich_service', 'DAY-2', 'service', 'WEBHOOK'],
      ['gitlab_create_s3_bucket', 'DAY-2', 'service', 'WEBHOOK'],
      ['amplication_service_from_template', 'CREATE', null, 'WEBHOOK'],
      ['amplication_rebuild_code', 'DAY-2', null, 'WEBHOOK'],
    ]);
    const rebuild = normalizeAction(all[5]);
    assert.deepEqual(rebuild.warnings.map((w) => w.path), ['/trigger/blueprintIdentifier', '/invocationMethod/headers', '/invocationMethod/body']);
    assert.equal(rebuild.action.userInputs.properties.resource?.blueprint, 'AmplicationResource', 'the entity picker keeps its blueprint');
    const scaffold = mapped[0];
    assert.deepEqual(scaffold?.userInputs.required, ['service_name']);
    assert.equal(scaffold?.approval, null);
  });

  test('what cannot be mapped is named: unknown invokers refused, agents and jq visibility reported', () => {
    assert.deepEqual(issuesOf(() => normalizeAction({ identifier: 'gh', trigger: { operation: 'CREATE', blueprintIdentifier: 'service' }, invocationMethod: { type: 'GITHUB', org: 'x', repo: 'y', workflow: 'z' } })), [
      '/invocationMethod/type: Port\'s GitHub workflow invocation cannot be mapped; use WEBHOOK (a CI pipeline\'s trigger URL works) or SCAFFOLDER',
    ]);
    const { warnings } = normalizeAction({
      identifier: 'agent', trigger: { operation: 'CREATE', blueprintIdentifier: 'service', userInputs: { properties: { cloud: { type: 'string' }, region: { type: 'string', visible: { jqQuery: '.form.cloud == "aws"' } }, zone: { type: 'string', visible: { jqQuery: '.entity.properties.cloud == "aws"' } } } } },
      invocationMethod: { type: 'WEBHOOK', url: 'https://ci.example.com/hook', agent: true },
    });
    assert.deepEqual(warnings.map((w) => w.path), ['/trigger/userInputs/properties/zone/visible/jqQuery', '/invocationMethod/agent'], 'the comparison of form fields is translated, the entity\'s is not');
  });

  test('bad actions are refused with the field and the reason', () => {
    assert.deepEqual(issuesOf(() => normalizeAction({
      identifier: 'bad one', operation: 'DAY-2', invoker: { type: 'WEBHOOK', url: 'ftp://x' },
      userInputs: { properties: { cluster: { type: 'string', format: 'entity' }, n: { type: 'numbr' } }, required: ['missing'] },
      approval: { type: 'SOME', roles: ['king'] },
    })), [
      '/identifier: must be 1–100 letters, digits, _ . - (not starting with . or -)',
      '/blueprint: is required for DAY-2 actions (the entities they act on)',
      '/userInputs/properties/cluster/blueprint: an entity picker names the blueprint to pick from',
      '/userInputs/properties/n: is not a valid JSON Schema (schema is invalid: data/type must be equal to one of the allowed values, data/type must be array, data/type must match a schema in anyOf)',
      '/userInputs/required/0: names "missing", which is not an input',
      '/invoker/url: must be an http(s) URL',
      '/approval/type: must be ANY or ALL',
      '/approval/roles/0: must be one of admin, moderator, member, viewer',
    ]);
  });

  test('run inputs are validated on the server; secrets are known by name', () => {
    const { action } = normalizeAction({
      identifier: 'deploy', blueprint: 'service', operation: 'DAY-2', invoker: { type: 'WEBHOOK', url: 'https://ci.example.com/deploy' },
      userInputs: { properties: { version: { type: 'string', pattern: '^v\\d+' }, replicas: { type: 'number', minimum: 1, default: 2 }, token: { type: 'string', format: 'secret' } }, required: ['version'] },
    });
    assert.deepEqual(validateRunInputs(action, { version: 'v2' }), { version: 'v2', replicas: 2 }, 'defaults filled in');
    const problems = issuesOf(() => validateRunInputs(action, { version: 'two', replicas: 0, extra: 1 }));
    assert.ok(problems.some((d) => d.startsWith('/inputs/version: must match pattern')), problems.join('; '));
    assert.ok(problems.some((d) => d.startsWith('/inputs/replicas: must be >= 1')), problems.join('; '));
    assert.ok(problems.some((d) => d.includes('extra')), problems.join('; '));
    assert.ok(issuesOf(() => validateRunInputs(action, {})).some((d) => d.includes('version')), 'a required input is named');
    assert.deepEqual(secretInputs(action), ['token']);
  });
});
