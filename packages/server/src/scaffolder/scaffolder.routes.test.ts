import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import type { Portico } from '../app.ts';
import { startTestPortico } from '../testing/test-portico.ts';
import { startGitHttpServer } from '../testing/git-http-server.ts';
import { testEngine } from '../testing/test-database.ts';
import { FIXTURES_DIR } from '../testing/fixtures.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies are read field by field

const TEMPLATES = `${FIXTURES_DIR}backstage/templates/`;
const EXAMPLE = `${TEMPLATES}packages/create-app/templates/default-app/examples/template/template.yaml`;

describe(`scaffolder: Backstage templates into real git repositories (${testEngine()})`, () => {
  let portico: Portico;
  let gitRoot = '';
  let scratch = '';
  let remotes = '';
  let gitServer: Awaited<ReturnType<typeof startGitHttpServer>>;
  const call = async (method: 'GET' | 'POST', url: string, payload?: unknown) => {
    const response = await portico.app.inject({ method, url, ...(payload === undefined ? {} : { payload: payload as object }) });
    return { status: response.statusCode, body: (response.body ? response.json() : null) as Json };
  };
  const finished = async (id: string) => {
    const deadline = Date.now() + 20000;
    for (;;) {
      const run = (await call('GET', `/api/v1/runs/${id}`)).body.run as Json;
      if (['SUCCESS', 'FAILURE'].includes(run.status)) return run;
      if (Date.now() > deadline) throw new Error(`run ${id} still ${run.status}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  /** Commits a folder on `branch` and serves it as `<repo>.git` from the test's smart-HTTP remote. */
  const serveFolder = (source: string, branch: string, repo: string) => {
    const gitIn = (...args: string[]) => execFileSync('git', args, { cwd: source, env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@x', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@x' } });
    gitIn('init', '--quiet', `--initial-branch=${branch}`);
    gitIn('add', '.');
    gitIn('commit', '--quiet', '-m', 'content');
    mkdirSync(dirname(join(remotes, repo)), { recursive: true });
    execFileSync('git', ['clone', '--quiet', '--bare', source, join(remotes, `${repo}.git`)]);
  };

  before(async () => {
    gitRoot = mkdtempSync(join(tmpdir(), 'portico-git-'));
    scratch = mkdtempSync(join(tmpdir(), 'portico-templates-'));
    // A smart-HTTP git server stands in for github.com: git's own url.<base>.insteadOf (as an
    // operator would point fetches at a mirror) sends https://github.com/… there.
    remotes = mkdtempSync(join(tmpdir(), 'portico-remotes-'));
    gitServer = await startGitHttpServer(remotes);
    Object.assign(process.env, { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: `url.${gitServer.base}/.insteadOf`, GIT_CONFIG_VALUE_0: 'https://github.com/' });
    portico = await startTestPortico({ env: { PORTICO_GIT_ROOT: gitRoot, PORTICO_TEMPLATE_ROOTS: `${TEMPLATES},${scratch}`, PORTICO_TEMPLATE_ALLOWED_HOSTS: 'github.com' } });
  });
  after(async () => {
    for (const key of ['GIT_CONFIG_COUNT', 'GIT_CONFIG_KEY_0', 'GIT_CONFIG_VALUE_0']) delete process.env[key];
    await gitServer.close();
    rmSync(remotes, { recursive: true, force: true });
    await portico.close();
    rmSync(gitRoot, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  });

  test('Backstage\'s example template runs unchanged: rendered, pushed to a git repository, registered in the catalog', async () => {
    const template = parse(readFileSync(EXAMPLE, 'utf8')) as Json;
    const created = await call('POST', '/api/v1/actions', { ...template, location: dirname(EXAMPLE) });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const action = created.body.action;
    assert.deepEqual(action.userInputs.steps.map((s: Json) => [s.title, s.order]), [['Fill in some steps', ['name']], ['Choose a location', ['repoUrl']]]);
    assert.equal(action.invoker.type, 'SCAFFOLDER');

    const run = (await call('POST', '/api/v1/actions/example-nodejs-template/runs', { inputs: { name: 'payments-api', repoUrl: 'github.com?owner=acme&repo=payments-api' } })).body.run;
    const done = await finished(run.id);
    assert.equal(done.status, 'SUCCESS', `${done.error} ${JSON.stringify((await call('GET', `/api/v1/runs/${run.id}/logs`)).body.logs)}`);
    const bare = join(gitRoot, 'acme', 'payments-api.git');
    assert.equal(done.links[0], pathToFileURL(bare).href, 'the repository link');
    assert.match(done.links[1], /\/catalog\/component\/payments-api$/);
    assert.deepEqual(done.entities, [{ blueprint: 'component', identifier: 'payments-api' }]);

    // A real repository: clone it and read what the template rendered.
    const clone = join(scratch, 'clone');
    execFileSync('git', ['clone', '--quiet', bare, clone]);
    assert.deepEqual(JSON.parse(readFileSync(join(clone, 'package.json'), 'utf8')), { name: 'payments-api', private: true, dependencies: {} });
    assert.equal(readFileSync(join(clone, 'index.js'), 'utf8').trim(), 'console.log(\'Hello from payments-api!\');');
    const entity = (await call('GET', '/api/v1/blueprints/component/entities/payments-api')).body.entity;
    assert.equal(entity.properties.lifecycle, 'experimental');
    const logs: string[] = (await call('GET', `/api/v1/runs/${run.id}/logs`)).body.logs.map((l: Json) => l.message as string);
    assert.ok(logs.some((m) => m.startsWith('Step fetch-base (fetch:template)')));
    assert.ok(logs.some((m) => m.startsWith('Notification to')), 'notification:send runs too');
  });

  test('a second run to the same repository is refused by git; nothing is registered twice', async () => {
    const run = (await call('POST', '/api/v1/actions/example-nodejs-template/runs', { inputs: { name: 'payments-api-2', repoUrl: 'github.com?owner=acme&repo=payments-api' } })).body.run;
    const done = await finished(run.id);
    assert.equal(done.status, 'FAILURE');
    assert.match(done.error, /^Step "publish" failed: pushing to acme\/payments-api failed/);
    assert.equal((await call('GET', '/api/v1/blueprints/component/entities/payments-api-2')).status, 404, 'the register step never ran');
  });

  test('a template that does not render names the step, the file and the line', async () => {
    const dir = join(scratch, 'broken');
    mkdirSync(join(dir, 'skeleton'), { recursive: true });
    writeFileSync(join(dir, 'skeleton', 'README.md'), '# ${{ values.name }}\n\nOwned by ${{ values.owner | nosuchfilter }}\n');
    const template = {
      apiVersion: 'scaffolder.backstage.io/v1beta3', kind: 'Template', metadata: { name: 'broken-template', title: 'Broken' },
      spec: { parameters: [{ title: 'Name', properties: { name: { type: 'string' } } }], steps: [{ id: 'render', action: 'fetch:template', input: { url: './skeleton', values: { name: '${{ parameters.name }}' } } }] },
      location: dir,
    };
    assert.equal((await call('POST', '/api/v1/actions', template)).status, 201);
    const run = (await call('POST', '/api/v1/actions/broken-template/runs', { inputs: { name: 'x' } })).body.run;
    const done = await finished(run.id);
    assert.equal(done.status, 'FAILURE');
    assert.match(done.error, /^Step "render" failed: README\.md line 3: .*nosuchfilter/);
  });

  test('templates read only from allowed folders, and never leave the workspace', async () => {
    const outside = { apiVersion: 'scaffolder.backstage.io/v1beta3', kind: 'Template', metadata: { name: 'outside' }, spec: { steps: [{ id: 'grab', action: 'fetch:plain', input: { url: '/etc' } }] }, location: scratch };
    await call('POST', '/api/v1/actions', outside);
    const done = await finished((await call('POST', '/api/v1/actions/outside/runs', { inputs: {} })).body.run.id);
    assert.match(done.error, /^Step "grab" failed: \/etc is outside the folders templates may read/);
  });

  test('Backstage\'s kitchen-sink template loads (field extensions it cannot show are named) and runs unchanged', async () => {
    const file = `${TEMPLATES}plugins/scaffolder-backend/sample-templates/bui-kitchen-sink-demo/template.yaml`;
    const template = parse(readFileSync(file, 'utf8')) as Json;
    const created = await call('POST', '/api/v1/actions', { ...template, location: dirname(file) });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.ok(created.body.warnings.some((w: Json) => /MultiEntityPicker/.test(w.message)), JSON.stringify(created.body.warnings));
    const run = (await call('POST', '/api/v1/actions/bui-kitchen-sink-demo/runs', { inputs: { name: 'sink', email: 'sink@example.com' } })).body.run;
    assert.ok(run, 'the run was created');
    const done = await finished(run.id);
    assert.equal(done.status, 'SUCCESS', done.error);
    const logs: string[] = (await call('GET', `/api/v1/runs/${run.id}/logs`)).body.logs.map((l: Json) => l.message as string);
    assert.ok(logs.some((m) => m.includes('sink')), logs.join(' | '));
  });

  test('Backstage\'s bitbucket-demo template runs unchanged: its fetch:plain of a github.com folder is fetched with git from an allowed host', async () => {
    // The folder the template fetches, in a repository at backstage/community on the "github.com" remote.
    const source = join(scratch, 'community-src');
    mkdirSync(join(source, 'backstage-community-sessions'), { recursive: true });
    writeFileSync(join(source, 'backstage-community-sessions', 'README.md'), '# Community sessions\n');
    writeFileSync(join(source, 'README.md'), '# Community\n');
    serveFolder(source, 'main', 'backstage/community');

    const file = `${TEMPLATES}plugins/scaffolder-backend/sample-templates/bitbucket-demo/template.yaml`;
    const template = parse(readFileSync(file, 'utf8')) as Json;
    const created = await call('POST', '/api/v1/actions', { ...template, location: dirname(file) });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    await call('POST', '/api/v1/entities/bulk', { atomic: true, entities: [{ blueprint: 'team', identifier: 'community-team', title: 'Community' }] });
    const run = (await call('POST', '/api/v1/actions/bitbucket-demo/runs', { inputs: { repoUrl: 'bitbucket.org?workspace=acme&project=demo&repo=sessions-demo&owner=acme', name: 'sessions-demo', owner: 'community-team' } })).body.run;
    assert.ok(run, 'the run was created');
    const done = await finished(run.id);
    const logs: string[] = (await call('GET', `/api/v1/runs/${run.id}/logs`)).body.logs.map((l: Json) => l.message as string);
    assert.equal(done.status, 'SUCCESS', `${done.error} ${logs.join(' | ')}`);
    const clone = join(scratch, 'sessions-clone');
    execFileSync('git', ['clone', '--quiet', join(gitRoot, 'acme', 'sessions-demo.git'), clone]);
    assert.equal(readFileSync(join(clone, 'community', 'README.md'), 'utf8'), '# Community sessions\n', 'the fetched folder, not the whole repository');
    assert.throws(() => readFileSync(join(clone, 'community', '.git', 'HEAD')), 'no history copied along');
    assert.match(readFileSync(join(clone, 'catalog-info.yaml'), 'utf8'), /sessions-demo/);
    assert.deepEqual(done.entities, [{ blueprint: 'component', identifier: 'sessions-demo' }]);
  });

  test('a template read from a git repository fetches its ./skeleton there; a blob URL fetches one file', async () => {
    const source = join(scratch, 'remote-templates');
    mkdirSync(join(source, 'service', 'skeleton', 'src'), { recursive: true });
    writeFileSync(join(source, 'service', 'skeleton', 'src', '${{ values.name }}.txt'), 'Hello ${{ values.name }}\n');
    writeFileSync(join(source, 'LICENSE'), 'MIT for ${{ values.name }}\n');
    serveFolder(source, 'trunk', 'acme/templates');
    const template = {
      apiVersion: 'scaffolder.backstage.io/v1beta3', kind: 'Template', metadata: { name: 'remote-service' },
      spec: {
        parameters: [{ properties: { name: { type: 'string' } } }],
        steps: [
          { id: 'base', action: 'fetch:template', input: { url: './skeleton', values: { name: '${{ parameters.name }}' } } },
          { id: 'license', action: 'fetch:template', input: { url: 'https://github.com/acme/templates/blob/trunk/LICENSE', values: { name: '${{ parameters.name }}' } } },
          { id: 'publish', action: 'publish:github', input: { repoUrl: 'github.com?owner=acme&repo=${{ parameters.name }}' } },
        ],
      },
      location: 'https://github.com/acme/templates/tree/trunk/service',
    };
    assert.equal((await call('POST', '/api/v1/actions', template)).status, 201);
    const done = await finished((await call('POST', '/api/v1/actions/remote-service/runs', { inputs: { name: 'ledger' } })).body.run.id);
    assert.equal(done.status, 'SUCCESS', done.error);
    const clone = join(scratch, 'ledger-clone');
    execFileSync('git', ['clone', '--quiet', join(gitRoot, 'acme', 'ledger.git'), clone]);
    assert.equal(readFileSync(join(clone, 'src', 'ledger.txt'), 'utf8'), 'Hello ledger\n', 'the skeleton next to the template, in its repository');
    assert.equal(readFileSync(join(clone, 'LICENSE'), 'utf8'), 'MIT for ledger\n', 'one file, rendered, under its own name');
  });

  test('a fetch from a host not on PORTICO_TEMPLATE_ALLOWED_HOSTS, or from a missing folder, fails the step with the reason', async () => {
    const fetchFrom = async (name: string, url: string) => {
      const template = { apiVersion: 'scaffolder.backstage.io/v1beta3', kind: 'Template', metadata: { name }, spec: { steps: [{ id: 'grab', action: 'fetch:plain', input: { url } }] }, location: scratch };
      assert.equal((await call('POST', '/api/v1/actions', template)).status, 201);
      return finished((await call('POST', `/api/v1/actions/${name}/runs`, { inputs: {} })).body.run.id);
    };
    const foreign = await fetchFrom('foreign-host', 'https://gitlab.example.com/group/project/-/tree/main/skeleton');
    assert.equal(foreign.error, 'Step "grab" failed: fetching https://gitlab.example.com/group/project/-/tree/main/skeleton is not allowed: PORTICO_TEMPLATE_ALLOWED_HOSTS does not name gitlab.example.com (github.com)');
    const missing = await fetchFrom('missing-folder', 'https://github.com/backstage/community/tree/main/no-such-folder');
    assert.equal(missing.error, `Step "grab" failed: fetching https://github.com/backstage/community/tree/main/no-such-folder failed: no-such-folder does not exist in https://github.com/backstage/community.git at main`);
    const noRepo = await fetchFrom('missing-repo', 'https://github.com/backstage/nothing/tree/main/x');
    assert.match(noRepo.error, /^Step "grab" failed: fetching https:\/\/github\.com\/backstage\/nothing\/tree\/main\/x failed: .*(not found|not exist|repository)/i);
  });
});
