/** Small lists kept in the browser: recently viewed entities and recent searches. */
function read<T>(key: string): T[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(key) ?? '[]');
    return Array.isArray(parsed) ? (parsed as T[]) : [];
  } catch {
    return [];
  }
}

function push<T>(key: string, item: T, same: (a: T, b: T) => boolean, max = 10): void {
  const list = [item, ...read<T>(key).filter((other) => !same(other, item))].slice(0, max);
  localStorage.setItem(key, JSON.stringify(list));
}

export interface RecentEntity { blueprint: string; identifier: string; title: string }

export const recentEntities = {
  list: () => read<RecentEntity>('portico.recent-entities'),
  add: (entity: RecentEntity) => push('portico.recent-entities', entity, (a, b) => a.blueprint === b.blueprint && a.identifier.toLowerCase() === b.identifier.toLowerCase()),
};

export const recentSearches = {
  list: () => read<string>('portico.recent-searches'),
  add: (q: string) => push('portico.recent-searches', q.trim(), (a, b) => a.toLowerCase() === b.toLowerCase(), 8),
};
