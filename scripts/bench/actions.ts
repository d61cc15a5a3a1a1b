// Action-run figures for `npm run bench` (issue: ≥ 500 webhook runs/min end to end on PostgreSQL
// with a local receiver; from "run" to the invoker being called ≤ 200 ms p95 while idle).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

type Call = (method: string, path: string, body?: unknown) => Promise<unknown>;

export async function measureActions(call: Call, runs = 1000) {
  let received = 0;
  const arrivals = new Map<string, number>();
  const receiver = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received++;
      arrivals.set(String(req.headers['idempotency-key']), performance.now());
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"status":"SUCCESS"}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  try {
    await call('POST', '/api/v1/actions', { identifier: 'bench-hook', title: 'Bench hook', operation: 'CREATE', invoker: { type: 'WEBHOOK', url, synchronized: true } });
    // Idle latency: one run at a time, from the request leaving to the receiver being called.
    const latencies: number[] = [];
    for (let i = 0; i < 60; i++) {
      const start = performance.now();
      const { run } = await call('POST', '/api/v1/actions/bench-hook/runs', { inputs: {} }) as { run: { id: string } };
      while (!arrivals.has(run.id)) await new Promise((r) => setTimeout(r, 1));
      latencies.push((arrivals.get(run.id) ?? start) - start);
      await new Promise((r) => setTimeout(r, 20));
    }
    latencies.sort((a, b) => a - b);
    const at = (q: number) => Number((latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0).toFixed(1));
    // Throughput: `runs` requested by 16 clients at once, until the receiver has been called for each.
    const before = received;
    const start = performance.now();
    let next = 0;
    await Promise.all(Array.from({ length: 16 }, async () => {
      while (next < runs) {
        next++;
        await call('POST', '/api/v1/actions/bench-hook/runs', { inputs: {} });
      }
    }));
    const requested = performance.now();
    while (received - before < runs) await new Promise((r) => setTimeout(r, 10));
    const done = performance.now();
    const minutes = (done - start) / 60000;
    return {
      runToInvokerMs: { p50: at(0.5), p95: at(0.95), max: at(1) },
      throughputRuns: runs,
      requestSeconds: Number(((requested - start) / 1000).toFixed(2)),
      allInvokedSeconds: Number(((done - start) / 1000).toFixed(2)),
      runsPerMinute: Math.round(runs / minutes),
    };
  } finally {
    receiver.close();
  }
}
