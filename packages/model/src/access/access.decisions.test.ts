import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { completePermissions, decideEntity, decideReach } from './access.decisions.ts';
import type { AccessProfile } from './access.types.ts';

const member = (teams: string[], user = 'ann'): AccessProfile => ({ role: 'member', user, teams, moderates: [] });
const defaults = completePermissions(null);

describe('access decisions', () => {
  test('admins and moderators of the blueprint reach everything; moderators of another do not', () => {
    assert.equal(decideReach({ role: 'admin', user: null, teams: [], moderates: [] }, 'service', defaults, 'delete').reach, 'all');
    assert.equal(decideReach({ role: 'moderator', user: 'mo', teams: [], moderates: ['Service'] }, 'service', defaults, 'update').reach, 'all');
    assert.equal(decideReach({ role: 'moderator', user: 'mo', teams: [], moderates: ['api'] }, 'service', defaults, 'update').reach, 'none');
  });

  test('by default everyone reads and members write what their teams own', () => {
    assert.equal(decideReach({ role: 'viewer', user: 'v', teams: ['a'], moderates: [] }, 'service', defaults, 'read').reach, 'all');
    assert.equal(decideReach(member(['a']), 'service', defaults, 'update').reach, 'owned');
    assert.equal(decideReach(member([]), 'service', defaults, 'update').reach, 'none');
  });

  test('viewers never write, even when a rule names them', () => {
    const open = completePermissions({ entities: { create: { users: ['v'], roles: ['viewer'] } } });
    assert.deepEqual(decideReach({ role: 'viewer', user: 'v', teams: [], moderates: [] }, 'service', open, 'create'), { reach: 'none', reason: 'viewers only read' });
  });

  test('rules grant by role, user and team, case-insensitively', () => {
    const permissions = completePermissions({ entities: { read: { roles: [], ownedByTeam: true }, update: { users: ['Ann'], teams: [] }, delete: { teams: ['SRE'] } } });
    assert.equal(decideReach(member([], 'ann'), 'service', permissions, 'update').reach, 'all');
    assert.equal(decideReach(member(['sre']), 'service', permissions, 'delete').reach, 'all');
    assert.equal(decideReach(member(['a']), 'service', permissions, 'read').reach, 'owned');
    assert.equal(decideReach({ role: 'viewer', user: 'v', teams: [], moderates: [] }, 'service', permissions, 'read').reach, 'none');
  });

  test('owned-only updates need the caller\'s team before and after', () => {
    const me = member(['payments']);
    assert.equal(decideEntity(me, 'service', defaults, 'update', { before: ['payments'], after: ['payments', 'sre'] }).allowed, true);
    const handOver = decideEntity(me, 'service', defaults, 'update', { before: ['payments'], after: ['sre'] });
    assert.equal(handOver.allowed, false);
    assert.match(handOver.reason, /owned by sre/);
    const takeOver = decideEntity(me, 'service', defaults, 'update', { before: ['sre'], after: ['payments'] });
    assert.equal(takeOver.allowed, false);
    assert.match(decideEntity(me, 'service', defaults, 'create', { after: [] }).reason, /no owning team/);
  });

  test('missing actions and fields take the defaults', () => {
    const partial = completePermissions({ entities: { update: { ownedByTeam: false } } });
    assert.deepEqual(partial.entities.update, { roles: ['admin'], users: [], teams: [], ownedByTeam: false });
    assert.deepEqual(partial.entities.read, defaults.entities.read);
  });
});
