import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PorticoError } from '@portico/model';
import type { Database } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { openTestDatabase, testEngine } from '../testing/test-database.ts';
import { JobQueue } from './job-queue.ts';
import * as repo from './job.repo.ts';

const until = async (check: () => Promise<boolean>, ms = 5000) => {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe(`job queue (${testEngine()})`, () => {
  let db: Database;
  before(async () => {
    db = await openTestDatabase();
    await migrate(db);
  });
  after(async () => db.close());

  test('a job is handed to its handler once, with its payload, and marked succeeded', async () => {
    const queue = new JobQueue(db, { pollMs: 20 });
    const seen: unknown[] = [];
    queue.register('echo', async (job) => { seen.push(job.payload); });
    await queue.start();
    const job = await queue.enqueue(db, 'echo', { hello: 'world' });
    await until(async () => (await repo.findJob(db, job.id))?.state === 'succeeded');
    await queue.stop();
    assert.deepEqual(seen, [{ hello: 'world' }]);
  });

  test('operational errors are retried with backoff; other errors fail at once with the reason', async () => {
    const queue = new JobQueue(db, { pollMs: 10 });
    let calls = 0;
    queue.register('flaky', async () => {
      calls++;
      if (calls < 3) throw new PorticoError('UNAVAILABLE', `receiver down (${calls})`);
    }, { backoff: () => 10 });
    queue.register('broken', async () => { throw new PorticoError('VALIDATION_FAILED', 'bad input'); }, { backoff: () => 10 });
    const flaky = await queue.enqueue(db, 'flaky', {});
    const broken = await queue.enqueue(db, 'broken', {});
    await queue.start();
    await until(async () => (await repo.findJob(db, flaky.id))?.state === 'succeeded' && (await repo.findJob(db, broken.id))?.state === 'failed');
    await queue.stop();
    const done = await repo.findJob(db, flaky.id);
    assert.equal(done?.attempts, 3);
    assert.equal(done?.lastError, 'receiver down (2)');
    const failed = await repo.findJob(db, broken.id);
    assert.deepEqual([failed?.attempts, failed?.lastError], [1, 'bad input']);
  });

  test('a retried job gives up after its last attempt, keeping the last error', async () => {
    const queue = new JobQueue(db, { pollMs: 10 });
    queue.register('always-down', async () => { throw new PorticoError('UNAVAILABLE', 'connection refused'); }, { backoff: () => 5 });
    const job = await queue.enqueue(db, 'always-down', {}, { maxAttempts: 3 });
    // Running, not drained: the retries are due a few milliseconds after each failure.
    await queue.start();
    await until(async () => (await repo.findJob(db, job.id))?.state === 'failed');
    await queue.stop();
    const failed = await repo.findJob(db, job.id);
    assert.deepEqual([failed?.attempts, failed?.lastError], [3, 'connection refused']);
  });

  test('scheduled jobs wait for their time; the same idempotency key is one job', async () => {
    const queue = new JobQueue(db, { pollMs: 10 });
    const ran: string[] = [];
    queue.register('later', async (job) => { ran.push(String(job.payload.name)); });
    const soon = new Date(Date.now() + 300);
    const first = await queue.enqueue(db, 'later', { name: 'a' }, { runAt: soon, idempotencyKey: 'later-a' });
    const again = await queue.enqueue(db, 'later', { name: 'a' }, { runAt: soon, idempotencyKey: 'later-a' });
    assert.equal(again.id, first.id);
    await queue.drain();
    assert.deepEqual(ran, [], 'not due yet');
    await new Promise((r) => setTimeout(r, 350));
    await queue.drain();
    assert.deepEqual(ran, ['a']);
  });

  test('several workers share the queue: each job is handled exactly once', async () => {
    const handled = new Map<string, number>();
    const workers = [1, 2, 3].map(() => {
      const queue = new JobQueue(db, { pollMs: 5, concurrency: 4 });
      queue.register('shared', async (job) => {
        handled.set(job.id, (handled.get(job.id) ?? 0) + 1);
        await new Promise((r) => setTimeout(r, 2));
      });
      return queue;
    });
    const ids: string[] = [];
    for (let i = 0; i < 60; i++) ids.push((await repo.enqueue(db, 'shared', { i })).id);
    await Promise.all(workers.map((w) => w.start()));
    await until(async () => (await db.query<{ n: number }>(`select count(*)::int as n from jobs where queue = 'shared' and state = 'succeeded'`))[0]?.n === 60, 15000);
    await Promise.all(workers.map((w) => w.stop()));
    assert.equal(handled.size, 60);
    assert.ok([...handled.values()].every((n) => n === 1), 'no job twice');
  });

  test('a job whose worker died is taken again when its lease ends, or given up with the reason', async () => {
    // A worker claims two jobs and "dies": it never renews or finishes them.
    const again = await repo.enqueue(db, 'orphan', { n: 1 });
    const last = await repo.enqueue(db, 'orphan', { n: 2 }, { maxAttempts: 1 });
    const claimed = await repo.claim(db, ['orphan'], 'dead-worker', 10, 100);
    assert.equal(claimed.length, 2);
    const abandoned: string[] = [];
    const queue = new JobQueue(db, { pollMs: 10, leaseMs: 100 });
    const handled: string[] = [];
    queue.register('orphan', async (job) => { handled.push(job.id); }, { onAbandoned: async (job) => { abandoned.push(job.id); } });
    await new Promise((r) => setTimeout(r, 150));
    await queue.drain();
    assert.deepEqual(handled, [again.id], 'the job with attempts left ran again');
    assert.deepEqual(abandoned, [last.id]);
    const given = await repo.findJob(db, last.id);
    assert.equal(given?.state, 'failed');
    assert.match(given?.lastError ?? '', /worker stopped before finishing/);
    assert.equal((await repo.findJob(db, again.id))?.attempts, 2);
  });
});
