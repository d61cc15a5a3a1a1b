import type { Command } from 'commander';
import { clientFromEnv, fail } from '../context.ts';
import { printRows } from '../output.ts';

interface Token { id: string; name: string; kind: string; owner: string | null; scopes: string[]; prefix: string; expiresAt: string | null; lastUsedAt: string | null; revokedAt: string | null }

const SCOPES = ['read', 'write', 'admin'];

/** `portico token list|create|revoke`: API tokens for CI and scripts. */
export function registerTokenCommands(program: Command): void {
  const token = program.command('token').description('create, list and revoke API tokens');
  token.command('list').option('--json', 'print JSON').action(async (options: { json?: boolean }) => {
    const { tokens } = await clientFromEnv().request<{ tokens: Token[] }>('GET', '/api/v1/tokens');
    printRows(tokens.map((t) => ({
      id: t.id, name: t.name, kind: t.kind, scopes: t.scopes.join(','), token: `${t.prefix}…`,
      'last used': t.lastUsedAt ?? 'never', state: t.revokedAt ? 'revoked' : t.expiresAt && Date.parse(t.expiresAt) < Date.now() ? 'expired' : 'active',
    })), ['id', 'name', 'kind', 'scopes', 'token', 'last used', 'state'], options.json === true, tokens);
  });
  token.command('create').argument('<name>')
    .option('--service', 'a service token (for CI; admins only) instead of a personal one')
    .option('--scopes <list>', 'comma-separated: read, write, admin', 'read')
    .option('--expires-in-days <n>', 'days until it expires')
    .description('create a token and print its secret (shown only this once)')
    .action(async (name: string, options: { service?: boolean; scopes: string; expiresInDays?: string }) => {
      const scopes = options.scopes.split(',').map((s) => s.trim()).filter(Boolean);
      const unknown = scopes.filter((s) => !SCOPES.includes(s));
      if (unknown.length) fail(`Unknown scope ${unknown.join(', ')}: use ${SCOPES.join(', ')}`);
      const days = options.expiresInDays === undefined ? undefined : Number(options.expiresInDays);
      if (days !== undefined && (!Number.isInteger(days) || days < 1)) fail('--expires-in-days takes a whole number of days, 1 or more');
      const { secret, token: created } = await clientFromEnv().request<{ secret: string; token: Token }>('POST', '/api/v1/tokens', {
        name, kind: options.service ? 'service' : 'personal', scopes, ...(days ? { expiresInDays: days } : {}),
      });
      process.stderr.write(`Created ${created.kind} token "${created.name}" (${created.scopes.join(', ')}${created.expiresAt ? `, expires ${created.expiresAt}` : ''}). It is shown only now:\n`);
      process.stdout.write(`${secret}\n`);
    });
  token.command('revoke').argument('<id>').description('revoke a token at once').action(async (id: string) => {
    const { token: revoked } = await clientFromEnv().request<{ token: Token }>('DELETE', `/api/v1/tokens/${encodeURIComponent(id)}`);
    process.stdout.write(`Revoked "${revoked.name}"\n`);
  });
}
