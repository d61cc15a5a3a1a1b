/** Relative date ranges a `between` rule may name instead of `{ from, to }` (Port's presets). */
export const DATE_PRESETS = ['today', 'tomorrow', 'yesterday', 'lastWeek', 'last2Weeks', 'lastMonth', 'last3Months', 'last6Months', 'last12Months'] as const;
export type DatePreset = (typeof DATE_PRESETS)[number];

const DAY = 24 * 60 * 60 * 1000;

/** The `[from, to)` range of a preset, relative to `now` (UTC days). */
export function resolveDatePreset(preset: DatePreset, now: Date): { from: Date; to: Date } {
  const startOfToday = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const back = (days: number) => ({ from: new Date(now.getTime() - days * DAY), to: now });
  switch (preset) {
    case 'today':
      return { from: new Date(startOfToday), to: new Date(startOfToday + DAY) };
    case 'tomorrow':
      return { from: new Date(startOfToday + DAY), to: new Date(startOfToday + 2 * DAY) };
    case 'yesterday':
      return { from: new Date(startOfToday - DAY), to: new Date(startOfToday) };
    case 'lastWeek':
      return back(7);
    case 'last2Weeks':
      return back(14);
    case 'lastMonth':
      return back(30);
    case 'last3Months':
      return back(90);
    case 'last6Months':
      return back(180);
    case 'last12Months':
      return back(365);
  }
}
