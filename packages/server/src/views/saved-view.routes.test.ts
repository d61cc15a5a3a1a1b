import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Portico } from '../app.ts';
import { startTestPortico } from '../testing/test-portico.ts';
import { testEngine } from '../testing/test-database.ts';

interface View { id: string; name: string; owner: string; shared: boolean; state: Record<string, unknown> }

describe(`saved views (${testEngine()})`, () => {
  let portico: Portico;
  let alice = '';
  let bob = '';
  let admin = '';
  const call = async (token: string, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown) => {
    const response = await portico.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload === undefined ? {} : { payload: payload as object }) });
    return { status: response.statusCode, body: (response.body ? response.json() : null) as { views?: View[]; view?: View; error?: { message: string; details: { path: string }[] } } };
  };
  before(async () => {
    portico = await startTestPortico({ guest: false });
    alice = await portico.services.auth.createToken('alice', 'write');
    bob = await portico.services.auth.createToken('bob', 'write');
    admin = await portico.services.auth.createToken('root', 'admin');
  });
  after(async () => portico.close());

  test('a private view is its owner’s alone; a shared one everyone reads; saving a name again replaces it', async () => {
    const state = { text: 'pay', facets: { lifecycle: ['production'] }, rules: [{ property: 'tier', operator: '<=', value: 2 }], sort: { property: '$title', order: 'desc' }, columns: ['$title', 'tier'] };
    const mine = await call(alice, 'POST', '/api/v1/blueprints/component/views', { name: 'My prod', state });
    assert.equal(mine.status, 201);
    assert.deepEqual(mine.body.view?.state, state);
    assert.equal(mine.body.view?.owner, 'token:alice');
    const shared = await call(alice, 'POST', '/api/v1/blueprints/component/views', { name: 'Team view', shared: true, state: { text: '' } });
    assert.equal(shared.status, 201);
    const again = await call(alice, 'POST', '/api/v1/blueprints/component/views', { name: 'My prod', state: { ...state, text: 'pays' } });
    assert.equal(again.status, 200);
    assert.equal(again.body.view?.id, mine.body.view?.id);

    const aliceSees = await call(alice, 'GET', '/api/v1/blueprints/component/views');
    assert.deepEqual(aliceSees.body.views?.map((v) => [v.name, v.state.text]), [['My prod', 'pays'], ['Team view', '']]);
    const bobSees = await call(bob, 'GET', '/api/v1/blueprints/component/views');
    assert.deepEqual(bobSees.body.views?.map((v) => v.name), ['Team view']);

    assert.equal((await call(bob, 'DELETE', `/api/v1/blueprints/component/views/${mine.body.view?.id}`)).status, 404, 'another user’s private view is invisible');
    assert.equal((await call(bob, 'DELETE', `/api/v1/blueprints/component/views/${shared.body.view?.id}`)).status, 403);
    assert.equal((await call(alice, 'DELETE', `/api/v1/blueprints/component/views/${mine.body.view?.id}`)).status, 204);
    assert.equal((await call(admin, 'DELETE', `/api/v1/blueprints/component/views/${shared.body.view?.id}`)).status, 204);
    assert.deepEqual((await call(alice, 'GET', '/api/v1/blueprints/component/views')).body.views, []);
  });

  test('bad views are refused with the field named', async () => {
    const unknownKey = await call(alice, 'POST', '/api/v1/blueprints/component/views', { name: 'x', state: { filters: {} } });
    assert.equal(unknownKey.status, 400);
    assert.match(JSON.stringify(unknownKey.body.error), /state/);
    const blank = await call(alice, 'POST', '/api/v1/blueprints/component/views', { name: '   ', state: {} });
    assert.equal(blank.status, 400);
    assert.match(JSON.stringify(blank.body.error), /name/);
    const badSort = await call(alice, 'POST', '/api/v1/blueprints/component/views', { name: 'x', state: { sort: { property: 'tier', order: 'up' } } });
    assert.equal(badSort.status, 400);
    assert.equal((await call(alice, 'POST', '/api/v1/blueprints/nope/views', { name: 'x', state: {} })).status, 404);
    assert.equal((await call(alice, 'GET', '/api/v1/blueprints/nope/views')).status, 404);
  });
});
