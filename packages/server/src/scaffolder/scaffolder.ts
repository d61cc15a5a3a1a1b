import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PorticoError, parseEntityRef } from '@portico/model';
import { parseAllDocuments } from 'yaml';
import { createTemplateEnvironment, parseRepoUrl, renderValue } from './template-renderer.ts';
import type { GitPublisher } from './git-publisher.ts';
import type { RepositoryHost } from './repository-hosts.ts';
import { RemoteSources, resolveRemote } from './remote-source.ts';

type Json = Record<string, unknown>;

export interface ScaffolderDeps {
  git: GitPublisher;
  /** Git hosts whose API creates repositories, by publish action (`github` for publish:github). */
  hosts?: Record<string, RepositoryHost>;
  /** Folders templates may be read from (`location` of a template must lie inside one). */
  templateRoots: string[];
  /** Git repositories templates may fetch from by URL (hosts on `PORTICO_TEMPLATE_ALLOWED_HOSTS`). */
  remote?: RemoteSources;
  /** Registers catalog files; answers the entity refs registered. */
  register: (documents: Json[], location: string) => Promise<string[]>;
  /** The portal's base URL, for links to registered entities. */
  publicUrl: string;
}

export interface ScaffolderResult {
  links: string[];
  entities: { blueprint: string; identifier: string }[];
  summary: string;
}

/** A step that failed: which one, and why (template errors name the file and line). */
export class StepError extends PorticoError {
  constructor(step: string, message: string) {
    super('CONFLICT', `Step "${step}" failed: ${message}`);
  }
}

/**
 * Runs a Backstage software template's steps in a fresh workspace: fetch:template, fetch:plain,
 * publish:* (to a git remote of the portal), catalog:register, debug:log, notification:send.
 * Each step's output is available to the next as `steps['<id>'].output`.
 */
