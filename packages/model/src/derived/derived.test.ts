import { test } from 'node:test';
import assert from 'node:assert/strict';
import { translateJq } from './jq-translation.ts';
import { evaluateCalculation, parseCalculation, calculationNames } from './calculation.ts';
import { findCycle } from './derived-dependencies.ts';
import { normalizeBlueprintInput } from '../blueprint/blueprint.validation.ts';

test('Port jq of paths, literals and arithmetic translates to JSONata; anything else is named untranslatable', () => {
  assert.equal(translateJq('.properties.namespace + "/" + .properties.name'), 'properties.namespace & "/" & properties.name');
  assert.equal(translateJq('.properties.cpu * 2 + .properties.memory'), 'properties.cpu * 2 + properties.memory');
  assert.equal(translateJq('.properties.createdAt | capture("x")'), null);
  assert.deepEqual(parseCalculation('.properties.a + "-" + .identifier'), { jsonata: 'properties.a & "-" & identifier' });
  const broken = parseCalculation('(now / 86400) | floor');
  assert.ok('error' in broken && /not a valid JSONata expression/.test(broken.error));
});

test('calculations evaluate within a time limit; a runaway expression is stopped with a reason', async () => {
  const input = { identifier: 'a', title: 'A', blueprint: 'svc', team: [], properties: { cpu: 2, tags: ['x', 'y'] }, relations: {} };
  assert.deepEqual(await evaluateCalculation('properties.cpu * 1000', input), { value: 2000 });
  assert.deepEqual(await evaluateCalculation('$count(properties.tags)', input), { value: 2 });
  assert.deepEqual(await evaluateCalculation('properties.missing', input), { value: null });
  const started = Date.now();
  const runaway = await evaluateCalculation('( $f := function($n){ $n > 0 ? $f($n-1) + $f($n-1) : 1 }; $f(40) )', input);
  assert.ok('error' in runaway && /timeout/i.test(runaway.error), JSON.stringify(runaway));
  assert.ok(Date.now() - started < 2000);
  assert.deepEqual([...calculationNames('properties.a + $count(properties.b)')].sort(), ['a', 'b', 'properties']);
});

test('cycles in the derived-property graph are found and shown as a path', () => {
  const graph = new Map([['svc.a', ['svc.b']], ['svc.b', ['cluster.c']], ['cluster.c', ['svc.a']], ['svc.d', []]]);
  assert.deepEqual(findCycle(graph), ['svc.a', 'svc.b', 'cluster.c', 'svc.a']);
  assert.equal(findCycle(new Map([['svc.a', ['svc.b']], ['svc.b', []]])), null);
});

test('derived names may not clash with properties, relations or each other; aggregation specs must be coherent', () => {
  assert.throws(() => normalizeBlueprintInput({
    identifier: 'svc', schema: { properties: { name: { type: 'string' } } }, relations: { owner: { target: 'team' } },
    mirrorProperties: { owner: { path: 'owner.$title' } },
    calculationProperties: { name: { calculation: 'identifier', type: 'string' } },
    aggregationProperties: { total: { target: 'pr', calculationSpec: { calculationBy: 'property', func: 'count' } } },
  }), (error: { details: { path: string; message: string }[] }) => {
    const paths = error.details.map((d) => d.path);
    assert.ok(paths.includes('/mirrorProperties/owner'));
    assert.ok(paths.includes('/calculationProperties/name'));
    assert.ok(paths.includes('/aggregationProperties/total/calculationSpec/property'));
    assert.ok(paths.includes('/aggregationProperties/total/calculationSpec/func'));
    return true;
  });
});
