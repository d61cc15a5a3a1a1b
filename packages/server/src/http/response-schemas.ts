import type { FastifyInstance } from 'fastify';

/**
 * Response schemas: documentation in the OpenAPI document, and Fastify's serializer for the
 * routes that have one. Every object stays open (`additionalProperties: true`) because the
 * serializer drops what a schema does not name; a field added later must not vanish from answers.
 */
const open = (properties: Record<string, unknown>, required: string[] = []) => ({ type: 'object', additionalProperties: true, properties, required });
const nullableString = { type: ['string', 'null'] };
const anyObject = { type: 'object', additionalProperties: true };
const ref = (id: string) => ({ $ref: `${id}#` });
const stringList = { type: 'array', items: { type: 'string' } };
const permissionRule = open({ roles: stringList, users: stringList, teams: stringList, ownedByTeam: { type: 'boolean' } }, ['roles', 'users', 'teams', 'ownedByTeam']);

const progress = open({ compliant: { type: 'integer' }, total: { type: 'integer' }, percent: { type: 'number' } }, ['compliant', 'total', 'percent']);
const levelCounts = { type: 'array', items: open({ title: { type: 'string' }, color: { type: 'string' }, count: { type: 'integer' } }) };
const ruleExplanation = open({
  identifier: { type: 'string' }, title: { type: 'string' }, level: { type: 'string' }, status: { enum: ['SUCCESS', 'FAILURE'] },
  failures: { type: 'array', items: open({ condition: anyObject, actual: {}, message: { type: 'string' } }) },
});

