/**
 * Runs `request` `count` times, `concurrency` at a time, and returns latency percentiles in ms.
 * A request may return its own duration (to time one step of several); otherwise it is timed whole.
 */
export async function latency(count: number, concurrency: number, request: (i: number) => Promise<number | void>): Promise<{ p50: number; p95: number; max: number }> {
  const times: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const start = performance.now();
      const own = await request(i);
      times.push(typeof own === 'number' ? own : performance.now() - start);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  times.sort((a, b) => a - b);
  const at = (q: number) => Number((times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0).toFixed(2));
  return { p50: at(0.5), p95: at(0.95), max: at(1) };
}