export async function runTemplate(deps: ScaffolderDeps, template: Json, parameters: Json, log: (message: string, level?: string) => Promise<void>, user: { ref: string }): Promise<ScaffolderResult> {
  const spec = (template.spec ?? {}) as Json;
  const location = String(template.location ?? '');
  const env = createTemplateEnvironment();
  const workspace = mkdtempSync(join(tmpdir(), 'portico-scaffold-'));
  const steps: Record<string, { output: Json }> = {};
  const entities: ScaffolderResult['entities'] = [];
  try {
    for (const raw of (Array.isArray(spec.steps) ? spec.steps : []) as Json[]) {
      const id = String(raw.id ?? raw.action);
      const context = { parameters, steps, user: { entity: { metadata: { name: user.ref } }, ref: user.ref } };
      if (raw.if !== undefined && !renderValue(env, raw.if, context)) {
        await log(`Skipping ${id} (its condition is false)`);
        continue;
      }
      let input: Json;
      try {
        input = (renderValue(env, raw.input ?? {}, context) ?? {}) as Json;
      } catch (error) {
        throw new StepError(id, `its input does not render: ${(error as Error).message}`);
      }
      await log(`Step ${id} (${String(raw.action)}) — ${String(raw.name ?? '')}`.trim());
      steps[id] = { output: await runStep(deps, String(raw.action), id, input, { workspace, location, env, log, entities }) };
    }
    const output = (renderValue(env, spec.output ?? {}, { parameters, steps }) ?? {}) as { links?: { title?: string; url?: string; entityRef?: string }[]; text?: unknown };
    const links = (output.links ?? []).map((link) => {
      if (link.url) return String(link.url);
      const entity = link.entityRef ? entityOfRef(String(link.entityRef)) : null;
      // A path in the portal (whatever address it is reached at), not an absolute URL.
      if (entity) return `/catalog/${entity.blueprint}/${encodeURIComponent(entity.identifier)}`;
      return '';
    }).filter(Boolean);
    return { links, entities, summary: `Ran ${Object.keys(steps).length} steps` };
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

/** `component:default/payments` → the catalog entity it names (Backstage Groups are teams here). */
function entityOfRef(ref: string): { blueprint: string; identifier: string } | null {
  const parsed = parseEntityRef(ref, {});
  if (typeof parsed === 'string') return null;
  const kind = parsed.kind.toLowerCase();
  return { blueprint: kind === 'group' ? 'team' : kind, identifier: parsed.name };
}

interface StepContext {
  workspace: string;
  location: string;
  env: ReturnType<typeof createTemplateEnvironment>;
  log: (message: string, level?: string) => Promise<void>;
  entities: ScaffolderResult['entities'];
}

async function runStep(deps: ScaffolderDeps, action: string, id: string, input: Json, context: StepContext): Promise<Json> {
  switch (action) {
    case 'fetch:template':
    case 'fetch:plain': {
      const fetched = await resolveSource(deps, context.location, String(input.url ?? ''), id);
      try {
        return await fetchInto(action, id, input, fetched.path, context);
      } finally {
        fetched.cleanup();
      }
    }
    case 'debug:log':
      await context.log(String(input.message ?? ''));
      return {};
    case 'notification:send':
      await context.log(`Notification to ${JSON.stringify(input.entityRefs ?? input.recipients)}: ${String(input.title ?? '')}`);
      return {};
    case 'catalog:register': {
      const contents = String(input.repoContentsUrl ?? '');
      const path = String(input.catalogInfoPath ?? '/catalog-info.yaml');
      if (!contents) throw new StepError(id, 'repoContentsUrl is missing (the publish step gives it)');
      const text = await deps.git.readFile(contents, path).catch((error: Error) => { throw new StepError(id, error.message); });
      const documents = parseAllDocuments(text).map((d) => d.toJS() as Json).filter((d) => d && typeof d === 'object');
      const refs = await deps.register(documents, `${contents}${path}`).catch((error: Error) => { throw new StepError(id, error.message); });
      for (const ref of refs) {
        const entity = entityOfRef(ref);
        if (entity) context.entities.push(entity);
      }
      await context.log(`Registered ${refs.join(', ')}`);
      return { entityRef: refs[0] ?? null, catalogInfoUrl: `${contents}${path}` };
    }
    default:
      if (action.startsWith('publish:')) {
        const { owner, repo, host } = parseRepoUrl(String(input.repoUrl ?? ''));
        if (!owner || !repo) throw new StepError(id, `repoUrl "${String(input.repoUrl ?? '')}" names no owner and repo (host?owner=…&repo=…)`);
        const api = deps.hosts?.[action.slice('publish:'.length)];
        const created = api ? await api.createRepository(owner, repo, String(input.description ?? '')).catch((error: Error) => { throw new StepError(id, error.message); }) : null;
        const publicUrl = created ? created.pushUrl.replace(/\/\/[^/@]+@/, '//') : undefined;
        const published = await deps.git.publish({
          owner, repo, workspace: insideWorkspace(context.workspace, String(input.sourcePath ?? '.'), id), defaultBranch: String(input.defaultBranch ?? 'main'),
          message: String(input.gitCommitMessage ?? 'initial commit'), ...(created ? { remote: created.pushUrl, publicUrl } : {}),
        }).catch((error: Error) => { throw new StepError(id, error.message); });
        await context.log(created
          ? `Created ${owner}/${repo} on ${api?.name} and pushed ${published.commit.slice(0, 8)}`
          : `Published to ${owner}/${repo} (asked for ${host}; the portal's git remote holds it) at ${published.commit.slice(0, 8)}`);
        return { remoteUrl: created?.webUrl ?? published.remoteUrl, repoContentsUrl: published.repoContentsUrl, commitHash: published.commit };
      }
      throw new StepError(id, `the action "${action}" is not available in Portico's scaffolder`);
  }
}

/** fetch:plain copies what was fetched; fetch:template renders every file (names too) with the step's values. */
async function fetchInto(action: string, id: string, input: Json, source: string, context: StepContext): Promise<Json> {
  let target = insideWorkspace(context.workspace, String(input.targetPath ?? '.'), id);
  // A single file (a blob URL) lands inside the target folder under its own name.
  const single = statSync(source).isFile();
  if (single && existsSync(target) && statSync(target).isDirectory()) target = join(target, basename(source));
  if (action === 'fetch:plain') {
    mkdirSync(dirname(target), { recursive: true });
    cpSync(source, target, { recursive: true });
    await context.log(`Copied ${String(input.url ?? '.')} to ${relative(context.workspace, target) || '.'}`);
    return {};
  }
  const values = (input.values ?? {}) as Json;
  const verbatim = [input.copyWithoutTemplating, input.copyWithoutRender].flat().filter((g): g is string => typeof g === 'string');
  let count = 0;
  for (const file of walk(source)) {
    const relativePath = single ? basename(source) : relative(source, file);
    let targetPath: string;
    let content: string | Buffer;
    try {
      // A single file is written to the target itself (already named); a folder's files keep their (rendered) paths.
      targetPath = single ? '' : context.env.renderString(relativePath, { values });
    } catch (error) {
      throw new StepError(id, `the file name ${relativePath} does not render: ${(error as Error).message}`);
    }
    const raw = readFileSync(file);
    if (verbatim.some((glob) => matches(relativePath, glob)) || raw.includes(0)) content = raw;
    else {
      try {
        content = context.env.renderString(raw.toString('utf8'), { values });
      } catch (error) {
        const e = error as Error & { lineno?: number };
        const line = e.lineno ?? /\[Line (\d+)/.exec(e.message)?.[1] ?? lineMentioning(raw.toString('utf8'), /not found: (\S+)/.exec(e.message)?.[1]);
        throw new StepError(id, `${relativePath}${line ? ` line ${line}` : ''}: ${e.message.replace(/\(unknown path\)\s*/, '').split('\n').pop()?.trim() ?? e.message}`);
      }
    }
    const destination = insideWorkspace(target, targetPath, id);
    mkdirSync(dirname(destination), { recursive: true });
    writeFileSync(destination, content);
    count++;
  }
  await context.log(`Rendered ${count} files`);
  return {};
}

/**
 * Where a fetch step reads from: a folder next to the template (inside PORTICO_TEMPLATE_ROOTS), or
 * a git repository URL — given outright, or relative to a template that was itself read from one.
 */
async function resolveSource(deps: ScaffolderDeps, location: string, url: string, step: string): Promise<{ path: string; cleanup: () => void }> {
  const remoteUrl = /^https?:\/\//.test(url) ? url : /^https?:\/\//.test(location) ? resolveRemote(location, url) : null;
  if (remoteUrl) {
    const remote = deps.remote ?? new RemoteSources({ allowedHosts: [] });
    try {
      return await remote.fetch(remoteUrl);
    } catch (error) {
      throw new StepError(step, (error as Error).message);
    }
  }
  const base = location.startsWith('file:') ? fileURLToPath(location) : location;
  if (!base) throw new StepError(step, 'the template has no location to fetch from');
  const path = resolve(base, url);
  const allowed = deps.templateRoots.some((root) => path === resolve(root) || path.startsWith(resolve(root) + sep));
  if (!allowed) throw new StepError(step, `${path} is outside the folders templates may read (PORTICO_TEMPLATE_ROOTS)`);
  if (!existsSync(path)) throw new StepError(step, `${url} does not exist next to the template`);
  return { path, cleanup: () => undefined };
}

function insideWorkspace(workspace: string, path: string, step: string): string {
  const target = resolve(workspace, path);
  if (target !== resolve(workspace) && !target.startsWith(resolve(workspace) + sep)) throw new StepError(step, `${path} leads outside the workspace`);
  return target;
}

function* walk(dir: string): Generator<string> {
  if (statSync(dir).isFile()) {
    yield dir;
    return;
  }
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else yield path;
  }
}

/** nunjucks reports some errors (an unknown filter) without a line: the first line naming the culprit. */
function lineMentioning(text: string, token: string | undefined): number | undefined {
  if (!token) return undefined;
  const index = text.split('\n').findIndex((line) => line.includes(token));
  return index >= 0 ? index + 1 : undefined;
}

function matches(path: string, glob: string): boolean {
  const pattern = new RegExp(`^${glob.replace(/^\.\//, '').replace(/[.+^$()|[\]\\]/g, '\\$&').replace(/\*\*/g, '§').replace(/\*/g, '[^/]*').replace(/§/g, '.*').replace(/\?/g, '.')}$`);
  return pattern.test(path);
}