const SCHEMAS = [
  {
    $id: 'Scorecard',
    ...open({
      identifier: { type: 'string' }, blueprint: { type: 'string' }, title: { type: 'string' }, description: nullableString,
      filter: { anyOf: [{ type: 'null' }, anyObject] }, levels: { type: 'array', items: open({ title: { type: 'string' }, color: { type: 'string' } }) },
      rules: { type: 'array', items: open({ identifier: { type: 'string' }, title: { type: 'string' }, description: nullableString, level: { type: 'string' }, query: anyObject }) },
      createdAt: { type: 'string' }, updatedAt: { type: 'string' }, createdBy: nullableString, updatedBy: nullableString,
    }, ['identifier', 'blueprint', 'title', 'levels', 'rules']),
  },
  {
    $id: 'Initiative',
    ...open({
      identifier: { type: 'string' }, title: { type: 'string' }, description: nullableString, blueprint: { type: 'string' }, scorecard: { type: 'string' },
      target: open({ level: { type: 'string' }, rules: stringList }), filter: { anyOf: [{ type: 'null' }, anyObject] },
      deadline: { type: 'string' }, owner: nullableString,
      createdAt: { type: 'string' }, updatedAt: { type: 'string' }, createdBy: nullableString, updatedBy: nullableString,
    }, ['identifier', 'title', 'blueprint', 'scorecard', 'target', 'deadline']),
  },
  {
    $id: 'Action',
    ...open({
      identifier: { type: 'string' }, title: { type: 'string' }, icon: nullableString, description: nullableString, blueprint: nullableString,
      operation: { enum: ['CREATE', 'DAY-2', 'DELETE'] }, userInputs: anyObject, condition: { anyOf: [{ type: 'null' }, anyObject] },
      invoker: anyObject, approval: { anyOf: [{ type: 'null' }, anyObject] }, execute: anyObject, timeoutMinutes: { type: 'number' },
      createdAt: { type: 'string' }, updatedAt: { type: 'string' }, createdBy: nullableString, updatedBy: nullableString,
    }, ['identifier', 'title', 'operation', 'userInputs', 'invoker']),
  },
  {
    $id: 'Run',
    ...open({
      id: { type: 'string' }, action: { type: 'string' }, definition: anyObject, blueprint: nullableString, entity: nullableString, inputs: anyObject,
      status: { type: 'string' }, statusLabel: nullableString, links: stringList, summary: nullableString, error: nullableString, requestedBy: { type: 'string' },
      approvals: { type: 'array', items: anyObject }, entities: { type: 'array', items: anyObject },
      createdAt: { type: 'string' }, updatedAt: { type: 'string' }, startedAt: nullableString, endedAt: nullableString, timeoutAt: nullableString,
    }, ['id', 'action', 'status', 'inputs', 'requestedBy']),
  },
  {
    $id: 'BlueprintPermissions',
    description: 'Who may do each action on a blueprint\'s entities. Admins and the blueprint\'s moderators always may; viewers never write.',
    ...open({ entities: open(Object.fromEntries(['read', 'create', 'update', 'delete'].map((a) => [a, permissionRule])), ['read', 'create', 'update', 'delete']) }, ['entities']),
  },
  {
    $id: 'Error',
    description: 'Every 4xx/5xx answer. `details` names each offending field by JSON pointer.',
    ...open({
      error: open({
        code: { type: 'string' }, message: { type: 'string' },
        details: { type: 'array', items: open({ path: { type: 'string' }, message: { type: 'string' } }, ['path', 'message']) },
      }, ['code', 'message']),
    }, ['error']),
  },
  {
    $id: 'Entity',
    ...open({
      identifier: { type: 'string' }, title: { type: 'string' }, blueprint: { type: 'string' }, icon: nullableString,
      team: { type: 'array', items: { type: 'string' } }, properties: anyObject, relations: anyObject,
      createdAt: { type: 'string', format: 'date-time' }, updatedAt: { type: 'string', format: 'date-time' }, createdBy: nullableString, updatedBy: nullableString,
    }, ['identifier', 'title', 'blueprint', 'team', 'properties', 'relations']),
  },
  {
    $id: 'Blueprint',
    ...open({
      identifier: { type: 'string' }, title: { type: 'string' }, description: nullableString, icon: nullableString,
      schema: anyObject, relations: anyObject, version: { type: 'integer' },
      createdAt: { type: 'string' }, updatedAt: { type: 'string' }, createdBy: nullableString, updatedBy: nullableString,
    }, ['identifier', 'title', 'schema', 'relations', 'version']),
  },
  {
    $id: 'WriteSummary',
    ...open({
      created: { type: 'integer' }, updated: { type: 'integer' }, unchanged: { type: 'integer' }, failed: { type: 'integer' },
      results: {
        type: 'array',
        items: open({
          index: { type: 'integer' }, blueprint: { type: 'string' }, identifier: nullableString,
          status: { enum: ['created', 'updated', 'unchanged', 'failed'] }, entity: ref('Entity'), error: anyObject, line: { type: 'integer' },
        }),
      },
    }, ['created', 'updated', 'unchanged', 'failed', 'results']),
  },
  {
    $id: 'ApiToken',
    description: 'An API token as lists show it: never its secret or hash.',
    // Closed on purpose: the serializer drops any field not named here, so a secret cannot slip out.
    ...open({
      id: { type: 'string' }, name: { type: 'string' }, kind: { enum: ['personal', 'service'] }, owner: nullableString,
      scopes: { type: 'array', items: { enum: ['read', 'write', 'admin'] } }, prefix: { type: 'string' },
      createdAt: { type: 'string' }, createdBy: nullableString, expiresAt: nullableString, lastUsedAt: nullableString, revokedAt: nullableString,
    }, ['id', 'name', 'kind', 'scopes', 'prefix']),
    additionalProperties: false,
  },
  {
    $id: 'SavedView',
    ...open({
      id: { type: 'string' }, blueprint: { type: 'string' }, name: { type: 'string' }, owner: { type: 'string' }, shared: { type: 'boolean' },
      state: anyObject, createdAt: { type: 'string' }, updatedAt: { type: 'string' },
    }, ['id', 'blueprint', 'name', 'owner', 'shared', 'state']),
  },
  {
    $id: 'BackstageEntity',
    description: "An entity in Backstage's envelope, relations in both directions included.",
    ...open({
      apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: anyObject, spec: anyObject,
      relations: { type: 'array', items: open({ type: { type: 'string' }, targetRef: { type: 'string' } }) },
    }),
  },
];

const entityAnswer = open({ entity: ref('Entity'), status: { enum: ['created', 'updated', 'unchanged'] } }, ['entity']);
const entityPage = open({ entities: { type: 'array', items: ref('Entity') }, next: nullableString, total: { type: 'integer' } }, ['entities', 'next']);
const searchHit = open({
  blueprint: { type: 'string' }, identifier: { type: 'string' }, title: { type: 'string' }, description: nullableString, rank: { type: 'number' },
  highlights: open({ title: nullableString, description: nullableString }),
});

