const MAX_STRING = 300;
const MAX_TOTAL = 4000;

/**
 * The text the search box matches for an entity: title, identifier, then description, tags and
 * other string values, each clipped so one large field (an API definition) cannot crowd out the rest.
 */
export function buildSearchText(title: string, identifier: string, properties: Record<string, unknown>): { searchText: string; searchName: string } {
  const parts: string[] = [title, identifier.replace(/[/:._-]+/g, ' ')];
  const push = (value: string) => parts.push(value.length > MAX_STRING ? value.slice(0, MAX_STRING) : value);
  const description = properties.description;
  if (typeof description === 'string') push(description);
  const tags = properties.tags;
  if (Array.isArray(tags)) for (const tag of tags) if (typeof tag === 'string') push(tag);
  for (const [key, value] of Object.entries(properties)) {
    if (key === 'description' || key === 'tags' || key === 'annotations' || key === 'definition') continue;
    collectStrings(value, push, 0);
  }
  let searchText = parts.join(' ');
  if (searchText.length > MAX_TOTAL) searchText = searchText.slice(0, MAX_TOTAL);
  return { searchText, searchName: `${title} ${identifier}`.toLowerCase() };
}

function collectStrings(value: unknown, push: (s: string) => void, depth: number): void {
  if (depth > 3) return;
  if (typeof value === 'string') {
    if (value.length > 0 && !/^https?:\/\//.test(value)) push(value);
  } else if (Array.isArray(value)) {
    for (const item of value.slice(0, 20)) collectStrings(item, push, depth + 1);
  } else if (value && typeof value === 'object') {
    for (const item of Object.values(value).slice(0, 20)) collectStrings(item, push, depth + 1);
  }
}
