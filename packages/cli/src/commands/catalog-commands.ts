import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import { clientFromEnv, fail } from '../context.ts';
import { printRows } from '../output.ts';

async function readDocument(path: string): Promise<Record<string, unknown>> {
  const text = await readFile(path, 'utf8').catch((error: Error) => fail(`Cannot read ${path}: ${error.message}`));
  try {
    const value: unknown = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(`${path} must hold one object`);
    return value as Record<string, unknown>;
  } catch (error) {
    return fail(`${path} is not valid ${path.endsWith('.json') ? 'JSON' : 'YAML'}: ${(error as Error).message}`);
  }
}

/** `portico blueprint list|get|apply` and `portico entity get|list|upsert|delete`, `portico export`. */
export function registerCatalogCommands(program: Command): void {
  const blueprint = program.command('blueprint').description('read and change the data model');
  blueprint.command('list').option('--json', 'print JSON').action(async (options: { json?: boolean }) => {
    const { blueprints } = await clientFromEnv().listBlueprints();
    printRows(blueprints.map((b) => ({ identifier: b.identifier, title: b.title, properties: Object.keys(b.schema.properties).length, relations: Object.keys(b.relations).join(', ') })), ['identifier', 'title', 'properties', 'relations'], options.json === true, blueprints);
  });
  blueprint.command('get').argument('<identifier>').action(async (identifier: string) => {
    const { blueprint: found } = await clientFromEnv().getBlueprint(identifier);
    process.stdout.write(`${JSON.stringify(found, null, 2)}\n`);
  });
  blueprint.command('apply').argument('<file>', 'a blueprint as JSON or YAML').description('create the blueprint, or replace it').action(async (file: string) => {
    const document = await readDocument(file);
    if (typeof document.identifier !== 'string') fail(`${file} has no "identifier"`);
    const { blueprint: applied, created } = await clientFromEnv().applyBlueprint(document as { identifier: string });
    process.stdout.write(`blueprint ${applied.identifier} ${created ? 'created' : 'updated'} (version ${applied.version})\n`);
  });

  const entity = program.command('entity').description('read and change entities');
  entity.command('get').argument('<blueprint>').argument('<identifier>').action(async (bp: string, identifier: string) => {
    const { entity: found } = await clientFromEnv().getEntity(bp, identifier);
    process.stdout.write(`${JSON.stringify(found, null, 2)}\n`);
  });
  entity.command('list').argument('<blueprint>').option('--limit <n>', 'how many', '50').option('--json', 'print JSON').action(async (bp: string, options: { limit: string; json?: boolean }) => {
    const limit = Number(options.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) fail('--limit must be 1 to 1000');
    const page = await clientFromEnv().searchEntities({ query: { combinator: 'and', rules: [{ property: '$blueprint', operator: '=', value: bp }] }, limit });
    printRows(page.entities.map((e) => ({ identifier: e.identifier, title: e.title, team: e.team, updatedAt: e.updatedAt })), ['identifier', 'title', 'team', 'updatedAt'], options.json === true, page);
  });
  entity.command('upsert').argument('<blueprint>').argument('<file>', 'the entity as JSON or YAML').action(async (bp: string, file: string) => {
    const result = await clientFromEnv().upsertEntity(bp, await readDocument(file));
    process.stdout.write(`${bp}:${result.entity.identifier} ${result.status}\n`);
  });
  entity.command('delete').argument('<blueprint>').argument('<identifier>').option('--force', 'delete even while other entities point at it').action(async (bp: string, identifier: string, options: { force?: boolean }) => {
    await clientFromEnv().deleteEntity(bp, identifier, options.force === true);
    process.stdout.write(`${bp}:${identifier} deleted\n`);
  });

  program.command('export').description('export entities as Backstage YAML or JSON')
    .option('--format <format>', 'backstage | json', 'json').option('--blueprint <id...>', 'only these blueprints').option('-o, --output <file>', 'write to a file instead of stdout')
    .action(async (options: { format: string; blueprint?: string[]; output?: string }) => {
      if (options.format !== 'backstage' && options.format !== 'json') fail('--format must be backstage or json');
      const body = await clientFromEnv().export(options.format, options.blueprint ?? []);
      const text = typeof body === 'string' ? body : `${JSON.stringify(body, null, 2)}\n`;
      if (options.output) await writeFile(options.output, text);
      else process.stdout.write(text);
    });
}
