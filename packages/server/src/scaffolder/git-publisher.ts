import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { PorticoError } from '@portico/model';

const run = promisify(execFile);
const SAFE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;

/** A git command, with a clear error naming what git said. */
async function git(cwd: string, args: string[], what: string): Promise<string> {
  try {
    const { stdout } = await run('git', args, {
      cwd,
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_AUTHOR_NAME: 'Portico', GIT_AUTHOR_EMAIL: 'portico@localhost', GIT_COMMITTER_NAME: 'Portico', GIT_COMMITTER_EMAIL: 'portico@localhost' },
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout;
  } catch (error) {
    // Credentials in a remote URL never reach a log or an error.
    const stderr = String((error as { stderr?: string }).stderr ?? (error as Error).message).replace(/\/\/[^/@\s]+@/g, '//***@').trim().split('\n').slice(-3).join(' ');
    throw new PorticoError('CONFLICT', `${what} failed: ${stderr}`);
  }
}

/**
 * Publishes scaffolded repositories as git repositories: by default bare repositories under the
 * portal's git root (a remote any git client can clone and push to); `remote` overrides with any
 * git URL (an HTTP smart-protocol server, GitHub, GitLab). The push is refused when the repository
 * already has history, so a name is never silently reused.
 */
export class GitPublisher {
  /** Push URLs (with credentials) of remotes published to, by their public URL, to read them back. */
  private readonly credentialed = new Map<string, string>();

  constructor(private readonly root: string) {}

  /**
   * @param remote a push URL (credentials included) of a repository a host's API created; absent:
   *   a bare repository under the portal's git root.
   * @param publicUrl the remote without credentials, for outputs and links.
   */
  async publish(options: { owner: string; repo: string; workspace: string; defaultBranch: string; message: string; remote?: string; publicUrl?: string }): Promise<{ remoteUrl: string; repoContentsUrl: string; commit: string }> {
    const { owner, repo } = options;
    if (!SAFE.test(owner) || !SAFE.test(repo)) throw new PorticoError('VALIDATION_FAILED', `"${owner}/${repo}" is not a repository name (letters, digits, _ . -)`);
    let remote = options.remote;
    let remoteUrl = options.publicUrl ?? remote ?? '';
    if (remote && remoteUrl !== remote) this.credentialed.set(remoteUrl, remote);
    if (!remote) {
      const bare = resolve(join(this.root, owner, `${repo}.git`));
      if (!existsSync(bare)) {
        mkdirSync(bare, { recursive: true });
        await git(bare, ['init', '--bare', '--quiet', `--initial-branch=${options.defaultBranch}`], `creating the repository ${owner}/${repo}`);
      }
      remote = bare;
      remoteUrl = pathToFileURL(bare).href;
    }
    await git(options.workspace, ['init', '--quiet', `--initial-branch=${options.defaultBranch}`], 'preparing the commit');
    await git(options.workspace, ['add', '--all'], 'preparing the commit');
    await git(options.workspace, ['commit', '--quiet', '--allow-empty', '-m', options.message], 'committing');
    const commit = (await git(options.workspace, ['rev-parse', 'HEAD'], 'reading the commit')).trim();
    // Not forced: a repository that already has history refuses the push.
    await git(options.workspace, ['push', '--quiet', remote, `HEAD:refs/heads/${options.defaultBranch}`], `pushing to ${owner}/${repo}`);
    return { remoteUrl, repoContentsUrl: `${remoteUrl}#${options.defaultBranch}`, commit };
  }

  /** A file of a published repository, as pushed (what gets registered is what was published). */
  async readFile(repoContentsUrl: string, path: string): Promise<string> {
    const [url = '', branch = 'main'] = repoContentsUrl.split('#');
    const remote = url.startsWith('file:') ? fileURLToPath(url) : url;
    if (existsSync(remote)) return git(remote, ['show', `${branch}:${path.replace(/^\/+/, '')}`], `reading ${path} from the repository`);
    const pushUrl = this.credentialed.get(url);
    if (!pushUrl) throw new PorticoError('VALIDATION_FAILED', `Only repositories this portal published can be read (${url})`);
    // A remote over HTTP: a shallow clone of the branch, read, then thrown away.
    const scratch = mkdtempSync(join(tmpdir(), 'portico-read-'));
    try {
      await git(scratch, ['clone', '--quiet', '--depth', '1', '--branch', branch, pushUrl, 'repo'], `cloning ${url}`);
      return readFileSync(join(scratch, 'repo', path.replace(/^\/+/, '')), 'utf8');
    } catch (error) {
      if (error instanceof PorticoError) throw error;
      throw new PorticoError('VALIDATION_FAILED', `${path} is not in ${url}`);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
}
