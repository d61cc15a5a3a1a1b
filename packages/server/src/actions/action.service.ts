import { randomBytes } from 'node:crypto';
import { type Action, type ErrorDetail, PorticoError, normalizeAction, parseQuery } from '@portico/model';
import type { Database } from '../db/database.ts';
import type { BlueprintRegistry } from '../catalog/index.ts';
import { insertAuditEntries } from '../audit/index.ts';
import type { SecretBox } from '../secrets/index.ts';
import * as repo from './action.repo.ts';

/** What the API shows in place of a credential. */
const SECRET_PLACEHOLDER = '[secret]';

export interface ActionServiceDeps {
  db: Database;
  registry: BlueprintRegistry;
  secrets: SecretBox;
}

/** Self-service actions: definitions (Portico or Port JSON), their webhook signing secrets, audit. */
export class ActionService {
  constructor(private readonly deps: ActionServiceDeps) {}

  list(): Promise<repo.ActionRow[]> {
    return repo.listActions(this.deps.db);
  }

  async get(identifier: string): Promise<repo.ActionRow> {
    const row = await repo.findAction(this.deps.db, identifier);
    if (!row) throw new PorticoError('NOT_FOUND', `Action "${identifier}" does not exist`);
    return row;
  }

  /** The HMAC key a receiver verifies calls with (never in a GET). */
  async webhookSecret(row: repo.ActionRow): Promise<string> {
    return this.deps.secrets.open(row.sealedSecret);
  }

  /**
   * Creates or replaces an action.
   * @returns the row, what of a Port document was not carried over, and — on create — the signing secret, shown once.
   */
  async save(input: unknown, actor: string, mode: 'create' | 'replace', identifier?: string): Promise<{ row: repo.ActionRow; warnings: ErrorDetail[]; webhookSecret?: string }> {
    const document = identifier !== undefined && typeof input === 'object' && input !== null ? { ...input, identifier } : input;
    const normalized = normalizeAction(document);
    const { warnings } = normalized;
    await this.checkAgainstCatalog(normalized.action);
    return this.deps.db.transaction(async (tx) => {
      const existing = await repo.findAction(tx, normalized.action.identifier);
      if (existing && mode === 'create') throw new PorticoError('CONFLICT', `Action "${normalized.action.identifier}" already exists; PUT replaces it`, [{ path: '/identifier', message: 'is taken' }]);
      if (!existing && mode === 'replace') throw new PorticoError('NOT_FOUND', `Action "${normalized.action.identifier}" does not exist`);
      const { action, sealed } = this.sealInvokerHeaders(normalized.action, existing);
      let webhookSecret: string | undefined;
      let row: repo.ActionRow;
      if (existing) row = await repo.updateAction(tx, existing.id, action, sealed, actor);
      else {
        webhookSecret = `whsec_${randomBytes(24).toString('base64url')}`;
        row = await repo.insertAction(tx, action, this.deps.secrets.seal(webhookSecret), sealed, actor);
      }
      await insertAuditEntries(tx, [{ actor, action: existing ? 'update' : 'create', resourceType: 'action', blueprint: action.blueprint, identifier: action.identifier, before: existing?.action ?? null, after: action, diff: null }]);
      return { row, warnings, ...(webhookSecret ? { webhookSecret } : {}) };
    });
  }

  /** The webhook's extra headers with their values (for the call only; never in a GET). */
  invokerHeaders(row: repo.ActionRow): Record<string, string> {
    return row.sealedInvokerSecrets ? JSON.parse(this.deps.secrets.open(row.sealedInvokerSecrets)) as Record<string, string> : {};
  }

  /**
   * Moves a webhook's header values out of the definition into encrypted storage: the definition
   * keeps `[secret]`; a `[secret]` sent back keeps the stored value.
   */
  private sealInvokerHeaders(action: Action, existing: repo.ActionRow | null): { action: Action; sealed: string | null } {
    const headers = action.invoker.type === 'WEBHOOK' ? action.invoker.headers ?? {} : {};
    if (action.invoker.type !== 'WEBHOOK' || Object.keys(headers).length === 0) return { action, sealed: null };
    const stored = existing ? this.invokerHeaders(existing) : {};
    const storedByName = new Map(Object.entries(stored).map(([name, value]) => [name.toLowerCase(), value]));
    const values: Record<string, string> = {};
    const issues: ErrorDetail[] = [];
    for (const [name, value] of Object.entries(headers)) {
      const kept = value === SECRET_PLACEHOLDER ? storedByName.get(name.toLowerCase()) : value;
      if (kept === undefined) issues.push({ path: `/invoker/headers/${name}`, message: `"${SECRET_PLACEHOLDER}" keeps a stored value, and this header has none yet: give its value` });
      else values[name] = kept;
    }
    if (issues.length > 0) throw new PorticoError('VALIDATION_FAILED', `Invalid action: ${issues[0]?.path} ${issues[0]?.message}`, issues);
    const hidden = Object.fromEntries(Object.keys(values).map((name) => [name, SECRET_PLACEHOLDER]));
    return { action: { ...action, invoker: { ...action.invoker, headers: hidden } }, sealed: this.deps.secrets.seal(JSON.stringify(values)) };
  }

  /** A new signing secret (the old one stops working at once), shown once. */
  async rotateSecret(identifier: string, actor: string): Promise<string> {
    const row = await this.get(identifier);
    const secret = `whsec_${randomBytes(24).toString('base64url')}`;
    await this.deps.db.transaction(async (tx) => {
      await repo.setWebhookSecret(tx, row.id, this.deps.secrets.seal(secret));
      await insertAuditEntries(tx, [{ actor, action: 'update', resourceType: 'action', blueprint: row.action.blueprint, identifier, before: null, after: { webhookSecret: 'rotated' }, diff: null }]);
    });
    return secret;
  }

  async delete(identifier: string, actor: string): Promise<void> {
    const row = await this.get(identifier);
    await this.deps.db.transaction(async (tx) => {
      await repo.deleteAction(tx, row.id);
      await insertAuditEntries(tx, [{ actor, action: 'delete', resourceType: 'action', blueprint: row.action.blueprint, identifier, before: row.action, after: null, diff: null }]);
    });
  }

  /** The blueprint, the entity pickers' blueprints and the condition must fit the catalog. */
  private async checkAgainstCatalog(action: Action): Promise<void> {
    const blueprints = await this.deps.registry.all();
    const issues: ErrorDetail[] = [];
    const blueprint = action.blueprint ? blueprints.get(action.blueprint) : undefined;
    if (action.blueprint && !blueprint) issues.push({ path: '/blueprint', message: `names blueprint "${action.blueprint}", which does not exist` });
    for (const [name, schema] of Object.entries(action.userInputs.properties)) {
      if (schema.format === 'entity' && typeof schema.blueprint === 'string' && !blueprints.has(schema.blueprint)) {
        issues.push({ path: `/userInputs/properties/${name}/blueprint`, message: `names blueprint "${schema.blueprint}", which does not exist` });
      }
    }
    if (action.condition && blueprint) {
      try {
        parseQuery(action.condition, { blueprints: [blueprint] }, '/condition');
      } catch (error) {
        if (error instanceof PorticoError) issues.push(...error.details);
        else throw error;
      }
    }
    if (issues.length > 0) throw new PorticoError('VALIDATION_FAILED', `Invalid action: ${issues[0]?.path} ${issues[0]?.message}`, issues);
  }
}
