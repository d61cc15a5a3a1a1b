import nunjucks from 'nunjucks';

/** `github.com?owner=acme&repo=payments` → its parts (Backstage's `parseRepoUrl` filter). */
export function parseRepoUrl(repoUrl: string): { host: string; owner: string; repo: string; organization?: string; workspace?: string; project?: string } {
  const [host = '', query = ''] = String(repoUrl).split('?');
  const params = new URLSearchParams(query);
  const owner = params.get('owner') ?? params.get('workspace') ?? params.get('organization') ?? '';
  const repo = params.get('repo') ?? '';
  return {
    host, owner, repo,
    ...(params.get('organization') ? { organization: params.get('organization') ?? '' } : {}),
    ...(params.get('workspace') ? { workspace: params.get('workspace') ?? '' } : {}),
    ...(params.get('project') ? { project: params.get('project') ?? '' } : {}),
  };
}

/**
 * Backstage's template syntax: nunjucks with `${{ … }}` for values (so `{{ }}` in the files of a
 * skeleton stays literal), no auto-escaping, and Backstage's filters.
 */
export function createTemplateEnvironment(): nunjucks.Environment {
  const env = new nunjucks.Environment(null, {
    autoescape: false,
    tags: { variableStart: '${{', variableEnd: '}}', blockStart: '{%', blockEnd: '%}', commentStart: '{#', commentEnd: '#}' },
    throwOnUndefined: false,
  });
  env.addFilter('parseRepoUrl', (value: string) => parseRepoUrl(value));
  env.addFilter('projectSlug', (value: string) => { const { owner, repo } = parseRepoUrl(value); return `${owner}/${repo}`; });
  env.addFilter('pick', (value: Record<string, unknown> | undefined, key: string) => value?.[key]);
  return env;
}

const WHOLE = /^\s*\$\{\{([\s\S]+)\}\}\s*$/;

/**
 * Renders step inputs: every string is a template; a string that is one `${{ expression }}`
 * keeps the expression's type (an object stays an object), as in Backstage.
 */
export function renderValue(env: nunjucks.Environment, value: unknown, context: object): unknown {
  if (typeof value === 'string') {
    const whole = WHOLE.exec(value);
    if (whole && !value.slice(3, -2).includes('${{')) {
      const text = env.renderString(`\${{ (${whole[1]}) | dump }}`, context);
      return text === '' || text === 'undefined' ? undefined : JSON.parse(text) as unknown;
    }
    return env.renderString(value, context);
  }
  if (Array.isArray(value)) return value.map((v) => renderValue(env, v, context));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderValue(env, v, context)]));
  return value;
}
