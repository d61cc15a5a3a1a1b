import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeAction } from '@portico/model';
import { retrieveSchema, type RJSFSchema } from '@rjsf/utils';
import { clearDependents, formOf, submittedInputs } from './form-schema.ts';
import { portalValidator } from './schema-validator.ts';

const template = normalizeAction({
  apiVersion: 'scaffolder.backstage.io/v1beta3', kind: 'Template', location: '/templates/db', metadata: { name: 'db' },
  spec: {
    parameters: [{
      title: 'Database',
      properties: { kind: { type: 'string', enum: ['managed', 'self-hosted'] } },
      required: ['kind'],
      dependencies: { kind: { oneOf: [
        { properties: { kind: { const: 'managed' }, tier: { type: 'string', enum: ['small', 'large'] } }, required: ['tier'] },
        { properties: { kind: { const: 'self-hosted' }, password: { type: 'string', 'ui:widget': 'password' }, owner: { type: 'string', 'ui:field': 'OwnerPicker' } } },
      ] } },
    }],
    steps: [],
  },
}).action;

describe('the action form\'s schema', () => {
  test('a Backstage page\'s dependencies render the branch the answers chose, with the branch fields\' widgets', () => {
    const { schema, uiSchema } = formOf(template.userInputs, 0, {});
    assert.deepEqual(Object.keys(schema.properties ?? {}), ['kind']);
    assert.equal(uiSchema.password?.['ui:widget'], 'password', 'a secret inside a branch is a password field');
    assert.equal(uiSchema.owner?.['ui:widget'], 'EntityPicker', 'a Backstage owner picker inside a branch is an entity picker');
    const resolved = (data: object) => retrieveSchema(portalValidator, schema, schema as RJSFSchema, data);
    assert.deepEqual(Object.keys(resolved({ kind: 'managed' }).properties ?? {}), ['kind', 'tier']);
    assert.deepEqual(Object.keys(resolved({ kind: 'self-hosted' }).properties ?? {}), ['kind', 'password', 'owner']);
    assert.ok(!JSON.stringify(schema).includes('"secret"'), 'Portico\'s own formats do not reach the form\'s validator');
  });

  test('visible and dependsOn: hidden fields leave the page, waiting ones are disabled, a changed field clears those that depend on it', () => {
    const inputs = normalizeAction({
      identifier: 'provision', operation: 'CREATE', invoker: { type: 'WEBHOOK', url: 'https://ci.example.com' },
      userInputs: {
        properties: {
          engine: { type: 'string', enum: ['postgres', 'mysql'] },
          extensions: { type: 'string', visible: { combinator: 'and', rules: [{ input: 'engine', operator: '=', value: 'postgres' }] } },
          cluster: { type: 'string', title: 'Cluster' },
          namespace: { type: 'string', format: 'entity', blueprint: 'namespace', dataset: { combinator: 'and', rules: [{ property: 'cluster', operator: '=', value: { input: 'cluster' } }] } },
        },
        required: ['extensions'],
      },
    }).action.userInputs;
    const mysql = formOf(inputs, null, { engine: 'mysql' });
    assert.deepEqual(Object.keys(mysql.schema.properties ?? {}), ['engine', 'cluster', 'namespace']);
    assert.deepEqual(mysql.schema.required, [], 'a hidden field is not required');
    assert.equal(mysql.uiSchema.namespace?.['ui:disabled'], true);
    assert.equal(mysql.uiSchema.namespace?.['ui:help'], 'Fill in Cluster first');
    const postgres = formOf(inputs, null, { engine: 'postgres', cluster: 'eu' });
    assert.deepEqual(Object.keys(postgres.schema.properties ?? {}), ['engine', 'extensions', 'cluster', 'namespace']);
    assert.equal(postgres.uiSchema.namespace?.['ui:disabled'], undefined);
    assert.deepEqual(clearDependents(inputs, { cluster: 'eu', namespace: 'eu-payments' }, { cluster: 'us', namespace: 'eu-payments' }), { cluster: 'us' });
    assert.deepEqual(submittedInputs(inputs, { engine: 'mysql', extensions: 'postgis', cluster: 'eu' }), { engine: 'mysql', cluster: 'eu' });
    const prefilled = formOf({ properties: { contact: { type: 'string', default: { me: 'email' } }, team: { type: 'string', format: 'team', default: { me: 'team' } } }, required: [] }, null, {}, { user: 'dana', teams: ['payments'], email: 'dana@example.com' });
    assert.equal((prefilled.schema.properties?.contact as { default?: unknown }).default, 'dana@example.com', 'the caller\'s email prefills the field');
    assert.equal((prefilled.schema.properties?.team as { default?: unknown }).default, 'payments');
  });
});
