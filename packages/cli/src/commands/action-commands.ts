import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { FINAL_RUN_STATUSES, type Run } from '@portico/model';
import { parseAllDocuments } from 'yaml';
import { clientFromEnv, fail } from '../context.ts';
import { readLocation } from '../read-source.ts';

const ENDED: readonly string[] = FINAL_RUN_STATUSES;

/** `key=value` → inputs; values that read as JSON (numbers, true, lists) are taken as such. */
function parseInput(pair: string, inputs: Record<string, unknown>): Record<string, unknown> {
  const eq = pair.indexOf('=');
  if (eq <= 0) fail(`--input "${pair}" is not key=value`);
  const raw = pair.slice(eq + 1);
  let value: unknown = raw;
  try {
    value = JSON.parse(raw);
  } catch {
    value = raw;
  }
  return { ...inputs, [pair.slice(0, eq)]: value };
}

/**
 * `portico action apply FILE…` (actions as code: Portico's JSON/YAML, Port's action JSON, Backstage
 * templates — whose location is their folder), `portico action list`, and `portico action run ID
 * --input k=v --wait`: a run from a script or a pipeline, its log followed, the exit code its outcome.
 */
export function registerActionCommands(program: Command): void {
  const action = program.command('action').description('self-service actions: apply definitions, list, run (for scripts and CI)');

  action.command('apply').argument('<files...>', 'JSON or YAML files (one or more documents each)')
    .description('create or replace actions; Backstage templates get their folder as location')
    .action(async (files: string[]) => {
      const client = clientFromEnv();
      for (const file of files) {
        const text = await readLocation(file);
        const documents = parseAllDocuments(text).map((d) => d.toJS() as unknown);
        for (const document of documents.flat()) {
          if (!document || typeof document !== 'object') continue;
          const doc = document as Record<string, unknown>;
          const template = doc.kind === 'Template' && doc.location === undefined;
          // A template's ./skeleton paths resolve against the folder it was read from (on the server's disk).
          const body = template ? { ...doc, location: /^https?:\/\//.test(file) ? file.replace(/\/[^/]*$/, '') : dirname(resolve(file)) } : doc;
          const result = await client.applyAction(body);
          process.stdout.write(`${result.created ? 'created' : 'updated'} ${result.action.identifier} (${result.action.operation}${result.action.blueprint ? ` on ${result.action.blueprint}` : ''}, ${result.action.invoker.type.toLowerCase()})\n`);
          for (const warning of result.warnings) process.stdout.write(`  warning ${warning.path}: ${warning.message}\n`);
          if (result.webhookSecret) process.stdout.write(`  webhook signing secret (shown once): ${result.webhookSecret}\n`);
        }
      }
    });

  action.command('list').option('--json', 'print as JSON').description('the actions you can see')
    .action(async (options: { json?: boolean }) => {
      const { actions } = await clientFromEnv().listActions();
      if (options.json) process.stdout.write(`${JSON.stringify(actions, null, 2)}\n`);
      else for (const a of actions) process.stdout.write(`${a.identifier}\t${a.operation}\t${a.blueprint ?? '-'}\t${a.title}\n`);
    });

  action.command('run').argument('<identifier>', 'the action')
    .option('--entity <identifier>', 'the entity a day-2 or delete action acts on')
    .option('--input <key=value>', 'an input (repeat it; JSON values are parsed)', parseInput, {})
    .option('--inputs-file <file>', 'inputs from a JSON or YAML file (--input values win)')
    .option('--wait', 'follow the log until the run ends; exit 0 on success, 2 otherwise')
    .option('--timeout <seconds>', 'stop waiting after this long (exit 3)', '3600')
    .option('--json', 'print the run as JSON')
    .description('run an action with its inputs checked by the server; with --wait, its outcome is the exit code')
    .action(async (identifier: string, options: { entity?: string; input: Record<string, unknown>; inputsFile?: string; wait?: boolean; timeout: string; json?: boolean }) => {
      const client = clientFromEnv();
      const fromFile = options.inputsFile ? (parseAllDocuments(await readLocation(options.inputsFile))[0]?.toJS() as Record<string, unknown> | undefined) ?? {} : {};
      let { run } = await client.runAction(identifier, { inputs: { ...fromFile, ...options.input }, ...(options.entity ? { entity: options.entity } : {}) });
      if (!options.json) process.stdout.write(`run ${run.id}: ${run.status}\n`);
      if (options.wait) run = await follow(run, Number(options.timeout) * 1000, !options.json);
      if (options.json) process.stdout.write(`${JSON.stringify(run, null, 2)}\n`);
      else if (options.wait) {
        process.stdout.write(`${run.status}${run.statusLabel ? ` (${run.statusLabel})` : ''}${run.error ? `: ${run.error}` : ''}\n`);
        for (const link of run.links) process.stdout.write(`  ${link}\n`);
      }
      if (options.wait && !ENDED.includes(run.status)) process.exitCode = 3;
      else if (options.wait && run.status !== 'SUCCESS') process.exitCode = 2;
    });
}

/** Polls the run and prints its new log lines until it ends or the time is up. */
async function follow(start: Run, timeoutMs: number, print: boolean): Promise<Run> {
  const client = clientFromEnv();
  const deadline = Date.now() + timeoutMs;
  let run = start;
  let after = '0';
  for (;;) {
    const { logs } = await client.runLogs(run.id, after);
    for (const line of logs) {
      if (print) process.stdout.write(`${line.at} ${line.level.padEnd(7)} ${line.message}\n`);
      after = line.id;
    }
    if (ENDED.includes(run.status) && logs.length === 0) return run;
    if (Date.now() > deadline) return run;
    if (logs.length === 0) await new Promise((r) => setTimeout(r, 500));
    run = (await client.getRun(run.id)).run;
  }
}
