import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { issuesOf } from '../testing/issues-of.ts';
import { normalizeAction, secretInputs, validateRunInputs } from './action.normalize.ts';
import { evaluateInputCondition, inputStates, resolveDataset } from './input-conditions.ts';
import { translateJqCondition } from './jq-condition.ts';

const webhook = { type: 'WEBHOOK', url: 'https://ci.example.com/hook' };
const language = {
  combinator: 'and' as const, rules: [{ input: 'language', operator: '=' as const, value: 'python' }],
};

describe('conditional form fields', () => {
  test('conditions over inputs: comparisons, lists, emptiness, nested groups', () => {
    const inputs = { language: 'python', replicas: 3, tags: ['a', 'b'], flag: false, name: '' };
    const holds = (rules: unknown[], combinator: 'and' | 'or' = 'and') => evaluateInputCondition({ combinator, rules } as never, inputs);
    assert.equal(holds([{ input: 'language', operator: '=', value: 'python' }]), true);
    assert.equal(holds([{ input: 'language', operator: '!=', value: 'python' }]), false);
    assert.equal(holds([{ input: 'replicas', operator: '>', value: 2 }, { input: 'replicas', operator: '<=', value: 3 }]), true);
    assert.equal(holds([{ input: 'replicas', operator: '>', value: '2' }]), false, 'a number is not compared with a string');
    assert.equal(holds([{ input: 'language', operator: 'in', value: ['go', 'python'] }]), true);
    assert.equal(holds([{ input: 'tags', operator: 'contains', value: 'b' }]), true);
    assert.equal(holds([{ input: 'flag', operator: 'isEmpty' }, { input: 'name', operator: 'isEmpty' }, { input: 'missing', operator: 'isEmpty' }]), true, 'false, "" and absent count as empty');
    assert.equal(holds([{ input: 'language', operator: '=', value: 'go' }, { combinator: 'and', rules: [{ input: 'replicas', operator: '>=', value: 3 }] }], 'or'), true);
  });

  test('hiding cascades, hidden constants take their default, waiting fields are named', () => {
    const fields = {
      language: { type: 'string' },
      pythonVersion: { type: 'string', visible: language },
      poetry: { type: 'boolean', visible: { combinator: 'and', rules: [{ input: 'pythonVersion', operator: 'isNotEmpty' }] } },
      team: { type: 'string', visible: false, default: 'platform' },
      cluster: { type: 'string' },
      namespace: { type: 'string', format: 'entity', blueprint: 'namespace', dataset: { combinator: 'and', rules: [{ property: 'cluster', operator: '=', value: { input: 'cluster' } }] } },
      region: { type: 'string', dependsOn: ['cluster'] },
    };
    const go = inputStates(fields, { language: 'go', pythonVersion: '3.12', poetry: true, team: 'hacked' });
    assert.deepEqual([...go.hidden].sort(), ['poetry', 'pythonVersion', 'team'], 'poetry hides because the field it reads is hidden');
    assert.deepEqual(go.inputs, { language: 'go', team: 'platform' }, 'values of hidden fields go; the constant cannot be overridden');
    assert.deepEqual([...go.waiting.entries()], [['namespace', ['cluster']], ['region', ['cluster']]]);
    const python = inputStates(fields, { language: 'python', pythonVersion: '3.12', cluster: 'eu-1' });
    assert.deepEqual([...python.hidden], ['team']);
    assert.equal(python.waiting.size, 0);
    assert.deepEqual(resolveDataset(fields.namespace.dataset, python.inputs), { combinator: 'and', rules: [{ property: 'cluster', operator: '=', value: 'eu-1' }] });
    const mine = { combinator: 'and', rules: [{ property: '$team', operator: 'in', value: { me: 'teams' } }, { property: 'owner', operator: '=', value: { me: 'user' } }] };
    assert.deepEqual(resolveDataset(mine, {}, { user: 'dana', teams: ['payments', 'sre'] }), { combinator: 'and', rules: [{ property: '$team', operator: 'in', value: ['payments', 'sre'] }, { property: 'owner', operator: '=', value: 'dana' }] }, 'the caller\'s teams and name');
  });

  test('Port\'s jq visibility is translated where it compares form fields, and named where it does not', () => {
    assert.deepEqual(translateJqCondition('.form.language == "python"'), { condition: language });
    assert.deepEqual(translateJqCondition('.form.env == "prod" and (.form.region != null or 3 < .form.replicas)'), {
      condition: { combinator: 'and', rules: [
        { input: 'env', operator: '=', value: 'prod' },
        { combinator: 'or', rules: [{ input: 'region', operator: 'isNotEmpty' }, { input: 'replicas', operator: '>', value: 3 }] },
      ] },
    });
    assert.deepEqual(translateJqCondition('.form.cluster.identifier == "eu-1" | not'), { condition: { combinator: 'and', rules: [{ input: 'cluster', operator: '!=', value: 'eu-1' }] } });
    assert.deepEqual(translateJqCondition('(.form.tags | length) > 0'), { condition: { combinator: 'and', rules: [{ input: 'tags', operator: 'isNotEmpty' }] } });
    assert.deepEqual(translateJqCondition('.form.advanced'), { condition: { combinator: 'and', rules: [{ input: 'advanced', operator: 'isNotEmpty' }] } });
    assert.deepEqual(translateJqCondition('false'), { condition: false });
    const entity = translateJqCondition('.entity.properties.tier == "gold"');
    assert.ok('error' in entity && entity.error.includes('.entity.properties.tier'), JSON.stringify(entity));
    assert.ok('error' in translateJqCondition('.form.a == .form.b'));
    assert.ok('error' in translateJqCondition('.form.name | test("^x")'));
  });

  test('an action with show/hide and depends-on fields: Port spellings mapped, the server drops what the form hid', () => {
    const { action, warnings } = normalizeAction({
      identifier: 'create_db', title: 'Create database',
      trigger: {
        type: 'self-service', operation: 'CREATE', blueprintIdentifier: 'database',
        userInputs: {
          properties: {
            engine: { type: 'string', enum: ['postgres', 'mysql'] },
            extensions: { type: 'array', items: { type: 'string' }, visible: { jqQuery: '.form.engine == "postgres"' } },
            cluster: { type: 'string', format: 'entity', blueprint: 'cluster' },
            namespace: { type: 'string', format: 'entity', blueprint: 'namespace', dependsOn: ['cluster'], dataset: { combinator: 'and', rules: [{ property: 'cluster', operator: '=', value: { jqQuery: '.form.cluster.identifier' } }] } },
            owner: { type: 'string', visible: { jqQuery: '.entity.properties.x == 1' } },
            team_cluster: { type: 'string', format: 'entity', blueprint: 'cluster', dataset: { combinator: 'and', rules: [{ property: '$team', operator: 'in', value: { jqQuery: '.user.teams' } }] } },
            size: { type: 'string', default: 'small', visible: false },
          },
          required: ['engine', 'extensions'],
        },
      },
      invocationMethod: webhook,
    });
    assert.deepEqual(action.userInputs.properties.extensions?.visible, { combinator: 'and', rules: [{ input: 'engine', operator: '=', value: 'postgres' }] });
    assert.deepEqual(action.userInputs.properties.namespace?.dataset, { combinator: 'and', rules: [{ property: 'cluster', operator: '=', value: { input: 'cluster' } }] });
    assert.deepEqual(action.userInputs.properties.team_cluster?.dataset, { combinator: 'and', rules: [{ property: '$team', operator: 'in', value: { me: 'teams' } }] }, 'Port\'s .user.teams is the caller\'s teams');
    assert.deepEqual(warnings.map((w) => w.path), ['/trigger/userInputs/properties/owner/visible/jqQuery']);
    assert.equal(action.userInputs.properties.owner?.visible, undefined, 'an untranslatable condition shows the field');

    assert.deepEqual(validateRunInputs(action, { engine: 'mysql', extensions: ['postgis'], size: 'huge' }), { engine: 'mysql', size: 'small' }, 'required only when shown; hidden values dropped');
    assert.deepEqual(issuesOf(() => validateRunInputs(action, { engine: 'postgres' })), ['/inputs/extensions: is required']);
    assert.deepEqual(issuesOf(() => validateRunInputs(action, { engine: 'mysql', namespace: 'payments' })), ['/inputs/namespace: depends on "cluster", which is empty']);
    assert.deepEqual(issuesOf(() => validateRunInputs(action, { engine: 'mysql', nonsense: 1 })), ['/inputs/nonsense: is not an input of this action']);
  });

  test('defaults that read the caller: my email, my team; Port\'s jq .user.email maps onto them', () => {
    const { action, warnings } = normalizeAction({
      identifier: 'request_access', trigger: { operation: 'CREATE', blueprintIdentifier: 'service', userInputs: { properties: {
        contact: { type: 'string', format: 'email', default: { jqQuery: '.user.email' } },
        team: { type: 'string', format: 'team', default: { me: 'team' } },
        teams: { type: 'array', items: { type: 'string', format: 'team' }, default: { jqQuery: '.user.teams' } },
        requester: { type: 'string', visible: false, default: { me: 'user' } },
        other: { type: 'string', default: { jqQuery: '.form.contact' } },
      } } },
      invocationMethod: webhook,
    });
    assert.deepEqual(action.userInputs.properties.contact?.default, { me: 'email' });
    assert.deepEqual(warnings.map((w) => w.path), ['/trigger/userInputs/properties/other/default/jqQuery']);
    assert.equal(action.userInputs.properties.other?.default, undefined);
    const dana = { user: 'dana', teams: ['payments', 'sre'], email: 'dana@example.com' };
    assert.deepEqual(validateRunInputs(action, {}, dana), { contact: 'dana@example.com', team: 'payments', teams: ['payments', 'sre'], requester: 'dana' });
    assert.deepEqual(validateRunInputs(action, { team: 'sre', requester: 'mallory' }, dana), { contact: 'dana@example.com', team: 'sre', teams: ['payments', 'sre'], requester: 'dana' }, 'a given value wins, except over a hidden constant');
    assert.deepEqual(validateRunInputs(action, {}, { user: null, teams: [] }), {}, 'nothing to fill in for a caller with no email or team');
    assert.deepEqual(issuesOf(() => normalizeAction({ identifier: 'a', operation: 'CREATE', invoker: webhook, userInputs: { properties: { a: { type: 'string', default: { me: 'boss' } } } } })), ['/userInputs/properties/a/default/me: must be one of user, teams, team, email']);
  });

  test('conditions that name missing fields, themselves or a circle are refused at save', () => {
    const attempt = (properties: Record<string, unknown>) => issuesOf(() => normalizeAction({ identifier: 'a', operation: 'CREATE', invoker: webhook, userInputs: { properties } }));
    assert.deepEqual(attempt({ a: { type: 'string', visible: { combinator: 'and', rules: [{ input: 'ghost', operator: '=', value: 1 }] } } }), ['/userInputs/properties/a/visible: names "ghost", which is not an input']);
    assert.deepEqual(attempt({ a: { type: 'string', dependsOn: ['a'] } }), ['/userInputs/properties/a/dependsOn: names the field itself']);
    assert.deepEqual(attempt({ a: { type: 'string', visible: { combinator: 'and', rules: [{ input: 'b', operator: 'isNotEmpty' }] } }, b: { type: 'string', dependsOn: ['a'] } }), ['/userInputs/properties/a: fields wait on each other in a circle: a → b → a']);
    assert.deepEqual(attempt({ a: { type: 'string', visible: { combinator: 'and', rules: [{ input: 'b', operator: 'like', value: 1 }] } }, b: { type: 'string' } }), ['/userInputs/properties/a/visible/rules/0/operator: must be one of =, !=, <, <=, >, >=, in, notIn, contains, isEmpty, isNotEmpty']);
    assert.deepEqual(attempt({ a: { type: 'string', format: 'entity', blueprint: 'x', dataset: { combinator: 'and', rules: [{ property: '$team', operator: 'in', value: { me: 'manager' } }] } } }), ['/userInputs/properties/a/dataset/rules/0/value/me: must be one of user, teams, team, email']);
    assert.deepEqual(attempt({ a: { type: 'string', visible: 'sometimes' } }), ['/userInputs/properties/a/visible: must be true, false, a condition { combinator, rules: [{ input, operator, value }] } or Port\'s { jqQuery }']);
  });

  test('Backstage page conditionals (dependencies with oneOf, if/then) stay with their page and are checked on the server', () => {
    const { action, warnings } = normalizeAction({
      apiVersion: 'scaffolder.backstage.io/v1beta3', kind: 'Template', location: '/templates/db',
      metadata: { name: 'db' },
      spec: {
        parameters: [
          {
            title: 'Database',
            properties: { kind: { type: 'string', enum: ['managed', 'self-hosted'] } },
            required: ['kind'],
            dependencies: {
              kind: { oneOf: [
                { properties: { kind: { const: 'managed' }, tier: { type: 'string', enum: ['small', 'large'] } }, required: ['tier'] },
                { properties: { kind: { const: 'self-hosted' }, host: { type: 'string', format: 'hostname' }, password: { type: 'string', 'ui:widget': 'password' } }, required: ['host'] },
              ] },
            },
          },
          { title: 'Owner', properties: { backup: { type: 'boolean' } }, if: { properties: { backup: { const: true } }, required: ['backup'] }, then: { properties: { schedule: { type: 'string' } }, required: ['schedule'] } },
        ],
        steps: [],
      },
    });
    assert.deepEqual(warnings, []);
    assert.deepEqual(secretInputs(action), ['password'], 'a password field inside a branch is a secret');
    assert.ok(action.userInputs.steps?.[0]?.conditionals?.dependencies, 'the page keeps its dependencies');
    assert.deepEqual(validateRunInputs(action, { kind: 'managed', tier: 'small' }), { kind: 'managed', tier: 'small' });
    assert.deepEqual(issuesOf(() => validateRunInputs(action, { kind: 'managed' })), ['/inputs/tier: is required'], 'only what the chosen branch lacks');
    assert.deepEqual(issuesOf(() => validateRunInputs(action, { kind: 'self-hosted', host: 'not a host!' })), ['/inputs/host: must be a valid hostname']);
    assert.deepEqual(validateRunInputs(action, { kind: 'self-hosted', host: 'db.internal', password: 'pw' }), { kind: 'self-hosted', host: 'db.internal', password: 'pw' });
    assert.deepEqual(issuesOf(() => validateRunInputs(action, { kind: 'managed', tier: 'small', backup: true })), ['/inputs/schedule: is required']);
    assert.equal(normalizeAction({ ...action, invoker: { type: 'WEBHOOK', url: 'https://x.example.com' } }).action.userInputs.steps?.[1]?.conditionals?.then !== undefined, true, 'a saved action reads back the same');
  });
});
