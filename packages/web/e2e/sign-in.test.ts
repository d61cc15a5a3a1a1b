import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type Browser } from 'playwright-core';
import { buildPortico, loadConfig, type Portico } from '@portico/server';
import { loadDemoCatalogIfEmpty } from '../../server/src/demo/demo-catalog.ts';
import { openTestDatabase } from '../../server/src/testing/test-database.ts';
import type { Database } from '../../server/src/db/database.ts';
import { browserSkipReason, CHROMIUM, ensureWebBuild } from './portal-harness.ts';
import { freePort, startIdentityProvider, type TestIdentityProvider } from './oidc-provider-harness.ts';

const skip = browserSkipReason();

describe('single sign-on against a real OpenID Connect provider, in Chromium', { skip: skip ?? false }, () => {
  let provider: TestIdentityProvider;
  let portico: Portico;
  let db: Database;
  let browser: Browser;
  let base = '';

  before(async () => {
    ensureWebBuild();
    const [providerPort, porticoPort] = [await freePort(), await freePort()];
    base = `http://127.0.0.1:${porticoPort}`;
    provider = await startIdentityProvider({ port: providerPort, redirectUri: `${base}/auth/callback`, clientId: 'portico', clientSecret: 'test-client-secret', groups: { alice: ['team-a', 'no-such-team'] } });
    db = await openTestDatabase();
    portico = await buildPortico(loadConfig({
      LOG_LEVEL: 'silent', PORTICO_DEMO: 'false', PORTICO_RATE_LIMIT: '0', PORT: String(porticoPort), PORTICO_PUBLIC_URL: base,
      PORTICO_OIDC_ISSUER: provider.issuer, PORTICO_OIDC_CLIENT_ID: 'portico', PORTICO_OIDC_CLIENT_SECRET: 'test-client-secret',
      PORTICO_OIDC_SCOPES: 'openid profile email groups', PORTICO_ADMIN_EMAILS: 'alice@example.com',
    }), db);
    await loadDemoCatalogIfEmpty(db, portico.services.imports);
    await portico.app.listen({ port: porticoPort, host: '127.0.0.1' });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
  });
  after(async () => {
    await browser?.close();
    await portico?.close();
    await db?.close();
    await provider?.close();
  });

  test('sign in, see your name, write with the CSRF token, sign out; the old cookie is then worthless', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/catalog/component`);
    // No guest when single sign-on is configured, even on loopback.
    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.locator('input[name=login]').fill('alice');
    await page.locator('input[name=password]').fill('any password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(`${base}/catalog/component`);
    await page.getByTestId('user-menu').getByText('Name of alice').waitFor();

    const cookies = await context.cookies(base);
    const session = cookies.find((c) => c.name === 'portico_session');
    const csrf = cookies.find((c) => c.name === 'portico_csrf');
    assert.ok(session?.httpOnly, 'the session cookie is HTTP-only');
    assert.equal(session?.sameSite, 'Lax');
    assert.equal(csrf?.httpOnly, false, 'the CSRF token is readable by the portal');

    // The person is a user entity, matched by e-mail, member of the teams their groups name (that exist).
    const user = await portico.app.inject({ method: 'GET', url: '/api/v1/blueprints/user/entities/alice', headers: { cookie: `portico_session=${session?.value}` } });
    assert.equal(user.statusCode, 200);
    assert.deepEqual(user.json<{ entity: { properties: { email: string }; relations: { memberOf: string[] } } }>().entity.relations.memberOf, ['team-a']);

    // A write from the page carries the CSRF token.
    await page.goto(`${base}/catalog/team/new`);
    await page.getByLabel(/^Identifier/).fill('made-by-alice');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await page.waitForURL(/\/catalog\/team\/made-by-alice$/);
    const [entry] = await db.query<{ actor: string }>(`select actor from audit_log where identifier = 'made-by-alice'`);
    assert.equal(entry?.actor, 'user:alice');

    // The same cookie without the CSRF token, or with a wrong one, cannot write.
    const write = (headers: Record<string, string>) => portico.app.inject({ method: 'POST', url: '/api/v1/blueprints/team/entities', headers: { cookie: `portico_session=${session?.value}`, ...headers }, payload: { identifier: 'forged-write' } });
    assert.equal((await write({})).statusCode, 403);
    assert.equal((await write({ 'x-csrf-token': 'guessed' })).statusCode, 403);
    assert.equal((await write({ 'x-csrf-token': csrf?.value ?? '' })).statusCode, 201);
    // A forged session cookie is nobody.
    const forged = await portico.app.inject({ method: 'GET', url: '/api/v1/blueprints', headers: { cookie: 'portico_session=forged-value' } });
    assert.equal(forged.statusCode, 401);

    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.getByRole('link', { name: 'Sign in' }).waitFor();
    const replayed = await portico.app.inject({ method: 'GET', url: '/api/v1/blueprints', headers: { cookie: `portico_session=${session?.value}` } });
    assert.equal(replayed.statusCode, 401, 'sign-out ended the session on the server');
    assert.match(replayed.json<{ error: { message: string } }>().error.message, /session has ended/);

    const signIns = await db.query<{ action: string; actor: string }>(`select action, actor from audit_log where resource_type = 'session' order by id`);
    assert.deepEqual(signIns.map((s) => [s.action, s.actor]), [['create', 'user:alice'], ['delete', 'user:alice']]);
    await context.close();
  });

  test('a sign-in link cannot be replayed, and a callback without a login in flight is refused', async () => {
    const callback = await portico.app.inject({ method: 'GET', url: '/auth/callback?code=abc&state=not-ours' });
    assert.equal(callback.statusCode, 401);
    assert.match(callback.json<{ error: { message: string } }>().error.message, /unknown, used or expired/);
    const login = await portico.app.inject({ method: 'GET', url: '/auth/login?returnTo=https://evil.example/' });
    assert.equal(login.statusCode, 302);
    const location = new URL(String(login.headers.location));
    assert.equal(location.origin, provider.issuer);
    assert.equal(location.searchParams.get('code_challenge_method'), 'S256');
    const [pending] = await db.query<{ return_to: string }>('select return_to from oidc_logins order by created_at desc limit 1');
    assert.equal(pending?.return_to, '/', 'only same-site return addresses are kept');
  });
});
