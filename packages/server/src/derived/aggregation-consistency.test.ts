import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Portico } from '../app.ts';
import { startTestPortico } from '../testing/test-portico.ts';
import { testEngine } from '../testing/test-database.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies are read field by field

const TEAMS = ['core', 'edge', 'data'];
const COUNT = 1000;
const UPDATES = 1000;

/** A small deterministic generator, so a failure replays the same way. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

interface Pr { owner: string; state: 'open' | 'merged'; size: number }

/** The aggregates recomputed from scratch out of the test's own record of every pull request. */
function expected(prs: Map<string, Pr>, team: string): Json {
  const mine = [...prs.values()].filter((p) => p.owner === team);
  const sizes = mine.map((p) => p.size).sort((a, b) => a - b);
  const middle = sizes.length / 2;
  const median = sizes.length === 0 ? null : sizes.length % 2 ? sizes[Math.floor(middle)] : ((sizes[middle - 1] ?? 0) + (sizes[middle] ?? 0)) / 2;
  return {
    openPullRequests: mine.filter((p) => p.state === 'open').length,
    totalSize: sizes.reduce((a, b) => a + b, 0),
    medianSize: median,
    largest: sizes.length ? sizes[sizes.length - 1] : null,
  };
}

describe(`aggregation stays exact under random updates (${testEngine()})`, () => {
  let portico: Portico;
  const call = async (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) => {
    const response = await portico.app.inject({ method, url, ...(payload === undefined ? {} : { payload: payload as object }) });
    assert.ok(response.statusCode < 300, `${method} ${url} → ${response.statusCode} ${response.body}`);
    return (response.body ? response.json() : null) as Json;
  };

  before(async () => {
    portico = await startTestPortico();
    await call('POST', '/api/v1/blueprints', {
      identifier: 'pullRequest', title: 'Pull request',
      schema: { properties: { state: { type: 'string', enum: ['open', 'merged'] }, size: { type: 'number' } } },
      relations: { owner: { target: 'team', many: false } },
    });
    await call('PATCH', '/api/v1/blueprints/team', {
      aggregationProperties: {
        openPullRequests: { target: 'pullRequest', calculationSpec: { calculationBy: 'entities', func: 'count' }, query: { combinator: 'and', rules: [{ property: 'state', operator: '=', value: 'open' }] } },
        totalSize: { target: 'pullRequest', calculationSpec: { calculationBy: 'property', func: 'sum', property: 'size' } },
        medianSize: { target: 'pullRequest', calculationSpec: { calculationBy: 'property', func: 'median', property: 'size' } },
        largest: { target: 'pullRequest', calculationSpec: { calculationBy: 'property', func: 'max', property: 'size' } },
      },
    });
  });
  after(async () => portico.close());

  test(`a team's ${COUNT} related entities, ${UPDATES} random updates, each checked against a full recomputation`, async () => {
    const next = random(42);
    const prs = new Map<string, Pr>();
    const entities: Json[] = TEAMS.map((t) => ({ blueprint: 'team', identifier: t, title: t }));
    for (let i = 0; i < COUNT; i++) {
      const pr: Pr = { owner: i < COUNT - 100 ? 'core' : TEAMS[i % 3] ?? 'core', state: next() < 0.5 ? 'open' : 'merged', size: Math.floor(next() * 500) };
      prs.set(`pr-${i}`, pr);
      entities.push({ blueprint: 'pullRequest', identifier: `pr-${i}`, title: `PR ${i}`, properties: { state: pr.state, size: pr.size }, relations: { owner: pr.owner } });
    }
    await call('POST', '/api/v1/entities/bulk', { atomic: true, entities });
    const check = async (step: number) => {
      const teams = await call('POST', '/api/v1/entities/search', { query: { combinator: 'and', rules: [{ property: '$blueprint', operator: '=', value: 'team' }, { property: '$identifier', operator: 'in', value: TEAMS }] } });
      for (const team of teams.entities as Json[]) {
        const { openPullRequests, totalSize, medianSize, largest } = team.properties;
        assert.deepEqual({ openPullRequests, totalSize, medianSize, largest }, expected(prs, team.identifier), `after update ${step}, team ${team.identifier}`);
      }
    };
    await check(0);
    let created = COUNT;
    for (let step = 1; step <= UPDATES; step++) {
      const ids = [...prs.keys()];
      const id = ids[Math.floor(next() * ids.length)] ?? 'pr-0';
      const pr = prs.get(id) as Pr;
      const roll = next();
      if (roll < 0.5) {
        pr.size = Math.floor(next() * 500);
        await call('PATCH', `/api/v1/blueprints/pullRequest/entities/${id}`, { properties: { size: pr.size } });
      } else if (roll < 0.7) {
        pr.state = pr.state === 'open' ? 'merged' : 'open';
        await call('PATCH', `/api/v1/blueprints/pullRequest/entities/${id}`, { properties: { state: pr.state } });
      } else if (roll < 0.9) {
        pr.owner = TEAMS[Math.floor(next() * TEAMS.length)] ?? 'core';
        await call('PATCH', `/api/v1/blueprints/pullRequest/entities/${id}`, { relations: { owner: pr.owner } });
      } else if (roll < 0.95) {
        prs.delete(id);
        await call('DELETE', `/api/v1/blueprints/pullRequest/entities/${id}`);
      } else {
        const fresh: Pr = { owner: TEAMS[Math.floor(next() * TEAMS.length)] ?? 'core', state: 'open', size: Math.floor(next() * 500) };
        const identifier = `pr-${created++}`;
        prs.set(identifier, fresh);
        await call('POST', '/api/v1/blueprints/pullRequest/entities', { identifier, title: identifier, properties: { state: fresh.state, size: fresh.size }, relations: { owner: fresh.owner } });
      }
      await check(step);
    }
    // And the database agrees with itself: a full recomputation changes nothing.
    const { db, derived, registry } = portico.services;
    const recomputed = await db.transaction(async (tx) => derived.recomputeBlueprint(tx, 'team', await registry.all(tx)));
    assert.deepEqual(recomputed.changed, []);
  });
});
