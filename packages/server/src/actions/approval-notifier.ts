import { PorticoError } from '@portico/model';
import type { Sql } from '../db/database.ts';
import type { Job, JobQueue } from '../jobs/index.ts';
import type { RunRecord } from './run.repo.ts';

export const NOTIFY_QUEUE = 'approval-notification';

/**
 * Tells approvers a run waits for them: a Slack-format message (`text` + `blocks`, which Slack's
 * incoming webhooks and most chat bridges accept) POSTed to `PORTICO_APPROVAL_WEBHOOK_URL`, through
 * the job queue (retried when the chat service is down). In the portal, the approvals inbox lists them.
 */
export class ApprovalNotifier {
  constructor(private readonly queue: JobQueue, private readonly url: string | undefined, private readonly publicUrl: string) {
    queue.register(NOTIFY_QUEUE, (job) => this.send(job));
  }

  async runWaiting(tx: Sql, run: RunRecord): Promise<void> {
    if (!this.url) return;
    const approval = run.definition.approval;
    const who = approval ? [...approval.users.map((u) => `@${u}`), ...approval.teams.map((t) => `team ${t}`), ...approval.roles.map((r) => `${r}s`)].join(', ') : '';
    const link = `${this.publicUrl}/runs/${run.id}`;
    const text = `${run.requestedBy} asks to run "${run.definition.title}"${run.entity ? ` on ${run.entity}` : ''}: approval needed (${approval?.type === 'ALL' ? 'all of' : 'any of'} ${who}). ${link}`;
    await this.queue.enqueue(tx, NOTIFY_QUEUE, {
      text,
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: `*${run.definition.title}* waits for approval\nRequested by ${run.requestedBy}${run.entity ? ` on \`${run.entity}\`` : ''}; approvers: ${who}` } },
        { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Review' }, url: link }] },
      ],
    }, { idempotencyKey: `approval-notification:${run.id}` });
  }

  private async send(job: Job): Promise<void> {
    if (!this.url) return;
    let response: Response;
    try {
      response = await fetch(this.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(job.payload), signal: AbortSignal.timeout(10_000) });
    } catch (error) {
      throw new PorticoError('UNAVAILABLE', `the approval webhook could not be reached (${(error as Error).message})`);
    }
    if (response.status === 429 || response.status >= 500) throw new PorticoError('UNAVAILABLE', `the approval webhook answered HTTP ${response.status}`);
    if (!response.ok) throw new PorticoError('CONFLICT', `the approval webhook refused the message with HTTP ${response.status}`);
  }
}
