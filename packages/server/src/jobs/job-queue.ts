import { randomUUID } from 'node:crypto';
import { PorticoError } from '@portico/model';
import type { Database, Sql } from '../db/database.ts';
import * as repo from './job.repo.ts';
import type { EnqueueOptions, Job, JobHandler } from './job.types.ts';

export interface JobQueueOptions {
  /** How long a claimed job stays this worker's without a heartbeat (default 30 s). */
  leaseMs?: number;
  /** How often an idle worker looks for due jobs when nobody announces one (default 1 s). */
  pollMs?: number;
  /** Jobs run at once by this worker (default 8). */
  concurrency?: number;
  /** Called when a handler fails or a job is given up on (logging); `null` when the worker's own loop failed. */
  onError?: (job: Job | null, error: unknown) => void;
}

interface Registration {
  handler: JobHandler;
  /** Milliseconds to wait before attempt `attempt + 1`. */
  backoff: (attempt: number) => number;
  /** Called when a job is given up on after its worker died (lease expired, no attempts left). */
  onAbandoned?: (job: Job) => Promise<void>;
}

/** Worth another attempt: operational errors (network, a 5xx from a receiver, a busy database). */
export function isRetryable(error: unknown): boolean {
  if (error instanceof PorticoError) return error.kind === 'operational';
  return (error as { retryable?: boolean } | null)?.retryable === true;
}

/** Exponential backoff from 1 s, doubling, capped at 5 minutes, with ±20% jitter so retries spread out. */
export function defaultBackoff(attempt: number): number {
  const base = Math.min(300_000, 1000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

/**
 * A worker over the `jobs` table. Any number of processes may run one against the same database:
 * claims use FOR UPDATE SKIP LOCKED, so a job is handed to one worker at a time; a worker renews
 * its leases while handlers run, and jobs whose worker died are taken again when the lease ends.
 */
export class JobQueue {
  readonly worker = `worker-${process.pid}-${randomUUID().slice(0, 8)}`;
  private readonly registrations = new Map<string, Registration>();
  private readonly active = new Map<string, AbortController>();
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly concurrency: number;
  private running = false;
  private wake: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private unlisten: (() => Promise<void>) | null = null;
  private lastRecovery = 0;

  constructor(private readonly db: Database, private readonly options: JobQueueOptions = {}) {
    this.leaseMs = options.leaseMs ?? 30_000;
    this.pollMs = options.pollMs ?? 1000;
    this.concurrency = options.concurrency ?? 8;
  }

  register<P = Record<string, unknown>>(queue: string, handler: JobHandler<P>, options: { backoff?: (attempt: number) => number; onAbandoned?: (job: Job) => Promise<void> } = {}): void {
    this.registrations.set(queue, { handler: handler as JobHandler, backoff: options.backoff ?? defaultBackoff, ...(options.onAbandoned ? { onAbandoned: options.onAbandoned } : {}) });
  }

  /** Adds a job; inside a transaction (`sql`), it exists only if that transaction commits. */
  async enqueue(sql: Sql, queue: string, payload: Record<string, unknown>, options: EnqueueOptions = {}): Promise<Job> {
    const job = await repo.enqueue(sql, queue, payload, options);
    this.kick();
    return job;
  }

  async cancel(id: string): Promise<boolean> {
    this.active.get(id)?.abort(new Error('cancelled'));
    return repo.cancel(this.db, id);
  }

  /** Starts taking jobs; on PostgreSQL, a NOTIFY from any process wakes it at once. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    if (this.db.listen) this.unlisten = await this.db.listen(repo.JOBS_CHANNEL, () => this.kick());
    this.loop = this.run();
  }

  /** Stops taking jobs and waits for the running ones (up to `graceMs`, then aborts them). */
  async stop(graceMs = 5000): Promise<void> {
    this.running = false;
    this.kick();
    await this.unlisten?.();
    const deadline = Date.now() + graceMs;
    while (this.active.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    for (const controller of this.active.values()) controller.abort(new Error('the worker is stopping'));
    await this.loop;
  }

  /** Runs due jobs until none is left (tests and one-shot tools). */
  async drain(): Promise<void> {
    for (;;) {
      await this.recover(true);
      const claimed = await this.claimAndRun();
      if (claimed === 0 && this.active.size === 0) return;
      while (this.active.size > 0) await new Promise((r) => setTimeout(r, 5));
    }
  }

  private kick(): void {
    this.wake?.();
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        await this.recover(false);
        const claimed = await this.claimAndRun();
        if (claimed > 0 && this.active.size < this.concurrency) continue;
      } catch (error) {
        this.options.onError?.(null, error);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.pollMs);
        this.wake = () => {
          clearTimeout(timer);
          this.wake = null;
          resolve();
        };
      });
    }
  }

  private async recover(force: boolean): Promise<void> {
    if (!force && Date.now() - this.lastRecovery < Math.min(this.leaseMs / 2, 5000)) return;
    this.lastRecovery = Date.now();
    for (const job of await repo.recoverExpired(this.db)) {
      await this.registrations.get(job.queue)?.onAbandoned?.(job).catch((error: unknown) => this.options.onError?.(job, error));
    }
  }

  private async claimAndRun(): Promise<number> {
    const free = this.concurrency - this.active.size;
    if (free <= 0 || this.registrations.size === 0) return 0;
    const jobs = await repo.claim(this.db, [...this.registrations.keys()], this.worker, free, this.leaseMs);
    for (const job of jobs) void this.execute(job);
    return jobs.length;
  }

  private async execute(job: Job): Promise<void> {
    const registration = this.registrations.get(job.queue);
    const controller = new AbortController();
    this.active.set(job.id, controller);
    const heartbeat = async () => {
      if (!(await repo.renew(this.db, job.id, this.worker, this.leaseMs))) controller.abort(new Error('the job is no longer this worker\'s'));
    };
    const timer = setInterval(() => void heartbeat().catch(() => undefined), Math.max(50, this.leaseMs / 3));
    try {
      if (!registration) throw new Error(`no handler for queue "${job.queue}"`);
      await registration.handler(job, { heartbeat, signal: controller.signal });
      await repo.succeed(this.db, job.id, this.worker);
    } catch (error) {
      this.options.onError?.(job, error);
      const message = error instanceof Error ? error.message : String(error);
      const retry = registration && isRetryable(error) ? registration.backoff(job.attempts) : null;
      await repo.fail(this.db, job.id, this.worker, message, retry).catch((e: unknown) => this.options.onError?.(job, e));
    } finally {
      clearInterval(timer);
      this.active.delete(job.id);
      this.kick();
    }
  }
}
