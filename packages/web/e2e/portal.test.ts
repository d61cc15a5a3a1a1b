import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { openTestSession } from '../../server/src/testing/test-session.ts';
import { ARTIFACTS, TEMPLATES, browserSkipReason, openPage, type RunningPortal, seriousAxeViolations, startPortal } from './portal-harness.ts';

const skip = browserSkipReason();
if (skip) console.log(`# ${skip}`);

/** Waits until the explorer shows this many entities in its count badge. */
async function expectCount(page: Page, count: number) {
  await page.getByTestId('entity-count').filter({ hasText: new RegExp(`^${count}$`) }).waitFor();
}

describe('web portal in Chromium', { skip: skip ?? false }, () => {
  let portal: RunningPortal;
  before(async () => { portal = await startPortal(); });
  after(async () => { await portal?.close(); });

  test('home shows what the catalog holds and links into it', async () => {
    const { page, errors } = await openPage(portal);
    await page.goto(portal.base);
    await page.getByRole('heading', { name: 'Catalog' }).waitFor();
    // "My stuff": what the chosen teams own, remembered across visits.
    await page.getByPlaceholder('Choose your teams').click();
    await page.getByRole('option', { name: 'team-a', exact: true }).click();
    await page.getByTestId('my-stuff').getByRole('link', { name: 'artist-lookup' }).waitFor();
    await page.reload();
    await page.getByTestId('my-stuff').getByRole('link', { name: 'artist-lookup' }).waitFor();
    await page.getByRole('main').getByRole('link', { name: /^Component/ }).click();
    await page.waitForURL(/\/catalog\/component$/);
    await expectCount(page, 13);
    assert.deepEqual(errors, []);
  });

  test('explorer filters by facet, by text and by rule; the URL keeps the view', async () => {
    const { page, errors } = await openPage(portal);
    await page.goto(`${portal.base}/catalog/component`);
    await expectCount(page, 13);
    // The checkbox reflects the URL, which the router updates a moment after the click.
    await page.getByRole('checkbox', { name: /^production/ }).click();
    await expectCount(page, 9);
    assert.match(page.url(), /f\.lifecycle=production/);
    await page.getByLabel('Filter by title or identifier').fill('wayback');
    await expectCount(page, 4);
    const rows = page.getByTestId('entity-table').locator('tbody tr');
    assert.equal(await rows.count(), 4);
    // The same view opened from its URL shows the same rows.
    const shared = await openPage(portal);
    await shared.page.goto(page.url());
    await expectCount(shared.page, 4);
    // CSV export of exactly this view: its columns, its rows.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    const csv = (await readFile(await download.path())).toString('utf8').trim().split('\n');
    assert.match(csv[0] ?? '', /^title,team,/);
    assert.equal(csv.length, 5, csv.join('\n'));
    assert.ok(csv.slice(1).every((line) => line.startsWith('wayback')), csv.join('\n'));
    // Saved on the server, the view comes back after the filters are cleared.
    await page.getByRole('button', { name: 'Views' }).click();
    await page.getByRole('menuitem', { name: 'Save current view…' }).click();
    await page.getByLabel('Name').fill('Wayback in production');
    await page.getByLabel('Share with everyone who can see this catalog').check();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('View “Wayback in production” saved').waitFor();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expectCount(page, 13);
    await page.getByRole('button', { name: 'Views' }).click();
    await page.getByRole('menuitem', { name: /Wayback in production/ }).click();
    await expectCount(page, 4);
    assert.match(page.url(), /f\.lifecycle=production/);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expectCount(page, 13);
    await page.getByRole('button', { name: /^Rules/ }).click();
    await page.getByRole('button', { name: 'Add rule' }).click();
    await page.getByLabel('Rule 1 value').fill('playback');
    await page.getByLabel('Rule 1 value').press('Enter');
    await expectCount(page, 2);
    await page.getByRole('button', { name: 'Sort by Title' }).click();
    await page.getByRole('button', { name: 'Sort by Title' }).click();
    await page.waitForURL(/sort=%24title%3Adesc|sort=\$title:desc/);
    await rows.first().locator('td').first().filter({ hasText: 'playback-sdk' }).waitFor();
    await rows.nth(1).locator('td').first().filter({ hasText: 'playback-order' }).waitFor();
    assert.deepEqual(errors, []);
  });

  test('entity page shows properties and relations; the graph navigates on click', async () => {
    const { page, errors } = await openPage(portal);
    await page.goto(`${portal.base}/catalog/component`);
    await page.getByRole('link', { name: 'artist-lookup', exact: true }).click();
    await page.getByRole('heading', { name: 'artist-lookup' }).waitFor();
    const relations = page.getByTestId('relations');
    await relations.getByRole('link', { name: /team-a/ }).waitFor();
    await relations.getByRole('link', { name: /artist-engagement-portal/ }).waitFor();
    await page.getByRole('tab', { name: 'Relations graph' }).click();
    const graph = page.getByTestId('relations-graph');
    await graph.waitFor();
    await graph.locator('.react-flow__node', { hasText: 'artists-db' }).click();
    await page.waitForURL(/\/catalog\/resource\/artists-db/);
    await page.getByRole('heading', { name: 'artists-db' }).waitFor();
    assert.deepEqual(errors, []);
  });

  test('Ctrl-K search finds an entity as you type and opens it from the keyboard', async () => {
    const { page, errors } = await openPage(portal);
    await page.goto(portal.base);
    await page.getByRole('heading', { name: 'Catalog' }).waitFor();
    await page.keyboard.press('Control+K');
    const input = page.getByPlaceholder('Search entities by name, description, tag…');
    await input.waitFor();
    await input.pressSequentially('petstor', { delay: 20 });
    const hit = page.getByTestId('search-hit').filter({ hasText: 'petstore' }).first();
    await hit.waitFor();
    assert.ok(await hit.locator('mark').count() > 0, 'the match is highlighted');
    await input.press('ArrowDown');
    await input.press('Enter');
    await page.waitForURL(/\/catalog\/(api|component)\/petstore/);
    assert.deepEqual(errors, []);
  });

  test('creates a blueprint and an entity through the forms; the server’s objection shows at its field', async () => {
    const { page, errors } = await openPage(portal);
    await page.goto(`${portal.base}/data-model/new`);
    await page.getByLabel(/^Identifier/).fill('service-e2e');
    await page.getByLabel(/^Title/).fill('E2E service');
    await page.getByRole('button', { name: 'Add property' }).click();
    await page.getByLabel('Property 1 name').fill('tier');
    await page.getByRole('combobox', { name: 'Property 1 type' }).click();
    await page.getByRole('option', { name: 'number' }).click();
    await page.getByRole('button', { name: 'Create blueprint' }).click();
    await page.waitForURL(/\/data-model\/service-e2e$/);

    await page.goto(`${portal.base}/catalog/service-e2e/new`);
    await page.getByLabel(/^Identifier/).fill('pay-api');
    await page.getByLabel(/^tier/).fill('2');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await page.waitForURL(/\/catalog\/service-e2e\/pay-api$/);
    await page.getByRole('heading', { name: 'pay-api' }).waitFor();

    // A new required property that the existing entity lacks is refused, next to that property.
    await page.goto(`${portal.base}/data-model/service-e2e`);
    await page.getByLabel('Property 1 name').waitFor();
    await page.getByRole('button', { name: 'Add property' }).click();
    await page.getByLabel('Property 2 name').fill('runbook');
    await page.getByLabel('Property 2 required').check();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByTestId('save-error').waitFor();
    await page.getByText('1 entity lacks the new required property "runbook" (pay-api)').first().waitFor();
    const fieldError = page.locator('.mantine-TextInput-error', { hasText: 'lacks the new required property' });
    assert.equal(await fieldError.count(), 1, 'the error sits under the runbook row');
    assert.deepEqual(errors.filter((e) => !e.includes('409')), []);
  });

  test('a calculation property is added in the blueprint editor (a broken expression is refused at its field); entities show the computed value', async () => {
    const inject = (method: 'POST', url: string, payload: object) => portal.portico.app.inject({ method, url, payload });
    assert.equal((await inject('POST', '/api/v1/blueprints', { identifier: 'svc-derived', title: 'Derived service', schema: { properties: { tier: { type: 'number', title: 'Tier' } } } })).statusCode, 201);
    assert.equal((await inject('POST', '/api/v1/blueprints/svc-derived/entities', { identifier: 'ledger', title: 'Ledger', properties: { tier: 2 } })).statusCode, 201);
    const { page, errors } = await openPage(portal);
    await page.goto(`${portal.base}/data-model/svc-derived`);
    await page.getByLabel('Property 1 name').waitFor();
    const derived = page.getByLabel('Mirror, calculation and aggregation properties');
    await derived.fill('{ "calculationProperties": { "tierLabel": { "title": "Tier label", "calculation": "properties.(", "type": "string" } } }');
    // The field grows when it re-formats on blur; leave it first, so the button does not move under the click.
    await derived.blur();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText(/\/calculationProperties\/tierLabel\/calculation is not a valid JSONata expression/).first().waitFor();
    await derived.fill('{ "calculationProperties": { "tierLabel": { "title": "Tier label", "calculation": "\\"Tier \\" & $string(properties.tier)", "type": "string" } } }');
    await derived.blur();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.waitForURL(/\/data-model\/svc-derived$/);
    await page.goto(`${portal.base}/catalog/svc-derived/ledger`);
    const row = page.getByRole('row', { name: /Tier label/ });
    await row.getByText('calculated').waitFor();
    await row.getByText('Tier 2').waitFor();
    assert.deepEqual(errors.filter((e) => !e.includes('400')), []);
  });

  test('imports a YAML file through the UI with a dry run first, and the history records it', async () => {
    const { page, errors } = await openPage(portal);
    await page.goto(`${portal.base}/import`);
    const yaml = [
      'apiVersion: backstage.io/v1alpha1', 'kind: Component',
      'metadata:', '  name: imported-from-ui', '  description: Imported through the browser',
      'spec:', '  type: service', '  lifecycle: production', '  owner: team-a',
    ].join('\n');
    await page.getByTestId('import-files').setInputFiles({ name: 'catalog-info.yaml', mimeType: 'text/yaml', buffer: Buffer.from(yaml) }).catch(async () => {
      await page.locator('input[type=file]').setInputFiles({ name: 'catalog-info.yaml', mimeType: 'text/yaml', buffer: Buffer.from(yaml) });
    });
    await page.getByRole('button', { name: 'Preview (dry run)' }).click();
    const report = page.getByTestId('import-report');
    await report.getByText('Dry run: nothing was written').waitFor();
    await report.getByText('1 to create').waitFor();
    const missing = await portal.portico.app.inject({ method: 'GET', url: '/api/v1/blueprints/component/entities/imported-from-ui' });
    assert.equal(missing.statusCode, 404, 'a dry run writes nothing');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await report.getByText('Import finished').waitFor();

    await page.goto(`${portal.base}/catalog/component/imported-from-ui`);
    await page.getByRole('heading', { name: 'imported-from-ui' }).waitFor();
    await page.getByRole('link', { name: 'Edit' }).click();
    await page.getByLabel(/^Title/).fill('Imported, then renamed');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('heading', { name: 'Imported, then renamed' }).waitFor();
    await page.getByRole('tab', { name: 'History' }).click();
    const history = page.getByTestId('history');
    await history.getByText('update', { exact: true }).waitFor();
    await history.getByText('create', { exact: true }).waitFor();
    await history.getByText('/title').waitFor();
    assert.deepEqual(errors, []);
  });

  test('API tokens are created (secret shown once), used, and revoked in the UI; the audit page shows it', async () => {
    const { page, errors } = await openPage(portal);
    await page.goto(`${portal.base}/settings/tokens`);
    await page.getByLabel('Name').fill('e2e-ci');
    await page.getByText('Service', { exact: true }).click();
    await page.getByRole('button', { name: 'Create token' }).click();
    const secret = (await page.getByTestId('new-token').locator('code').innerText()).trim();
    assert.match(secret, /^ptc_/);
    const use = () => portal.portico.app.inject({ method: 'GET', url: '/api/v1/blueprints', headers: { authorization: `Bearer ${secret}` } });
    assert.equal((await use()).statusCode, 200);
    await page.getByRole('button', { name: 'Revoke e2e-ci' }).click();
    await page.getByTestId('tokens').getByText('revoked').waitFor();
    assert.equal((await use()).statusCode, 401);
    await page.goto(`${portal.base}/settings/audit`);
    await page.getByRole('combobox', { name: 'Resource' }).click();
    await page.getByRole('option', { name: 'token' }).click();
    const audit = page.getByTestId('audit');
    await audit.getByText('token: e2e-ci').first().waitFor();
    assert.equal(await audit.locator('tbody tr').count(), 2, 'created and revoked');
    assert.deepEqual(errors, []);
  });

  test('access page: an admin changes a role, asks what the person can do, and sets a blueprint\'s permissions', async () => {
    const { page, errors } = await openPage(portal);
    const call = async (url: string) => (await portal.portico.app.inject({ method: 'GET', url })).json() as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- read field by field
    await page.goto(`${portal.base}/settings/access`);
    const people = page.getByTestId('people');
    await people.getByText('jenny.doe', { exact: false }).first().waitFor();
    await people.getByRole('combobox', { name: 'Role of jenny.doe' }).click();
    await page.getByRole('option', { name: 'Viewer' }).click();
    await waitUntil(async () => (await call('/api/v1/users?q=jenny.doe')).users[0]?.role === 'viewer', 'the role is stored');

    await people.getByRole('row', { name: /jenny\.doe/ }).getByRole('button', { name: 'What can they do?' }).click();
    await page.getByTestId('access-summary').getByText('viewer').waitFor();
    await page.getByRole('combobox', { name: 'Blueprint' }).click();
    await page.getByRole('option', { name: 'component', exact: true }).click();
    await page.getByLabel('Entity').fill('artist-lookup');
    await page.getByRole('button', { name: 'Check entity' }).click();
    const decisions = page.getByTestId('entity-decisions');
    await decisions.getByText('update: no').waitFor();
    await decisions.getByText('viewers only read').first().waitFor();
    await decisions.getByText('read: yes').waitFor();

    // Jenny herself, signed in (a session as a completed sign-in leaves it), sees why she cannot edit.
    const { cookie } = await openTestSession(portal.portico.services.db, 'jenny.doe');
    const jenny = await openPage(portal, 'light', { cookie });
    await jenny.page.goto(`${portal.base}/catalog/component/artist-lookup`);
    await jenny.page.getByRole('button', { name: 'Read only' }).hover();
    await jenny.page.getByText('viewers only read').waitFor();
    assert.equal(await jenny.page.getByRole('link', { name: 'Edit' }).count(), 0);
    assert.deepEqual(jenny.errors, []);

    await page.goto(`${portal.base}/settings/access?tab=permissions&blueprint=component`);
    const read = page.getByTestId('rule-read');
    await read.getByRole('switch', { name: 'Anyone in a team that owns the entity' }).check({ force: true });
    await page.getByRole('button', { name: 'Save permissions' }).click();
    await page.getByText('The permissions apply from the next request on.').waitFor();
    const stored = await call('/api/v1/blueprints/component/permissions');
    assert.equal(stored.permissions.entities.read.ownedByTeam, true);

    await page.goto(`${portal.base}/settings/audit`);
    await page.getByRole('combobox', { name: 'Resource' }).click();
    await page.getByRole('option', { name: 'permission' }).click();
    await page.getByTestId('audit').locator('tbody tr').first().waitFor();
    assert.deepEqual(errors, []);
  });

  test('a scorecard is built in the editor with a live preview, and an entity\'s level follows its edit', async () => {
    const { page, errors } = await openPage(portal);
    await page.goto(`${portal.base}/scorecards/component/new`);
    await page.getByLabel(/^Identifier/).first().fill('e2e-ready');
    await page.getByLabel(/^Title/).first().fill('E2E readiness');
    await page.getByRole('button', { name: 'Add scorecard rule' }).click();
    const rule = page.getByTestId('scorecard-rule-1');
    await rule.getByLabel('Identifier').fill('inProduction');
    await rule.getByLabel('Title').fill('In production');
    await rule.getByRole('combobox', { name: 'Level' }).click();
    await page.getByRole('option', { name: 'Silver' }).click();
    await rule.getByRole('button', { name: 'Add rule' }).click();
    await rule.getByRole('combobox', { name: 'Rule 1 property' }).click();
    await page.getByRole('option', { name: 'Lifecycle', exact: true }).click();
    await rule.getByRole('combobox', { name: 'Rule 1 operator' }).click();
    await page.getByRole('option', { name: '=', exact: true }).click();
    await rule.getByLabel('Rule 1 value').fill('production');
    await rule.getByLabel('Rule 1 value').press('Enter');
    const preview = page.getByTestId('scorecard-preview');
    const production = (await portal.portico.app.inject({ method: 'POST', url: '/api/v1/entities/search', payload: { query: { combinator: 'and', rules: [{ property: '$blueprint', operator: '=', value: 'component' }, { property: 'lifecycle', operator: '=', value: 'production' }] }, count: true } })).json() as { total: number };
    await preview.getByText(`Gold ${production.total}`).waitFor();
    await page.getByRole('button', { name: 'Save scorecard' }).click();
    await page.getByRole('heading', { name: 'E2E readiness' }).waitFor();

    await page.goto(`${portal.base}/catalog/component/artist-lookup?tab=scorecards`);
    const card = page.getByTestId('scorecard-e2e-ready');
    await card.getByTestId('reached-level').getByText('Bronze', { exact: true }).waitFor();
    await card.getByText('lifecycle is "experimental"; the rule wants = "production"').waitFor();
    await page.goto(`${portal.base}/catalog/component/artist-lookup/edit`);
    await page.getByLabel(/^Lifecycle/).fill('production');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForURL(/\/catalog\/component\/artist-lookup$/);
    await page.goto(`${portal.base}/catalog/component/artist-lookup?tab=scorecards`);
    await page.getByTestId('scorecard-e2e-ready').getByTestId('reached-level').getByText('Gold', { exact: true }).waitFor();
    await page.screenshot({ path: `${ARTIFACTS}entity-scorecards.png` });
    // The explorer shows the level as a column (and offers it as a facet).
    await page.goto(`${portal.base}/catalog/component`);
    await page.getByRole('button', { name: 'Columns' }).click();
    await page.getByText('E2E readiness level', { exact: true }).click();
    await page.keyboard.press('Escape');
    await page.getByTestId('entity-table').getByRole('row', { name: /artist-lookup/ }).getByText('Gold', { exact: true }).waitFor();
    await page.getByText('E2E readiness', { exact: true }).first().waitFor();
    assert.deepEqual(errors, []);
  });

  test('an initiative is created in the form; its page shows progress, the teams behind, and what each must fix', async () => {
    const inject = (method: 'POST' | 'PATCH', url: string, payload: object) => portal.portico.app.inject({ method, url, payload });
    const scorecard = await inject('POST', '/api/v1/blueprints/component/scorecards', {
      identifier: 'init-ready', title: 'Init readiness',
      rules: [{ identifier: 'inProduction', title: 'In production', level: 'Silver', query: { combinator: 'and', rules: [{ property: 'lifecycle', operator: '=', value: 'production' }] } }],
    });
    assert.equal(scorecard.statusCode, 201, scorecard.body);
    const { page, errors } = await openPage(portal);
    await page.goto(`${portal.base}/initiatives/new`);
    await page.getByLabel(/^Identifier/).fill('ship-it');
    await page.getByLabel(/^Title/).fill('Ship everything');
    await page.getByRole('combobox', { name: 'Blueprint' }).click();
    await page.getByRole('option', { name: 'Component', exact: true }).click();
    await page.getByRole('combobox', { name: 'Scorecard' }).click();
    await page.getByRole('option', { name: 'Init readiness' }).click();
    await page.getByRole('combobox', { name: 'Level' }).click();
    await page.getByRole('option', { name: 'Silver' }).click();
    await page.getByLabel(/^Deadline/).fill('2027-03-31');
    await page.getByLabel(/^Owner/).fill('team-a');
    await page.getByRole('button', { name: 'Create initiative' }).click();
    await page.waitForURL(/\/initiatives\/ship-it$/);
    const detail = (await portal.portico.app.inject({ method: 'GET', url: '/api/v1/initiatives/ship-it' })).json() as { progress: { compliant: number; total: number }; teams: { team: string | null; todo: { title: string }[] }[] };
    await page.getByTestId('initiative-progress').getByText(`${detail.progress.compliant} of ${detail.progress.total} entities meet the target`).waitFor();
    const behind = detail.teams.find((t) => t.todo.length > 0);
    assert.ok(behind, 'some team has work to do');
    await page.getByTestId('initiative-todo').getByText(behind.todo[0]?.title ?? '', { exact: true }).first().waitFor();
    await page.getByTestId('initiative-todo').getByText(/In production/).first().waitFor();
    await page.screenshot({ path: `${ARTIFACTS}initiative.png`, fullPage: true });
    assert.deepEqual(errors, []);
  });

  test('a day-2 webhook action: the form refuses a bad input, another user approves, the log streams in', async () => {
    const { createServer } = await import('node:http');
    const delivered: { token: string; inputs: Record<string, unknown> }[] = [];
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => { body += c.toString(); });
      req.on('end', () => {
        const payload = JSON.parse(body) as { run: { token: string }; inputs: Record<string, unknown> };
        delivered.push({ token: payload.run.token, inputs: payload.inputs });
        res.writeHead(202).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/deploy`;
    try {
      const inject = (url: string, payload: object) => portal.portico.app.inject({ method: 'POST', url, payload });
      assert.equal((await inject('/api/v1/blueprints/user/entities', { identifier: 'approver-e2e', title: 'Approver E2E' })).statusCode, 201);
      const created = await inject('/api/v1/actions', {
        identifier: 'e2e-deploy', title: 'Deploy a version', description: 'Deploys the **chosen** version.', blueprint: 'component', operation: 'DAY-2',
        userInputs: { properties: { version: { type: 'string', title: 'Version', pattern: '^v\\d+$' }, note: { type: 'string', title: 'Note', format: 'multi-line' } }, required: ['version'] },
        invoker: { type: 'WEBHOOK', url: receiverUrl }, approval: { type: 'ANY', users: ['approver-e2e'] },
      });
      assert.equal(created.statusCode, 201, created.body);

      const { page, errors } = await openPage(portal);
      await page.goto(`${portal.base}/catalog/component/artist-lookup?tab=actions`);
      await page.getByRole('link', { name: 'Deploy a version' }).click();
      await page.getByRole('heading', { name: 'Deploy a version' }).waitFor();
      await page.getByLabel(/^Version/).fill('1.0');
      await page.getByRole('button', { name: 'Run', exact: true }).click();
      await page.getByText(/match pattern/i).first().waitFor();
      await page.getByLabel(/^Version/).fill('v2');
      await page.getByRole('button', { name: 'Run', exact: true }).click();
      await page.waitForURL(/\/runs\/[0-9a-f-]{36}$/);
      const runUrl = page.url();
      await page.getByTestId('run-status').getByText('Waiting for approval').waitFor();

      const { cookie } = await openTestSession(portal.portico.services.db, 'approver-e2e');
      const approver = await openPage(portal, 'light', { cookie });
      await approver.page.goto(`${portal.base}/runs?tab=approvals`);
      await approver.page.getByTestId('runs-table').getByRole('link', { name: 'Deploy a version' }).first().click();
      await approver.page.getByTestId('approval-box').getByLabel('Reason').fill('looks good');
      await approver.page.getByTestId('approval-box').getByRole('button', { name: 'Approve', exact: true }).click();
      await approver.page.getByText('Approved by approver-e2e: looks good').first().waitFor();

      // The requester's page, left open, follows: queued, running, then the receiver's log lines.
      const deadline = Date.now() + 10000;
      while (delivered.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      assert.deepEqual(delivered[0]?.inputs, { version: 'v2' });
      const runId = runUrl.split('/').pop() ?? '';
      const report = (body: object) => fetch(`${portal.base}/api/v1/runs/${runId}/logs`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-run-token': delivered[0]?.token ?? '' }, body: JSON.stringify(body) });
      assert.equal((await report({ message: 'Rolling out v2 to 3 pods' })).status, 202);
      await page.getByTestId('run-log').getByText(/Rolling out v2 to 3 pods/).waitFor();
      assert.equal((await report({ message: 'All pods healthy', terminationStatus: 'SUCCESS' })).status, 202);
      await page.getByTestId('run-log').getByText(/All pods healthy/).waitFor();
      await page.getByTestId('run-status').getByText('Success').waitFor();
      await page.screenshot({ path: `${ARTIFACTS}run.png`, fullPage: true });
      // The action's own run history, from the hub.
      await page.goto(`${portal.base}/self-service`);
      await page.getByTestId('action-e2e-deploy').getByRole('link', { name: 'Runs' }).click();
      await page.getByRole('heading', { name: 'Runs of e2e-deploy' }).waitFor();
      await page.getByTestId('runs-table').getByText('Deploy a version').first().waitFor();
      assert.deepEqual(errors.filter((e) => !e.includes('400')), []);
      assert.deepEqual(approver.errors, []);
    } finally {
      receiver.close();
    }
  });

  test('scaffolds a service from Backstage\'s example template through the form into a real git repository, registered in the catalog', async () => {
    const { readFileSync } = await import('node:fs');
    const { execFileSync } = await import('node:child_process');
    const { parse } = await import('yaml');
    const file = `${TEMPLATES}packages/create-app/templates/default-app/examples/template/template.yaml`;
    const template = parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    const created = await portal.portico.app.inject({ method: 'POST', url: '/api/v1/actions', payload: { ...template, location: file.replace(/\/template\.yaml$/, '') } });
    assert.equal(created.statusCode, 201, created.body);

    const { page, errors } = await openPage(portal);
    await page.goto(`${portal.base}/self-service`);
    await page.getByTestId('action-example-nodejs-template').getByRole('link', { name: 'Start' }).click();
    await page.getByRole('heading', { name: 'Example Node.js Template' }).waitFor();
    await page.getByLabel(/^Name/).fill('scaffolded-e2e');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel(/^Repository Location/).fill('github.com?owner=e2e&repo=scaffolded-e2e');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.waitForURL(/\/runs\/[0-9a-f-]{36}$/);
    await page.getByTestId('run-status').getByText('Success').waitFor({ timeout: 30000 });
    await page.getByTestId('run-log').getByText(/Registered component:default\/scaffolded-e2e/).waitFor();
    await page.getByRole('link', { name: /\/catalog\/component\/scaffolded-e2e$/ }).click();
    await page.getByRole('heading', { name: 'scaffolded-e2e' }).waitFor();
    await page.screenshot({ path: `${ARTIFACTS}scaffolded.png` });
    const log = execFileSync('git', ['--git-dir', `${portal.gitRoot}/e2e/scaffolded-e2e.git`, 'show', 'main:package.json'], { encoding: 'utf8' });
    assert.equal((JSON.parse(log) as { name: string }).name, 'scaffolded-e2e');
    assert.deepEqual(errors, []);
  });

  test('a form whose fields show, hide and wait for others: a picker lists only what the chosen field allows; hidden values are not sent', async () => {
    const inject = (url: string, payload: object) => portal.portico.app.inject({ method: 'POST', url, payload });
    for (const blueprint of [
      { identifier: 'e2e-cluster', title: 'E2E cluster', schema: { properties: {} } },
      { identifier: 'e2e-namespace', title: 'E2E namespace', schema: { properties: { cluster: { type: 'string' } } } },
    ]) assert.equal((await inject('/api/v1/blueprints', blueprint)).statusCode, 201);
    const seeded = await inject('/api/v1/entities/bulk', { atomic: true, entities: [
      { blueprint: 'e2e-cluster', identifier: 'eu-west', title: 'EU West' },
      { blueprint: 'e2e-cluster', identifier: 'us-east', title: 'US East' },
      { blueprint: 'e2e-namespace', identifier: 'eu-payments', title: 'EU payments', properties: { cluster: 'eu-west' } },
      { blueprint: 'e2e-namespace', identifier: 'us-payments', title: 'US payments', properties: { cluster: 'us-east' } },
    ] });
    assert.equal(seeded.statusCode, 200, seeded.body);
    const created = await inject('/api/v1/actions', {
      identifier: 'e2e-provision', title: 'Provision a database', operation: 'CREATE', invoker: { type: 'WEBHOOK', url: 'http://127.0.0.1:9/never' },
      userInputs: {
        properties: {
          engine: { type: 'string', title: 'Engine', enum: ['postgres', 'mysql'] },
          extensions: { type: 'string', title: 'Extensions', visible: { combinator: 'and', rules: [{ input: 'engine', operator: '=', value: 'postgres' }] } },
          cluster: { type: 'string', title: 'Cluster', format: 'entity', blueprint: 'e2e-cluster' },
          namespace: { type: 'string', title: 'Namespace', format: 'entity', blueprint: 'e2e-namespace', dataset: { combinator: 'and', rules: [{ property: 'cluster', operator: '=', value: { input: 'cluster' } }] } },
        },
        order: ['engine', 'extensions', 'cluster', 'namespace'],
        required: ['engine', 'namespace'],
      },
    });
    assert.equal(created.statusCode, 201, created.body);

    const { page, errors } = await openPage(portal);
    await page.goto(`${portal.base}/self-service`);
    await page.getByTestId('action-e2e-provision').getByRole('link', { name: 'Start' }).click();
    await page.getByRole('heading', { name: 'Provision a database' }).waitFor();
    const pick = async (label: RegExp, option: string) => {
      await page.getByRole('combobox', { name: label }).click();
      await page.getByRole('option', { name: option }).click();
    };
    assert.equal(await page.getByRole('textbox', { name: /^Extensions/ }).count(), 0, 'hidden until postgres is chosen');
    await pick(/^Engine/, 'postgres');
    await page.getByRole('textbox', { name: /^Extensions/ }).fill('postgis');
    await page.getByText('Fill in Cluster first').waitFor();
    assert.equal(await page.getByRole('combobox', { name: /^Namespace/ }).isDisabled(), true, 'the namespace waits for a cluster');
    await pick(/^Cluster/, 'EU West (eu-west)');
    await page.getByRole('combobox', { name: /^Namespace/ }).click();
    await page.getByRole('option', { name: 'EU payments (eu-payments)' }).waitFor();
    assert.equal(await page.getByRole('option', { name: 'US payments (us-payments)' }).count(), 0, 'only namespaces of the chosen cluster');
    await page.getByRole('option', { name: 'EU payments (eu-payments)' }).click();
    await page.screenshot({ path: `${ARTIFACTS}conditional-form.png`, fullPage: true });
    await pick(/^Engine/, 'mysql');
    await page.getByRole('textbox', { name: /^Extensions/ }).waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.waitForURL(/\/runs\/[0-9a-f-]{36}$/);
    const runId = page.url().split('/').pop() ?? '';
    const run = (await portal.portico.app.inject({ method: 'GET', url: `/api/v1/runs/${runId}` })).json() as { run: { inputs: Record<string, unknown> } };
    assert.deepEqual(run.run.inputs, { engine: 'mysql', cluster: 'eu-west', namespace: 'eu-payments' });
    assert.deepEqual(errors, []);
  });

  test('an action is built without JSON: fields added, configured, shown conditionally and reordered, previewed live, saved', async () => {
    const { page, errors } = await openPage(portal);
    await page.goto(`${portal.base}/self-service/new`);
    await page.getByRole('heading', { name: 'New action' }).waitFor();
    await page.getByLabel('Identifier').fill('e2e-built');
    await page.getByLabel('Title', { exact: true }).fill('Built in the builder');
    await page.getByLabel('Webhook URL').fill('https://ci.example.com/hooks/built');
    await page.getByRole('button', { name: 'Remove Replicas' }).click();
    await page.getByRole('button', { name: 'Add header' }).click();
    await page.getByLabel('Header 1 name').fill('Authorization');
    await page.getByLabel('Header 1 value').fill('Bearer e2e-ci-token');

    /** Adds a field of a type from the menu, renames it and labels it; answers its editor. */
    const addField = async (type: string, given: string, name: string, label: string) => {
      await page.getByRole('button', { name: 'Add field' }).click();
      await page.getByRole('menuitem', { name: type, exact: true }).click();
      const added = page.getByTestId(`field-editor-${given}`);
      await added.getByLabel('Name').fill(name);
      await added.getByLabel('Name').press('Enter');
      const editor = page.getByTestId(`field-editor-${name}`);
      await editor.getByLabel('Label').fill(label);
      return editor;
    };

    // A choice, renamed, with its own options.
    const tier = await addField('Choice', 'choice_1', 'tier', 'Tier');
    const options = tier.getByLabel('Options');
    await options.click();
    await options.press('Backspace');
    await options.press('Backspace');
    await options.fill('gold');
    await options.press('Enter');
    await options.fill('silver');
    await options.press('Enter');
    await tier.getByLabel('Required').check();

    // A text field shown only for gold.
    const sla = await addField('Text', 'text_1', 'sla', 'SLA');
    await sla.getByText('Shown when…').click();
    const rule = sla.getByTestId('visibility-rule-0');
    await rule.getByRole('combobox', { name: 'Field' }).click();
    await page.getByRole('option', { name: 'Tier' }).click();
    await rule.getByRole('combobox', { name: 'Value' }).click();
    await page.getByRole('option', { name: 'gold' }).click();
    await page.getByRole('button', { name: 'Move Tier up' }).click();

    // The preview follows: Tier first, SLA only once gold is chosen.
    const preview = page.getByTestId('action-preview');
    const labels = async () => (await preview.locator('label').allTextContents()).map((l) => l.replace(/\s*\*$/, '').trim());
    assert.deepEqual(await labels(), ['Tier', 'Name']);
    await preview.getByRole('combobox', { name: /^Tier/ }).click();
    await page.getByRole('option', { name: 'gold' }).click();
    await preview.getByRole('textbox', { name: /^SLA/ }).waitFor();
    assert.deepEqual(await labels(), ['Tier', 'Name', 'SLA']);
    await page.screenshot({ path: `${ARTIFACTS}action-builder.png`, fullPage: true });

    await page.getByRole('tab', { name: 'JSON' }).click();
    assert.match(await page.getByLabel('Action JSON').inputValue(), /"visible": \{/);
    await page.getByRole('button', { name: 'Create action' }).click();
    await page.getByTestId('webhook-secret').waitFor();
    const saved = (await portal.portico.app.inject({ method: 'GET', url: '/api/v1/actions/e2e-built' })).json() as { action: { title: string; userInputs: { order: string[]; required: string[]; properties: Record<string, Record<string, unknown>> } } };
    assert.equal(saved.action.title, 'Built in the builder');
    assert.deepEqual(saved.action.userInputs.order, ['tier', 'name', 'sla']);
    assert.deepEqual(saved.action.userInputs.required.sort(), ['name', 'tier']);
    assert.deepEqual(saved.action.userInputs.properties.tier, { title: 'Tier', type: 'string', enum: ['gold', 'silver'] });
    assert.deepEqual(saved.action.userInputs.properties.sla?.visible, { combinator: 'and', rules: [{ input: 'tier', operator: '=', value: 'gold' }] });
    assert.deepEqual((saved.action as unknown as { invoker: { headers: unknown } }).invoker.headers, { Authorization: '[secret]' }, 'the header\'s value is kept encrypted');
    // Edited again in the builder and saved unchanged, the stored value stays.
    await page.goto(`${portal.base}/self-service/e2e-built/edit`);
    await page.getByText('Stored; type to replace').waitFor();
    await page.getByRole('button', { name: 'Save action' }).click();
    await page.getByTestId('action-saved').waitFor();
    const row = await portal.portico.services.actions.get('e2e-built');
    assert.deepEqual(portal.portico.services.actions.invokerHeaders(row), { Authorization: 'Bearer e2e-ci-token' });
    assert.deepEqual(errors, []);
  });

  test('main pages in light and dark: screenshots saved, no serious accessibility violations', async () => {
    const pages: [string, string, string][] = [
      ['home', '/', 'Catalog'],
      ['explorer', '/catalog/component', 'Component'],
      ['entity', '/catalog/component/artist-lookup', 'artist-lookup'],
      ['api-definition', '/catalog/api/petstore?tab=definition', 'petstore'],
      ['data-model', '/data-model', 'Data model'],
      ['import', '/import', 'Import'],
      ['search', '/search?q=artist', 'Search'],
      ['tokens', '/settings/tokens', 'API tokens'],
      ['audit', '/settings/audit', 'Audit log'],
      ['access', '/settings/access', 'Access'],
      ['access-check', '/settings/access?tab=check&user=jenny.doe', 'Access'],
      ['scorecards', '/scorecards', 'Scorecards'],
      ['scorecard', '/scorecards/component/e2e-ready', 'E2E readiness'],
      ['scorecard-editor', '/scorecards/component/e2e-ready/edit', 'Edit E2E readiness'],
      ['initiatives', '/initiatives', 'Initiatives'],
      ['initiative', '/initiatives/ship-it', 'Ship everything'],
      ['initiative-editor', '/initiatives/ship-it/edit', 'Edit Ship everything'],
      ['self-service', '/self-service', 'Self-service'],
      ['action-form', '/self-service/e2e-deploy?entity=artist-lookup', 'Deploy a version'],
      ['action-editor', '/self-service/e2e-deploy/edit', 'Edit Deploy a version'],
      ['runs', '/runs?tab=all', 'Runs'],
    ];
    const problems: string[] = [];
    for (const scheme of ['light', 'dark'] as const) {
      const { page, errors } = await openPage(portal, scheme);
      for (const [name, path, heading] of pages) {
        await page.goto(portal.base + path);
        await page.getByRole('heading', { name: heading }).first().waitFor();
        await page.waitForLoadState('networkidle');
        await page.screenshot({ path: `${ARTIFACTS}${name}-${scheme}.png`, fullPage: false });
        for (const violation of await seriousAxeViolations(page)) problems.push(`${name} (${scheme}): ${violation}`);
      }
      assert.deepEqual(errors, []);
    }
    assert.deepEqual(problems, []);
  });
});

/** Polls until a condition holds (the UI saves in the background), failing with what was awaited. */
async function waitUntil(condition: () => Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
