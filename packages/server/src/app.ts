import Fastify, { type FastifyInstance } from 'fastify';
import { ruleGroupSchema } from '@portico/model';
import type { Config } from './config.ts';
import { isLoopbackHost } from './config.ts';
import type { Database } from './db/database.ts';
import { migrate } from './db/migrate.ts';
import { registerErrorHandler } from './http/error-handler.ts';
import { registerOpenApi } from './http/openapi.ts';
import { registerResponseSchemas } from './http/response-schemas.ts';
import { registerWebUi } from './http/web-ui.ts';
import { registerHardening } from './http/hardening.ts';
import { registerRequestContext } from './http/request-context.ts';
import { AuthService } from './auth/auth.service.ts';
import { type RouteAccess, registerAuthHook } from './auth/auth.hook.ts';
import { tokenRoutes } from './auth/token.routes.ts';
import { signInRoutes } from './auth/sign-in.routes.ts';
import { OidcService } from './auth/oidc.service.ts';
import { UserProvisioning } from './auth/user-provisioning.ts';
import cookie from '@fastify/cookie';
import { auditRoutes, insertAuditEntries, pruneAuditEntries } from './audit/index.ts';
import { BlueprintRegistry, BlueprintService, CatalogCache, EntitySearchService, EntityService, blueprintRoutes, entityRoutes } from './catalog/index.ts';
import { searchRoutes } from './search/index.ts';
import { backstageRoutes, BackstageCatalogService } from './backstage/index.ts';
import { ImportService, UrlReader, importRoutes } from './imports/index.ts';
import { savedViewRoutes } from './views/index.ts';
import { AccessService, permissionRoutes } from './permissions/index.ts';
import { ScorecardService, scorecardRoutes } from './scorecards/index.ts';
import { DerivedService } from './derived/index.ts';
import { InitiativeService, initiativeRoutes } from './initiatives/index.ts';
import { ActionService, ApprovalNotifier, RunService, actionRoutes } from './actions/index.ts';
import { JobQueue } from './jobs/index.ts';
import { SecretBox } from './secrets/index.ts';
import { TimerService, timerRoutes } from './timers/index.ts';
import { GitHubHost, GitLabHost, GitPublisher, RemoteSources, type RepositoryHost } from './scaffolder/index.ts';
import { catalogRegistrar } from './scaffolder/catalog-registrar.ts';

export interface Services {
  db: Database;
  auth: AuthService;
  access: AccessService;
  scorecards: ScorecardService;
  derived: DerivedService;
  initiatives: InitiativeService;
  actions: ActionService;
  runs: RunService;
  queue: JobQueue;
  timers: TimerService;
  registry: BlueprintRegistry;
  cache: CatalogCache;
  blueprints: BlueprintService;
  entities: EntityService;
  search: EntitySearchService;
  backstage: BackstageCatalogService;
  imports: ImportService;
}

export interface Portico {
  app: FastifyInstance;
  /** Every route with the access it declares. */
  routes: RouteAccess[];
  services: Services;
  close(): Promise<void>;
}

export interface BuildOptions {
  /** Override the local guest admin (default: on while listening on loopback). */
  guest?: boolean;
}

/**
 * The composition root: migrates the database, builds every service with its dependencies and
 * registers every route behind the one auth hook. Nothing is global.
 */
