export { JobQueue, defaultBackoff, isRetryable } from './job-queue.ts';
export type { JobQueueOptions } from './job-queue.ts';
export { findJob } from './job.repo.ts';
export type { EnqueueOptions, Job, JobContext, JobHandler, JobState } from './job.types.ts';
