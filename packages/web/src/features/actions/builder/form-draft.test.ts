import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeAction, type ActionInputs } from '@portico/model';
import {
  FIELD_TYPES, addField, addStep, fieldTypeOf, moveField, removeField, removeStep, renameField, setFieldStep, setFieldType, setPaged, setRequired, stepOf, updateField,
} from './form-draft.ts';
import { fieldOrder } from '../form-schema.ts';

const empty: ActionInputs = { properties: {}, required: [] };
const when = (input: string, value: unknown) => ({ combinator: 'and', rules: [{ input, operator: '=', value }] });
/** What the server makes of the inputs: the builder's output must always be an action it accepts. */
const accepted = (inputs: ActionInputs) => normalizeAction({ identifier: 'built', operation: 'CREATE', invoker: { type: 'WEBHOOK', url: 'https://ci.example.com' }, userInputs: inputs }).action.userInputs;

describe('the form builder\'s edits', () => {
  test('every field type starts as a field the server accepts, and reads back as its type', () => {
    let inputs = empty;
    for (const type of FIELD_TYPES) inputs = addField(inputs, type.id).inputs;
    inputs = updateField(inputs, 'entity_1', { blueprint: 'service' });
    assert.deepEqual(Object.keys(accepted(inputs).properties).length, FIELD_TYPES.length);
    assert.deepEqual(fieldOrder(inputs).map((name) => fieldTypeOf(inputs.properties[name] ?? {})), FIELD_TYPES.map((t) => t.id));
    assert.equal(fieldTypeOf({ type: 'object', properties: {} }), 'custom');
  });

  test('type changes keep title, conditions and options; required and order follow moves', () => {
    const first = addField(empty, 'choice');
    const env = first.name;
    let inputs = updateField(first.inputs, env, { title: 'Environment', enum: ['dev', 'prod'], description: 'Where' });
    const added = addField(inputs, 'text');
    inputs = updateField(added.inputs, added.name, { visible: when(env, 'prod') });
    inputs = setFieldType(inputs, env, 'multi-choice');
    assert.deepEqual(inputs.properties[env], { title: 'Environment', description: 'Where', type: 'array', uniqueItems: true, items: { type: 'string', enum: ['dev', 'prod'] } });
    inputs = setFieldType(inputs, added.name, 'number');
    assert.deepEqual(inputs.properties[added.name]?.visible, when(env, 'prod'), 'the condition stays');
    inputs = setRequired(inputs, env, true);
    inputs = moveField(inputs, added.name, -1);
    assert.deepEqual(fieldOrder(inputs), [added.name, env]);
    assert.deepEqual(moveField(inputs, added.name, -1), inputs, 'the first cannot go higher');
    assert.deepEqual(inputs.required, [env]);
    accepted(inputs);
  });

  test('renaming and removing keep the other fields\' conditions, dependencies and picker filters right', () => {
    let inputs: ActionInputs = {
      properties: {
        cluster: { type: 'string', format: 'entity', blueprint: 'cluster' },
        namespace: { type: 'string', format: 'entity', blueprint: 'namespace', dependsOn: ['cluster'], dataset: { combinator: 'and', rules: [{ property: 'cluster', operator: '=', value: { input: 'cluster' } }] } },
        note: { type: 'string', visible: { combinator: 'or', rules: [{ input: 'cluster', operator: 'isNotEmpty' }, { input: 'namespace', operator: 'isNotEmpty' }] } },
      },
      required: ['cluster'],
      order: ['cluster', 'namespace', 'note'],
      steps: [{ title: 'Where', order: ['cluster', 'namespace'] }, { title: 'Why', order: ['note'] }],
    };
    const renamed = renameField(inputs, 'cluster', 'k8s_cluster');
    assert.ok('inputs' in renamed);
    inputs = renamed.inputs;
    assert.deepEqual(inputs.required, ['k8s_cluster']);
    assert.deepEqual(inputs.steps?.[0]?.order, ['k8s_cluster', 'namespace']);
    assert.deepEqual(inputs.properties.namespace?.dependsOn, ['k8s_cluster']);
    assert.deepEqual(inputs.properties.namespace?.dataset, { combinator: 'and', rules: [{ property: 'cluster', operator: '=', value: { input: 'k8s_cluster' } }] });
    assert.deepEqual(accepted(inputs).properties.note?.visible, { combinator: 'or', rules: [{ input: 'k8s_cluster', operator: 'isNotEmpty' }, { input: 'namespace', operator: 'isNotEmpty' }] });
    assert.deepEqual(renameField(inputs, 'namespace', 'note'), { error: 'There is already a field "note"' });
    assert.ok('error' in renameField(inputs, 'namespace', '9 lives'));

    const removed = removeField(inputs, 'k8s_cluster');
    assert.deepEqual(Object.keys(removed.properties), ['namespace', 'note']);
    assert.equal(removed.properties.namespace?.dependsOn, undefined);
    assert.deepEqual(removed.properties.namespace?.dataset, { combinator: 'and', rules: [] });
    assert.deepEqual(removed.properties.note?.visible, { combinator: 'or', rules: [{ input: 'namespace', operator: 'isNotEmpty' }] });
    assert.deepEqual(removed.required, []);
    accepted(removed);
  });

  test('steps: on and off, added, removed (their fields kept), fields moved between them', () => {
    let inputs = addField(addField(empty, 'text').inputs, 'boolean').inputs;
    inputs = setPaged(inputs, true);
    assert.deepEqual(inputs.steps, [{ title: 'Step 1', order: ['text_1', 'boolean_1'] }]);
    inputs = addStep(inputs);
    inputs = setFieldStep(inputs, 'boolean_1', 1);
    assert.equal(stepOf(inputs, 'boolean_1'), 1);
    const third = addField(inputs, 'email', 1);
    assert.deepEqual(third.inputs.steps?.[1]?.order, ['boolean_1', 'email_1'], 'a field added to a step lands there');
    accepted(third.inputs);
    const merged = removeStep(third.inputs, 1);
    assert.deepEqual(merged.steps, [{ title: 'Step 1', order: ['text_1', 'boolean_1', 'email_1'] }]);
    const withConditionals: ActionInputs = { ...merged, steps: [{ title: 'Step 1', order: ['text_1'], conditionals: { if: { properties: { boolean_1: { const: true } } }, then: { required: ['text_1'] } } }] };
    const flat = setPaged(withConditionals, false);
    assert.equal(flat.steps, undefined);
    assert.ok(flat.conditionals?.if, 'the step\'s conditionals now apply to the whole form');
  });
});
