import type { Initiative } from '../../api/types.ts';

/** "Silver on readiness" or "3 rules of readiness". */
export function targetLabel(initiative: Initiative): string {
  return 'level' in initiative.target
    ? `${initiative.target.level} on ${initiative.scorecard}`
    : `${initiative.target.rules.length} ${initiative.target.rules.length === 1 ? 'rule' : 'rules'} of ${initiative.scorecard}`;
}

/** Whole days from now to the deadline (negative once it has passed). */
export function daysLeft(deadline: string, now = Date.now()): number {
  return Math.ceil((Date.parse(deadline) - now) / 86_400_000);
}

export function deadlineLabel(deadline: string): { text: string; color: string } {
  const days = daysLeft(deadline);
  const date = deadline.slice(0, 10);
  if (days < 0) return { text: `${date} · ${-days} days overdue`, color: 'red' };
  if (days <= 14) return { text: `${date} · ${days} days left`, color: 'orange' };
  return { text: `${date} · ${days} days left`, color: 'gray' };
}
