import type { Command } from 'commander';
import { clientFromEnv, fail } from '../context.ts';

interface CheckResult {
  passed: boolean;
  level: string;
  minLevel: string;
  failing: { identifier: string; title: string; level: string; failures: { message: string }[] }[];
}

/**
 * `portico scorecard check <blueprint>/<identifier> --scorecard X --min-level Silver`: the CI gate.
 * Exits 0 when the entity stands on the level, 2 when it does not (1 stays for errors), printing
 * each failing rule and why.
 */
export function registerScorecardCommands(program: Command): void {
  const scorecard = program.command('scorecard').description('scorecards: check an entity against a level (for CI)');
  scorecard.command('check').argument('<entity>', 'blueprint/identifier, e.g. service/checkout')
    .requiredOption('--scorecard <identifier>', 'the scorecard to check against')
    .option('--min-level <level>', 'the level to reach (default: the top level)')
    .option('--json', 'print the result as JSON')
    .description('exit non-zero unless the entity reaches the level; failing rules are listed with reasons')
    .action(async (entity: string, options: { scorecard: string; minLevel?: string; json?: boolean }) => {
      const slash = entity.indexOf('/');
      if (slash <= 0 || slash === entity.length - 1) fail(`"${entity}" is not blueprint/identifier (e.g. service/checkout)`);
      const blueprint = entity.slice(0, slash);
      const identifier = entity.slice(slash + 1);
      const query = options.minLevel ? `?minLevel=${encodeURIComponent(options.minLevel)}` : '';
      const result = await clientFromEnv().request<CheckResult>('GET',
        `/api/v1/blueprints/${encodeURIComponent(blueprint)}/entities/${encodeURIComponent(identifier)}/scorecards/${encodeURIComponent(options.scorecard)}/check${query}`);
      if (options.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else if (result.passed) process.stdout.write(`✔ ${entity} is ${result.level} on ${options.scorecard} (needs ${result.minLevel})\n`);
      else {
        process.stdout.write(`✘ ${entity} is ${result.level} on ${options.scorecard}; it needs ${result.minLevel}. Failing rules:\n`);
        for (const rule of result.failing) {
          process.stdout.write(`  - [${rule.level}] ${rule.title} (${rule.identifier})\n`);
          for (const failure of rule.failures) process.stdout.write(`      ${failure.message}\n`);
        }
      }
      if (!result.passed) process.exitCode = 2;
    });
}
