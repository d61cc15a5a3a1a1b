import { PorticoError } from '@portico/model';

/** A git host's API that creates repositories: where to push and where people browse it. */
export interface RepositoryHost {
  readonly name: string;
  createRepository(owner: string, repo: string, description: string): Promise<{ pushUrl: string; webUrl: string }>;
}

async function callApi(host: string, url: string, init: RequestInit): Promise<Record<string, unknown>> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(20_000) });
  } catch (error) {
    throw new PorticoError('UNAVAILABLE', `${host} could not be reached (${(error as Error).message})`);
  }
  const text = await response.text();
  const body = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
  if (!response.ok) {
    const detail = typeof body.message === 'string' ? body.message : JSON.stringify(body.errors ?? body.message ?? body).slice(0, 300);
    throw new PorticoError(response.status >= 500 ? 'UNAVAILABLE' : 'CONFLICT', `${host} refused to create the repository (HTTP ${response.status}): ${detail}`);
  }
  return body;
}

/** Puts a token into an https clone URL as basic-auth credentials, the way git expects them. */
function withCredentials(cloneUrl: string, user: string, token: string): string {
  const url = new URL(cloneUrl);
  url.username = user;
  url.password = token;
  return url.href;
}

/**
 * GitHub's REST API (docs.github.com/rest/repos/repos): `POST /orgs/{org}/repos`, or
 * `POST /user/repos` when the owner is the token's user; pushes as `x-access-token`.
 */
export class GitHubHost implements RepositoryHost {
  readonly name = 'GitHub';
  constructor(private readonly apiUrl: string, private readonly token: string) {}

  async createRepository(owner: string, repo: string, description: string) {
    const headers = { authorization: `Bearer ${this.token}`, accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28', 'content-type': 'application/json', 'user-agent': 'Portico' };
    const user = await callApi(this.name, `${this.apiUrl}/user`, { headers });
    const path = user.login === owner ? '/user/repos' : `/orgs/${encodeURIComponent(owner)}/repos`;
    const created = await callApi(this.name, `${this.apiUrl}${path}`, { method: 'POST', headers, body: JSON.stringify({ name: repo, description, private: true, auto_init: false }) });
    return { pushUrl: withCredentials(String(created.clone_url), 'x-access-token', this.token), webUrl: String(created.html_url) };
  }
}

/**
 * GitLab's REST API (docs.gitlab.com/api/projects): `GET /namespaces/{owner}` for its id, then
 * `POST /projects`; pushes as `oauth2`.
 */
export class GitLabHost implements RepositoryHost {
  readonly name = 'GitLab';
  constructor(private readonly apiUrl: string, private readonly token: string) {}

  async createRepository(owner: string, repo: string, description: string) {
    const headers = { 'private-token': this.token, 'content-type': 'application/json' };
    const namespace = await callApi(this.name, `${this.apiUrl}/namespaces/${encodeURIComponent(owner)}`, { headers });
    const created = await callApi(this.name, `${this.apiUrl}/projects`, { method: 'POST', headers, body: JSON.stringify({ name: repo, path: repo, namespace_id: namespace.id, description, visibility: 'private' }) });
    return { pushUrl: withCredentials(String(created.http_url_to_repo), 'oauth2', this.token), webUrl: String(created.web_url) };
  }
}
