export type JobState = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface Job<P = Record<string, unknown>> {
  id: string;
  queue: string;
  payload: P;
  state: JobState;
  runAt: string;
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  idempotencyKey: string | null;
}

export interface EnqueueOptions {
  /** Not before this time (scheduled jobs). */
  runAt?: Date;
  maxAttempts?: number;
  /** Enqueueing the same key again returns the existing job. */
  idempotencyKey?: string;
}

/** What a handler is given besides the job: a way to keep its lease while it works. */
export interface JobContext {
  /** Extends the lease; long handlers call it (the worker also does, on a timer). */
  heartbeat(): Promise<void>;
  /** Aborted when the worker stops or the job is cancelled. */
  signal: AbortSignal;
}

export type JobHandler<P = Record<string, unknown>> = (job: Job<P>, context: JobContext) => Promise<void>;
