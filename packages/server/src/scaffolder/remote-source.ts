import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A folder (or file) in a git repository, as a browser URL names it. */
export interface RemoteTree {
  /** What git clones (`https://host/owner/repo.git`). */
  cloneUrl: string;
  /** Branch, tag or commit; null: the repository's default branch. */
  ref: string | null;
  /** The folder or file inside the repository ('' for all of it). */
  path: string;
}

/**
 * Reads the URLs Backstage templates fetch from, in the forms the git hosts show in the browser:
 * GitHub / Gitea `…/owner/repo/tree|blob/<ref>/<path>`, GitLab `…/group/project/-/tree|blob/<ref>/<path>`,
 * Bitbucket `…/workspace/repo/src/<ref>/<path>`, or a plain `….git` URL (the whole repository).
 * A ref with a slash in it cannot be told from the path; like Backstage, the first segment is the ref.
 */
export function parseTreeUrl(url: string): RemoteTree | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
  const segments = parsed.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const origin = `${parsed.protocol}//${parsed.host}`;
  const cloneOf = (repoSegments: string[]) => {
    const path = repoSegments.join('/');
    return `${origin}/${path.endsWith('.git') ? path : `${path}.git`}`;
  };
  const gitlab = segments.indexOf('-');
  if (gitlab >= 2 && (segments[gitlab + 1] === 'tree' || segments[gitlab + 1] === 'blob') && segments[gitlab + 2]) {
    return { cloneUrl: cloneOf(segments.slice(0, gitlab)), ref: segments[gitlab + 2] ?? null, path: segments.slice(gitlab + 3).join('/') };
  }
  for (let i = 2; i < segments.length - 1; i++) {
    if (segments[i] === 'tree' || segments[i] === 'blob' || segments[i] === 'src') {
      return { cloneUrl: cloneOf(segments.slice(0, i)), ref: segments[i + 1] ?? null, path: segments.slice(i + 2).join('/') };
    }
  }
  if (segments.length >= 2 && segments[segments.length - 1]?.endsWith('.git')) return { cloneUrl: cloneOf(segments), ref: parsed.hash.slice(1) || null, path: '' };
  return null;
}

/** Joins a relative fetch URL (`./skeleton`) onto a template location that is itself a tree URL. */
export function resolveRemote(location: string, relative: string): string {
  const base = location.endsWith('/') ? location : `${location}/`;
  return new URL(relative, base).toString().replace(/\/$/, '');
}

/**
 * Fetches folders of git repositories for templates, from hosts on an allow-list only
 * (`PORTICO_TEMPLATE_ALLOWED_HOSTS`), with git itself: a shallow fetch of one ref, no redirects
 * (a host on the list cannot bounce the server elsewhere), no prompts, a time limit. The server's
 * own git config applies, so `url.<mirror>.insteadOf` sends fetches to an internal mirror.
 */
export class RemoteSources {
  constructor(private readonly options: { allowedHosts: string[]; timeoutMs?: number }) {}

  /** Null when the URL may be fetched, else why not. */
  refusal(url: string): string | null {
    const tree = parseTreeUrl(url);
    if (!tree) return `${url} is not a git repository URL Portico reads (…/tree/<ref>/<path>, …/-/tree/<ref>/<path>, …/src/<ref>/<path> or ….git)`;
    const host = new URL(url);
    const hosts = this.options.allowedHosts;
    if (hosts.includes('*') || hosts.includes(host.hostname.toLowerCase()) || hosts.includes(host.host.toLowerCase())) return null;
    return hosts.length === 0
      ? `fetching ${url} is not allowed: templates fetch from their own location until PORTICO_TEMPLATE_ALLOWED_HOSTS names the hosts they may read`
      : `fetching ${url} is not allowed: PORTICO_TEMPLATE_ALLOWED_HOSTS does not name ${host.host} (${hosts.join(', ')})`;
  }

  /**
   * Fetches the folder (or file) a URL names into a fresh directory.
   * @returns the fetched path and a cleanup to call when done with it.
   * @throws Error naming the URL and what git said.
   */
  async fetch(url: string): Promise<{ path: string; cleanup: () => void }> {
    const refusal = this.refusal(url);
    if (refusal) throw new Error(refusal);
    const tree = parseTreeUrl(url) as RemoteTree;
    const dir = mkdtempSync(join(tmpdir(), 'portico-fetch-'));
    const cleanup = () => rmSync(dir, { recursive: true, force: true });
    try {
      const git = (args: string[]) => run('git', ['-c', 'http.followRedirects=false', '-c', 'protocol.allow=never', '-c', 'protocol.https.allow=always', '-c', 'protocol.http.allow=always', ...args], {
        cwd: dir, timeout: this.options.timeoutMs ?? 60_000, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' }, maxBuffer: 16 * 1024 * 1024,
      });
      await git(['init', '--quiet']);
      await git(['fetch', '--quiet', '--depth', '1', tree.cloneUrl, tree.ref ?? 'HEAD']);
      await git(['checkout', '--quiet', 'FETCH_HEAD']);
      // The files, not the history: a fetch of the whole repository must not copy .git into the new one.
      rmSync(join(dir, '.git'), { recursive: true, force: true });
      const path = resolve(dir, tree.path);
      if (path !== resolve(dir) && !path.startsWith(resolve(dir) + sep)) throw new Error(`${tree.path} leads outside the repository`);
      if (!existsSync(path)) throw new Error(`${tree.path || '/'} does not exist in ${tree.cloneUrl} at ${tree.ref ?? 'its default branch'}`);
      return { path, cleanup };
    } catch (error) {
      cleanup();
      const stderr = String((error as { stderr?: string }).stderr ?? '').replace(/\/\/[^/@\s]+@/g, '//***@').trim().split('\n').filter(Boolean).slice(-2).join(' ');
      throw new Error(`fetching ${url} failed: ${stderr || (error as Error).message}`);
    }
  }
}
