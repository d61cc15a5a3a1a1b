import { useSearchParams } from 'react-router-dom';
import type { Rule, RuleGroup } from '../../api/types.ts';

/**
 * The explorer's state lives in the URL, so every view is a shareable link:
 * `?text=…&f.lifecycle=production,experimental&rules=[…]&sort=tier:desc&cols=$title,tier`.
 */
export interface ExplorerState {
  text: string;
  facets: Record<string, string[]>;
  rules: Rule[];
  sort: { property: string; order: 'asc' | 'desc' } | null;
  columns: string[] | null;
}

export function useExplorerState(): [ExplorerState, (change: Partial<ExplorerState>) => void] {
  const [params, setParams] = useSearchParams();
  const facets: Record<string, string[]> = {};
  for (const [key, value] of params) if (key.startsWith('f.') && value) facets[key.slice(2)] = value.split(',');
  let rules: Rule[] = [];
  try {
    const parsed: unknown = JSON.parse(params.get('rules') ?? '[]');
    if (Array.isArray(parsed)) rules = parsed as Rule[];
  } catch {
    rules = [];
  }
  const [sortProperty, sortOrder] = (params.get('sort') ?? '').split(':');
  const state: ExplorerState = {
    text: params.get('text') ?? '',
    facets,
    rules,
    sort: sortProperty ? { property: sortProperty, order: sortOrder === 'desc' ? 'desc' : 'asc' } : null,
    columns: params.get('cols') ? (params.get('cols') ?? '').split(',') : null,
  };
  const update = (change: Partial<ExplorerState>) => {
    const next = { ...state, ...change };
    const out = new URLSearchParams();
    if (next.text) out.set('text', next.text);
    for (const [property, values] of Object.entries(next.facets)) if (values.length) out.set(`f.${property}`, values.join(','));
    if (next.rules.length) out.set('rules', JSON.stringify(next.rules));
    if (next.sort) out.set('sort', `${next.sort.property}:${next.sort.order}`);
    if (next.columns) out.set('cols', next.columns.join(','));
    setParams(out, { replace: true });
  };
  return [state, update];
}

/** The query the explorer sends: the blueprint, the name filter, facet choices and the rule builder's rules. */
export function explorerQuery(blueprint: string, state: ExplorerState, facetOperators: Record<string, 'in' | 'containsAny'>): RuleGroup {
  const rules: (Rule | RuleGroup)[] = [{ property: '$blueprint', operator: '=', value: blueprint }];
  if (state.text.trim()) {
    rules.push({ combinator: 'or', rules: [
      { property: '$title', operator: 'contains', value: state.text.trim() },
      { property: '$identifier', operator: 'contains', value: state.text.trim() },
    ] });
  }
  for (const [property, values] of Object.entries(state.facets)) {
    if (values.length === 0) continue;
    const typed = values.map((v) => (v === 'true' ? true : v === 'false' ? false : /^-?\d+(\.\d+)?$/.test(v) && property !== '$team' ? Number(v) : v));
    rules.push({ property, operator: facetOperators[property] ?? 'in', value: facetOperators[property] === 'containsAny' ? values : typed });
  }
  // A rule still being written (no value yet) does not filter.
  rules.push(...state.rules.filter((r) => r.operator === 'isEmpty' || r.operator === 'isNotEmpty' || (r.value !== '' && r.value !== undefined && !(Array.isArray(r.value) && r.value.length === 0))));
  return { combinator: 'and', rules };
}