/** Success responses by `METHOD url`. */
const RESPONSES: Record<string, Record<string, unknown>> = {
  'GET /healthz': { 200: open({ status: { type: 'string' }, database: { type: 'string' } }) },
  'GET /api/v1/blueprints': { 200: open({ blueprints: { type: 'array', items: ref('Blueprint') } }, ['blueprints']) },
  'POST /api/v1/blueprints': { 201: open({ blueprint: ref('Blueprint') }, ['blueprint']) },
  'GET /api/v1/blueprints/:blueprint': { 200: open({ blueprint: ref('Blueprint') }, ['blueprint']) },
  'PUT /api/v1/blueprints/:blueprint': { 200: open({ blueprint: ref('Blueprint') }, ['blueprint']) },
  'PATCH /api/v1/blueprints/:blueprint': { 200: open({ blueprint: ref('Blueprint') }, ['blueprint']) },
  'DELETE /api/v1/blueprints/:blueprint': { 204: { type: 'null', description: 'Deleted' } },
  'POST /api/v1/blueprints/:blueprint/entities': { 200: entityAnswer, 201: entityAnswer },
  'GET /api/v1/blueprints/:blueprint/entities': { 200: entityPage },
  'GET /api/v1/blueprints/:blueprint/entities/:identifier': { 200: open({ entity: ref('Entity') }, ['entity']) },
  'PUT /api/v1/blueprints/:blueprint/entities/:identifier': { 200: entityAnswer },
  'PATCH /api/v1/blueprints/:blueprint/entities/:identifier': { 200: entityAnswer },
  'DELETE /api/v1/blueprints/:blueprint/entities/:identifier': { 204: { type: 'null', description: 'Deleted' } },
  'POST /api/v1/entities/bulk': { 200: ref('WriteSummary') },
  'POST /api/v1/entities/search': { 200: entityPage },
  'GET /api/v1/blueprints/:blueprint/facets': {
    200: open({ property: { type: 'string' }, values: { type: 'array', items: open({ value: {}, count: { type: 'integer' } }) } }),
  },
  'GET /api/v1/blueprints/:blueprint/entities/:identifier/graph': {
    200: open({
      root: { type: 'string' }, truncated: { type: 'boolean' },
      nodes: { type: 'array', items: open({ id: { type: 'string' }, blueprint: { type: 'string' }, identifier: { type: 'string' }, title: { type: 'string' }, depth: { type: 'integer' }, resolved: { type: 'boolean' } }) },
      edges: { type: 'array', items: open({ source: { type: 'string' }, target: { type: 'string' }, relation: { type: 'string' } }) },
    }),
  },
  'GET /api/v1/blueprints/:blueprint/views': { 200: open({ views: { type: 'array', items: ref('SavedView') } }, ['views']) },
  'POST /api/v1/blueprints/:blueprint/views': { 200: open({ view: ref('SavedView') }, ['view']), 201: open({ view: ref('SavedView') }, ['view']) },
  'DELETE /api/v1/blueprints/:blueprint/views/:id': { 204: { type: 'null', description: 'Deleted' } },
  'GET /api/v1/tokens': { 200: open({ tokens: { type: 'array', items: ref('ApiToken') } }, ['tokens']) },
  'POST /api/v1/tokens': { 201: open({ secret: { type: 'string', description: 'Shown only in this response' }, token: ref('ApiToken') }, ['secret', 'token']) },
  'DELETE /api/v1/tokens/:id': { 200: open({ token: ref('ApiToken') }, ['token']) },
  'GET /api/v1/session': {
    200: open({
      signedIn: { type: 'boolean' },
      actor: {
        anyOf: [{ type: 'null' }, open({
          id: { type: 'string' }, role: { type: 'string' }, scope: { type: 'string' }, name: { type: 'string' }, email: nullableString, via: { enum: ['session', 'token', 'guest'] },
          user: nullableString, teams: stringList, moderates: stringList,
        })],
      },
      signIn: open({ oidc: { type: 'boolean' }, loginUrl: nullableString }),
    }, ['signedIn', 'actor', 'signIn']),
  },
  'GET /api/v1/blueprints/:blueprint/permissions': { 200: open({ blueprint: { type: 'string' }, permissions: ref('BlueprintPermissions') }, ['blueprint', 'permissions']) },
  'PUT /api/v1/blueprints/:blueprint/permissions': { 200: open({ blueprint: { type: 'string' }, permissions: ref('BlueprintPermissions') }, ['blueprint', 'permissions']) },
  'GET /api/v1/blueprints/:blueprint/entities/:identifier/access': {
    200: open({ decisions: open(Object.fromEntries(['read', 'create', 'update', 'delete'].map((a) => [a, open({ allowed: { type: 'boolean' }, reason: { type: 'string' } }, ['allowed', 'reason'])]))) }, ['decisions']),
  },
  'GET /api/v1/users': {
    200: open({
      users: { type: 'array', items: open({ identifier: { type: 'string' }, title: { type: 'string' }, email: nullableString, role: { anyOf: [{ type: 'null' }, { type: 'string' }] }, moderates: stringList }) },
      total: { type: 'integer' }, defaultRole: { type: 'string' },
    }, ['users', 'total', 'defaultRole']),
  },
  'PUT /api/v1/users/:identifier/role': { 200: open({ assignment: open({ user: { type: 'string' }, role: { type: 'string' }, moderates: stringList, updatedAt: { type: 'string' }, updatedBy: { type: 'string' } }) }, ['assignment']) },
  'GET /api/v1/users/:identifier/access': {
    200: open({
      user: { type: 'string' }, role: { type: 'string' }, moderates: stringList, teams: stringList,
      blueprints: { type: 'array', items: open({ blueprint: { type: 'string' }, reach: open(Object.fromEntries(['read', 'create', 'update', 'delete'].map((a) => [a, { enum: ['all', 'owned', 'none'] }]))) }) },
      entity: open({ blueprint: { type: 'string' }, identifier: { type: 'string' }, team: stringList, decisions: { type: 'object', additionalProperties: open({ allowed: { type: 'boolean' }, reason: { type: 'string' } }) } }),
    }, ['user', 'role', 'teams', 'blueprints']),
  },
  'GET /api/v1/blueprints/:blueprint/scorecards': { 200: open({ scorecards: { type: 'array', items: ref('Scorecard') } }, ['scorecards']) },
  'POST /api/v1/blueprints/:blueprint/scorecards': { 201: open({ scorecard: ref('Scorecard') }, ['scorecard']) },
  'POST /api/v1/blueprints/:blueprint/scorecards/preview': { 200: open({ levels: levelCounts }, ['levels']) },
  'GET /api/v1/blueprints/:blueprint/scorecards/:identifier': { 200: open({ scorecard: ref('Scorecard'), levels: levelCounts }, ['scorecard', 'levels']) },
  'PUT /api/v1/blueprints/:blueprint/scorecards/:identifier': { 200: open({ scorecard: ref('Scorecard') }, ['scorecard']), 201: open({ scorecard: ref('Scorecard') }, ['scorecard']) },
  'DELETE /api/v1/blueprints/:blueprint/scorecards/:identifier': { 204: { type: 'null', description: 'Deleted, with its results' } },
  'GET /api/v1/blueprints/:blueprint/entities/:identifier/scorecards': {
    200: open({
      scorecards: {
        type: 'array',
        items: open({
          identifier: { type: 'string' }, title: { type: 'string' }, level: { type: 'string' }, levelIndex: { type: 'integer' }, levels: { type: 'array', items: anyObject },
          rules: { type: 'array', items: ruleExplanation },
        }),
      },
    }, ['scorecards']),
  },
  'GET /api/v1/blueprints/:blueprint/entities/:identifier/scorecards/:scorecard/check': {
    200: open({ passed: { type: 'boolean' }, level: { type: 'string' }, minLevel: { type: 'string' }, failing: { type: 'array', items: ruleExplanation } }, ['passed', 'level', 'minLevel', 'failing']),
  },
  'GET /api/v1/scorecards': { 200: open({ scorecards: { type: 'array', items: open({ scorecard: ref('Scorecard'), levels: levelCounts }) } }, ['scorecards']) },
  'GET /api/v1/blueprints/:blueprint/scorecards/:identifier/insights': {
    200: open({
      teams: { type: 'array', items: open({ team: nullableString, levels: { type: 'array', items: { type: 'integer' } } }) },
      rules: { type: 'array', items: open({ identifier: { type: 'string' }, title: { type: 'string' }, level: { type: 'string' }, passing: { type: 'integer' }, failing: { type: 'integer' } }) },
      trend: { type: 'array', items: open({ day: { type: 'string' }, levels: { type: 'array', items: { type: 'integer' } } }) },
    }, ['teams', 'rules', 'trend']),
  },
  'GET /api/v1/initiatives': { 200: open({ initiatives: { type: 'array', items: { allOf: [ref('Initiative'), open({ progress: { anyOf: [{ type: 'null' }, progress] } })] } } }, ['initiatives']) },
  'POST /api/v1/initiatives': { 201: open({ initiative: ref('Initiative') }, ['initiative']) },
  'GET /api/v1/initiatives/:identifier': {
    200: open({
      initiative: ref('Initiative'), progress, requiredRules: stringList,
      teams: { type: 'array', items: open({ team: nullableString, compliant: { type: 'integer' }, total: { type: 'integer' }, percent: { type: 'number' }, more: { type: 'integer' }, todo: { type: 'array', items: open({ identifier: { type: 'string' }, title: { type: 'string' }, failing: stringList }) } }) },
      history: { type: 'array', items: open({ day: { type: 'string' }, compliant: { type: 'integer' }, total: { type: 'integer' }, percent: { type: 'number' } }) },
    }, ['initiative', 'progress', 'teams', 'history']),
  },
  'PUT /api/v1/initiatives/:identifier': { 200: open({ initiative: ref('Initiative') }, ['initiative']) },
  'DELETE /api/v1/initiatives/:identifier': { 204: { type: 'null', description: 'Deleted, with its history' } },
  'GET /api/v1/actions': { 200: open({ actions: { type: 'array', items: { allOf: [ref('Action'), open({ allowed: { type: 'boolean' } })] } } }, ['actions']) },
  'POST /api/v1/actions': { 201: open({ action: ref('Action'), warnings: { type: 'array', items: anyObject }, webhookSecret: { type: 'string', description: 'Shown once: the key receivers verify signatures with' } }, ['action', 'warnings']) },
  'GET /api/v1/actions/:identifier': { 200: open({ action: ref('Action') }, ['action']) },
  'PUT /api/v1/actions/:identifier': { 200: open({ action: ref('Action'), warnings: { type: 'array', items: anyObject } }, ['action']) },
  'DELETE /api/v1/actions/:identifier': { 204: { type: 'null', description: 'Deleted; its runs stay' } },
  'POST /api/v1/actions/:identifier/webhook-secret': { 200: open({ webhookSecret: { type: 'string' } }, ['webhookSecret']) },
  'POST /api/v1/actions/:identifier/runs': { 201: open({ run: ref('Run') }, ['run']) },
  'GET /api/v1/runs': { 200: open({ runs: { type: 'array', items: ref('Run') } }, ['runs']) },
  'GET /api/v1/runs/:id': { 200: open({ run: ref('Run') }, ['run']) },
  'PATCH /api/v1/runs/:id': { 200: open({ run: ref('Run') }, ['run']) },
  'POST /api/v1/runs/:id/logs': { 202: open({ accepted: { type: 'boolean' } }, ['accepted']) },
  'GET /api/v1/runs/:id/logs': { 200: open({ logs: { type: 'array', items: open({ id: { type: 'string' }, at: { type: 'string' }, level: { type: 'string' }, message: { type: 'string' } }) } }, ['logs']) },
  'GET /api/v1/runs/:id/stream': { 200: { type: 'string', description: 'text/event-stream: `log` events (id, at, level, message), `status` events (the run), then `end`' } },
  'POST /api/v1/runs/:id/approval': { 200: open({ run: ref('Run') }, ['run']) },
  'POST /api/v1/runs/:id/cancel': { 200: open({ run: ref('Run') }, ['run']) },
  'POST /api/v1/runs/:id/rerun': { 201: open({ run: ref('Run') }, ['run']) },
  'GET /api/v1/entity-events': {
    200: open({ events: { type: 'array', items: open({ id: { type: 'string' }, at: { type: 'string' }, type: { type: 'string' }, blueprint: { type: 'string' }, identifier: { type: 'string' }, detail: anyObject }) } }, ['events']),
  },
  'GET /api/v1/scorecard-events': {
    200: open({
      events: { type: 'array', items: open({ id: { type: 'string' }, at: { type: 'string' }, blueprint: { type: 'string' }, scorecard: { type: 'string' }, entity: { type: 'string' }, team: stringList, fromLevel: nullableString, toLevel: nullableString }) },
    }, ['events']),
  },
  'GET /api/v1/audit/export': { 200: { type: 'string', description: 'One audit entry per line (application/x-ndjson), newest first' } },
  'GET /api/v1/stats': { 200: open({ blueprints: { type: 'object', additionalProperties: { type: 'integer' } } }, ['blueprints']) },
  'GET /api/v1/search': {
    200: open({ query: { type: 'string' }, hits: { type: 'array', items: searchHit }, groups: { type: 'array', items: open({ blueprint: { type: 'string' }, hits: { type: 'array', items: searchHit } }) } }),
  },
  'GET /api/v1/audit': {
    200: open({
      entries: { type: 'array', items: open({ id: { type: 'string' }, at: { type: 'string' }, actor: { type: 'string' }, action: { type: 'string' }, resourceType: { type: 'string' }, blueprint: nullableString, identifier: nullableString, before: {}, after: {}, diff: {} }) },
      next: nullableString,
    }),
  },
  'POST /api/v1/import': { 200: { allOf: [ref('WriteSummary'), open({ dryRun: { type: 'boolean' }, errors: { type: 'array', items: open({ location: { type: 'string' }, line: { type: 'integer' }, column: { type: 'integer' }, message: { type: 'string' } }) } })] } },
  'GET /api/catalog/entities/by-query': {
    200: open({ items: { type: 'array', items: ref('BackstageEntity') }, totalItems: { type: 'integer' }, pageInfo: open({ nextCursor: { type: 'string' }, prevCursor: { type: 'string' } }) }, ['items', 'totalItems', 'pageInfo']),
  },
  'GET /api/catalog/entities': { 200: { type: 'array', items: ref('BackstageEntity') } },
  'GET /api/catalog/entities/by-name/:kind/:namespace/:name': { 200: ref('BackstageEntity') },
  'GET /api/catalog/entities/by-uid/:uid': { 200: ref('BackstageEntity') },
  'POST /api/catalog/entities/by-refs': { 200: open({ items: { type: 'array', items: { anyOf: [ref('BackstageEntity'), { type: 'null' }] } } }, ['items']) },
  'GET /api/catalog/entity-facets': {
    200: open({ facets: { type: 'object', additionalProperties: { type: 'array', items: open({ value: { type: 'string' }, count: { type: 'integer' } }) } } }, ['facets']),
  },
};

/** Which documented routes are meant to stay undocumented in responses (they stream or answer YAML). */
const SKIP = new Set(['GET /api/v1/export', 'GET /api/v1/openapi.json']);

/**
 * Registers the shared schemas and, as each route is added, its response schemas plus the error
 * shape for every 4xx/5xx. Must run before the routes are registered.
 */
export function registerResponseSchemas(app: FastifyInstance): void {
  for (const schema of SCHEMAS) app.addSchema(schema);
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/docs')) return;
    const methods = [route.method].flat().filter((m) => m !== 'HEAD');
    for (const method of methods) {
      const key = `${method} ${route.url}`;
      if (SKIP.has(key)) continue;
      const schema = (route.schema ??= {}) as { response?: Record<string, unknown> };
      schema.response = { ...RESPONSES[key], ...schema.response, '4xx': ref('Error'), '5xx': ref('Error') };
    }
  });
}

/** Routes with a documented success response (the test checks every API route is among them). */
export function documentedRoutes(): string[] {
  return Object.keys(RESPONSES);
}
