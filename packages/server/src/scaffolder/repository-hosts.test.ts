import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import type { Portico } from '../app.ts';
import { startTestPortico } from '../testing/test-portico.ts';
import { testEngine } from '../testing/test-database.ts';
import { FIXTURES_DIR } from '../testing/fixtures.ts';
import { startGitHttpServer } from '../testing/git-http-server.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies are read field by field

const TEMPLATES = `${FIXTURES_DIR}backstage/templates/`;
const EXAMPLE = `${TEMPLATES}packages/create-app/templates/default-app/examples/template/template.yaml`;

describe(`publishing through GitHub's and GitLab's APIs to a smart-HTTP git remote (${testEngine()})`, () => {
  let portico: Portico;
  let repos = '';
  let git: Awaited<ReturnType<typeof startGitHttpServer>>;
  let api: Server;
  const requests: { method: string; path: string; headers: IncomingHttpHeaders; body: Json }[] = [];

  before(async () => {
    repos = mkdtempSync(join(tmpdir(), 'portico-remote-'));
    git = await startGitHttpServer(repos);
    // The hosts' APIs as their documentation describes them; creating a repository makes a bare
    // repository that the smart-HTTP server serves.
    api = createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => { raw += c.toString(); });
      req.on('end', () => {
        const body = (raw ? JSON.parse(raw) : {}) as Json;
        const path = req.url ?? '/';
        requests.push({ method: req.method ?? 'GET', path, headers: req.headers, body });
        const reply = (status: number, json: Json) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
        const create = (owner: string, repo: string) => {
          const dir = join(repos, owner, `${repo}.git`);
          mkdirSync(dirname(dir), { recursive: true });
          execFileSync('git', ['init', '--bare', '--quiet', '--initial-branch=main', dir]);
          return `${git.base}/${owner}/${repo}.git`;
        };
        if (path === '/github/user') return reply(200, { login: 'octocat' });
        const org = /^\/github\/orgs\/([^/]+)\/repos$/.exec(path);
        if (org && req.method === 'POST') {
          if (req.headers.authorization !== 'Bearer ghp_test') return reply(401, { message: 'Bad credentials' });
          if (org[1] !== 'acme') return reply(404, { message: 'Not Found' });
          const clone = create(org[1] ?? '', String(body.name));
          return reply(201, { clone_url: clone, html_url: `https://github.example/${org[1]}/${body.name}` });
        }
        if (path === '/gitlab/namespaces/platform') return reply(200, { id: 42, full_path: 'platform' });
        if (path === '/gitlab/projects' && req.method === 'POST') {
          if (req.headers['private-token'] !== 'glpat_test') return reply(401, { message: '401 Unauthorized' });
          if (body.namespace_id !== 42) return reply(400, { message: 'namespace is invalid' });
          return reply(201, { http_url_to_repo: create('platform', String(body.path)), web_url: `https://gitlab.example/platform/${body.path}` });
        }
        return reply(404, { message: 'Not Found' });
      });
    });
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    const apiBase = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
    portico = await startTestPortico({
      env: {
        PORTICO_GIT_ROOT: join(repos, 'unused'), PORTICO_TEMPLATE_ROOTS: TEMPLATES,
        PORTICO_GITHUB_TOKEN: 'ghp_test', PORTICO_GITHUB_API_URL: `${apiBase}/github`,
        PORTICO_GITLAB_TOKEN: 'glpat_test', PORTICO_GITLAB_API_URL: `${apiBase}/gitlab`,
      },
    });
  });
  after(async () => {
    await portico.close();
    await git.close();
    await new Promise<void>((resolve) => api.close(() => resolve()));
    rmSync(repos, { recursive: true, force: true });
  });

  const finished = async (id: string) => {
    for (let i = 0; i < 400; i++) {
      const run = (await portico.app.inject({ method: 'GET', url: `/api/v1/runs/${id}` })).json().run as Json;
      if (['SUCCESS', 'FAILURE'].includes(run.status)) return run;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('the run did not end');
  };
  const start = async (action: string, inputs: Json) => (await portico.app.inject({ method: 'POST', url: `/api/v1/actions/${action}/runs`, payload: { inputs } })).json().run as Json;

  test('publish:github creates the repository through GitHub\'s API and pushes over smart HTTP', async () => {
    const template = parse(readFileSync(EXAMPLE, 'utf8')) as Json;
    assert.equal((await portico.app.inject({ method: 'POST', url: '/api/v1/actions', payload: { ...template, location: dirname(EXAMPLE) } })).statusCode, 201);
    const run = await finished((await start('example-nodejs-template', { name: 'http-api', repoUrl: 'github.com?owner=acme&repo=http-api' })).id);
    assert.equal(run.status, 'SUCCESS', run.error);
    const created = requests.find((r) => r.method === 'POST' && r.path === '/github/orgs/acme/repos');
    assert.ok(created, 'POST /orgs/{org}/repos');
    assert.equal(created.headers.authorization, 'Bearer ghp_test');
    assert.equal(created.headers.accept, 'application/vnd.github+json');
    assert.equal(created.headers['x-github-api-version'], '2022-11-28');
    assert.deepEqual(created.body, { name: 'http-api', description: 'This is http-api', private: true, auto_init: false });
    assert.equal(run.links[0], 'https://github.example/acme/http-api');
    const pushed = execFileSync('git', ['--git-dir', join(repos, 'acme', 'http-api.git'), 'show', 'main:package.json'], { encoding: 'utf8' });
    assert.equal((JSON.parse(pushed) as Json).name, 'http-api');
    assert.equal((await portico.app.inject({ method: 'GET', url: '/api/v1/blueprints/component/entities/http-api' })).statusCode, 200, 'registered from the pushed repository');
    const logs = JSON.stringify((await portico.app.inject({ method: 'GET', url: `/api/v1/runs/${run.id}/logs` })).json());
    assert.ok(!logs.includes('ghp_test') && !JSON.stringify(run).includes('ghp_test'), 'the token is nowhere in the run');
  });

  test('publish:gitlab looks up the namespace and creates the project through GitLab\'s API', async () => {
    const template = {
      apiVersion: 'scaffolder.backstage.io/v1beta3', kind: 'Template', metadata: { name: 'gitlab-service' },
      spec: {
        parameters: [{ properties: { name: { type: 'string' } } }],
        steps: [
          { id: 'fetch', action: 'fetch:template', input: { url: './content', values: { name: '${{ parameters.name }}' } } },
          { id: 'publish', action: 'publish:gitlab', input: { repoUrl: 'gitlab.com?owner=platform&repo=${{ parameters.name }}', description: 'Made by Portico' } },
          { id: 'register', action: 'catalog:register', input: { repoContentsUrl: '${{ steps.publish.output.repoContentsUrl }}', catalogInfoPath: '/catalog-info.yaml' } },
        ],
      },
      location: dirname(EXAMPLE),
    };
    assert.equal((await portico.app.inject({ method: 'POST', url: '/api/v1/actions', payload: template })).statusCode, 201);
    const run = await finished((await start('gitlab-service', { name: 'gl-api' })).id);
    assert.equal(run.status, 'SUCCESS', run.error);
    const lookup = requests.find((r) => r.path === '/gitlab/namespaces/platform');
    assert.equal(lookup?.headers['private-token'], 'glpat_test');
    const created = requests.find((r) => r.method === 'POST' && r.path === '/gitlab/projects');
    assert.deepEqual(created?.body, { name: 'gl-api', path: 'gl-api', namespace_id: 42, description: 'Made by Portico', visibility: 'private' });
    assert.equal((await portico.app.inject({ method: 'GET', url: '/api/v1/blueprints/component/entities/gl-api' })).statusCode, 200);
  });

  test('a host refusing to create the repository ends the run with its answer; nothing is registered', async () => {
    const run = await finished((await start('example-nodejs-template', { name: 'refused-api', repoUrl: 'github.com?owner=nobody&repo=refused-api' })).id);
    assert.equal(run.status, 'FAILURE');
    assert.match(run.error, /GitHub refused to create the repository \(HTTP 404\): Not Found/);
    assert.equal((await portico.app.inject({ method: 'GET', url: '/api/v1/blueprints/component/entities/refused-api' })).statusCode, 404);
  });
});