export async function buildPortico(config: Config, db: Database, options: BuildOptions = {}): Promise<Portico> {
  await migrate(db);
  const registry = new BlueprintRegistry(db);
  const cache = new CatalogCache();
  const unfollow = await cache.follow(db, () => registry.invalidate());
  // With single sign-on configured there is no guest, even on loopback: everyone signs in.
  const access = new AccessService({ db, registry, cache, defaultRole: config.defaultRole });
  const auth = new AuthService({ db, guestEnabled: options.guest ?? (isLoopbackHost(config.host) && !config.oidc), profiles: access });
  const blueprints = new BlueprintService({ db, registry, cache });
  await blueprints.ensureBuiltins();
  const entities = new EntityService({ db, registry, cache });
  const search = new EntitySearchService({ db, registry, cache });
  const scorecards = new ScorecardService({ db, registry, cache });
  const derived = new DerivedService({ registry });
  // Derived values first: scorecards then score the written entities and every entity whose derived values moved.
  entities.onBeforeWrite((tx, ids) => derived.beforeWrite(tx, ids));
  entities.onWrite((tx, written) => derived.afterWrite(tx, written));
  entities.onWrite((tx, written) => scorecards.entitiesWritten(tx, written));
  const timers = new TimerService({ db, registry });
  entities.onWrite((tx, written) => timers.entitiesWritten(tx, written));
  blueprints.onSave(async (tx, saved, previous, all) => {
    await scorecards.entitiesWritten(tx, await derived.blueprintSaved(tx, saved, previous, all));
  });
  const initiatives = new InitiativeService({ db, registry });
  const secrets = SecretBox.fromConfig({ key: config.secretKey, dataDir: config.dataDir });
  const queue = new JobQueue(db, { leaseMs: config.jobLeaseSeconds * 1000 });
  const actions = new ActionService({ db, registry, secrets });
  const notifier = new ApprovalNotifier(queue, config.approvalWebhookUrl, config.publicUrl);
  const runs = new RunService({ db, registry, actions, queue, secrets, publicUrl: config.publicUrl, visibility: (actor) => access.visibility(actor), retryBaseMs: config.runRetryBaseMs, notifier,
    scaffolder: { git: new GitPublisher(config.gitRoot), hosts: repositoryHosts(config), templateRoots: config.templateRoots, remote: new RemoteSources({ allowedHosts: config.templateAllowedHosts }), register: catalogRegistrar(entities, registry), publicUrl: config.publicUrl } });
  const backstage = new BackstageCatalogService({ db, registry, cache });
  const oidc = config.oidc ? new OidcService({ db, config: config.oidc, publicUrl: config.publicUrl, sessionHours: config.sessionHours, access, users: new UserProvisioning({ db, entities }) }) : null;
  const imports = new ImportService({ db, entities, registry, urls: new UrlReader({ allowedHosts: config.importAllowedHosts, maxBytes: config.bodyLimit }) });
  const services: Services = { db, auth, access, registry, cache, blueprints, entities, search, backstage, imports, scorecards, derived, initiatives, actions, runs, queue, timers };

  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel, redact: ['req.headers.authorization', 'req.headers.cookie'] },
    bodyLimit: config.bodyLimit,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: true } },
  });
  // Shared schemas referenced by route schemas (and listed as OpenAPI components).
  app.addSchema(ruleGroupSchema);
  registerErrorHandler(app);
  registerRequestContext(app);
  await app.register(cookie);
  await registerHardening(app, { rateLimitPerMinute: config.rateLimitPerMinute });
  const routes = registerAuthHook(app, auth, (denial) => insertAuditEntries(db, [{
    actor: denial.actor, action: 'deny', resourceType: 'request', blueprint: null, identifier: `${denial.method} ${denial.url}`,
    before: null, after: { code: denial.code, reason: denial.reason }, diff: null, ip: denial.ip,
  }]));
  registerResponseSchemas(app);
  await registerOpenApi(app);
  app.get('/healthz', { config: { access: 'public' }, schema: { tags: ['Health'], summary: 'Liveness and database reachability' } }, async () => {
    await db.query('select 1');
    return { status: 'ok', database: db.kind };
  });
  await app.register(blueprintRoutes(blueprints, access));
  await app.register(entityRoutes({ db, entities, search, registry, cache, access, enrich: (list) => scorecards.attachResults(list) }));
  await app.register(scorecardRoutes({ scorecards, access }));
  await app.register(initiativeRoutes({ initiatives, access }));
  await app.register(actionRoutes({ actions, runs }));
  await app.register(timerRoutes(timers));
  await app.register(searchRoutes(db, access));
  await app.register(auditRoutes(db, access));
  await app.register(backstageRoutes(backstage, access));
  await app.register(importRoutes({ imports, db, backstage, access }));
  await app.register(permissionRoutes({ access, db }));
  await app.register(savedViewRoutes({ db, registry }));
  await app.register(tokenRoutes(auth));
  await app.register(signInRoutes({ auth, oidc, publicUrl: config.publicUrl }));
  await registerWebUi(app, config.webDir);
  await app.ready();
  // Audit retention: pruned at start and once a day after (the timer never keeps the process alive).
  const prune = () => (config.auditRetentionDays > 0 ? pruneAuditEntries(db, config.auditRetentionDays).catch((error: unknown) => app.log.error(error)) : undefined);
  await prune();
  const pruning = setInterval(() => void prune(), 24 * 3_600_000);
  pruning.unref();
  // Aggregations over a time window move with the clock, not with writes: refreshed every minute.
  const refreshing = setInterval(() => void refreshTimeWindows(db, derived, scorecards, registry, cache).catch((error: unknown) => app.log.error(error)), config.derivedRefreshSeconds * 1000);
  refreshing.unref();
  // One progress reading per initiative per day, for the history chart (also taken on every read and save).
  const snapshots = setInterval(() => void initiatives.snapshot().catch((error: unknown) => app.log.error(error)), 3_600_000);
  snapshots.unref();
  // Runs are executed by the job queue in this process (any number of processes may share it).
  await queue.start();
  const timeouts = setInterval(() => void runs.timeOutOverdue().catch((error: unknown) => app.log.error(error)), 30_000);
  timeouts.unref();
  const expiries = setInterval(() => void timers.expireDue().catch((error: unknown) => app.log.error(error)), 30_000);
  expiries.unref();
  return { app, routes, services, close: async () => {
    clearInterval(pruning);
    clearInterval(refreshing);
    clearInterval(snapshots);
    clearInterval(timeouts);
    clearInterval(expiries);
    await queue.stop();
    await app.close();
    await unfollow();
  } };
}

/** Recomputes the blueprints whose derived values depend on the time, then re-scores what moved. */
export async function refreshTimeWindows(db: Database, derived: DerivedService, scorecards: ScorecardService, registry: BlueprintRegistry, cache: CatalogCache): Promise<number> {
  let moved = 0;
  for (const blueprint of await derived.timeDependentBlueprints()) {
    moved += await db.transaction(async (tx) => {
      const result = await derived.recomputeBlueprint(tx, blueprint, await registry.all(tx));
      await scorecards.entitiesWritten(tx, result.changed);
      if (result.changed.length > 0) await CatalogCache.announce(tx);
      return result.changed.length;
    });
  }
  if (moved > 0) cache.changed();
  return moved;
}

/** Git hosts whose API creates repositories for publish:github / publish:gitlab, when a token is configured. */
function repositoryHosts(config: Config): Record<string, RepositoryHost> {
  const hosts: Record<string, RepositoryHost> = {};
  if (config.githubToken) hosts.github = new GitHubHost(config.githubApiUrl, config.githubToken);
  if (config.gitlabToken) hosts.gitlab = new GitLabHost(config.gitlabApiUrl, config.gitlabToken);
  return hosts;
}
