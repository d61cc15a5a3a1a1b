import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { testEngine } from '../testing/test-database.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies are read field by field

const CHILD = fileURLToPath(new URL('../testing/child-server.ts', import.meta.url));

/** Starts a Portico server process and waits until it listens. */
async function startChild(env: Record<string, string>): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve((JSON.parse(line) as { port: number }).port);
    });
    child.once('exit', (code) => reject(new Error(`the server exited with ${code}`)));
  });
  return { child, base: `http://127.0.0.1:${port}` };
}

describe(`a run survives the server being killed (${testEngine()})`, () => {
  let receiver: Server;
  let receiverBase = '';
  const calls: { key: string; attempt: number }[] = [];
  const hanging: ServerResponse[] = [];
  let dataDir = '';
  let schema = '';
  const env: Record<string, string> = { PORTICO_SECRET_KEY: randomBytes(32).toString('base64'), PORTICO_JOB_LEASE_SECONDS: '1', PORTICO_RUN_RETRY_BASE_MS: '50' };

  before(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => { body += c.toString(); });
      req.on('end', () => {
        const payload = JSON.parse(body) as Json;
        calls.push({ key: String(req.headers['idempotency-key']), attempt: payload.run.attempt as number });
        // The first call never gets an answer: the server is killed while waiting for it.
        if (calls.length === 1) {
          hanging.push(res);
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ status: 'SUCCESS', summary: `done on attempt ${payload.run.attempt}` }));
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverBase = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    const url = process.env.PORTICO_TEST_DATABASE_URL;
    if (url) {
      schema = `test_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query('create extension if not exists pg_trgm schema public').catch(() => undefined);
      await admin.query(`create schema ${schema}`);
      await admin.end();
      Object.assign(env, { DATABASE_URL: url, CHILD_SCHEMA: schema });
    } else {
      dataDir = mkdtempSync(join(tmpdir(), 'portico-kill-'));
      env.PORTICO_DATA_DIR = dataDir;
    }
  });
  after(async () => {
    for (const res of hanging) res.destroy();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    if (schema) {
      const admin = new pg.Client({ connectionString: process.env.PORTICO_TEST_DATABASE_URL });
      await admin.connect();
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    }
  });

  test('SIGKILL mid-run: after restart the run is taken again with the same idempotency key and ends once', async () => {
    const first = await startChild(env);
    const post = async (base: string, path: string, body: unknown) => {
      const response = await fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      assert.ok(response.ok, `${path}: ${response.status} ${await response.clone().text()}`);
      return response.json() as Promise<Json>;
    };
    await post(first.base, '/api/v1/actions', { identifier: 'provision', title: 'Provision', operation: 'CREATE', invoker: { type: 'WEBHOOK', url: `${receiverBase}/provision`, synchronized: true } });
    const { run } = await post(first.base, '/api/v1/actions/provision/runs', { inputs: {} });
    const deadline = Date.now() + 15000;
    while (calls.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.equal(calls.length, 1, 'the receiver was called');
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));

    const second = await startChild(env);
    try {
      let current: Json = {};
      const until = Date.now() + 20000;
      while (Date.now() < until) {
        current = (await (await fetch(`${second.base}/api/v1/runs/${run.id}`)).json() as Json).run as Json;
        if (current.status === 'SUCCESS' || current.status === 'FAILURE') break;
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.equal(current.status, 'SUCCESS', JSON.stringify(current));
      assert.equal(current.summary, 'done on attempt 2');
      assert.deepEqual(calls.map((c) => c.key), [run.id, run.id], 'one idempotency key: the receiver can tell it is the same run');
      const logs = ((await (await fetch(`${second.base}/api/v1/runs/${run.id}/logs`)).json()) as Json).logs.map((l: Json) => l.message as string);
      assert.equal(logs.filter((m: string) => m.startsWith('The receiver answered')).length, 1, 'it completed once');
      // It stays ended: nothing runs it a third time.
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal(calls.length, 2);
    } finally {
      second.child.kill('SIGTERM');
      await new Promise((resolve) => second.child.once('exit', resolve));
    }
  });
});
