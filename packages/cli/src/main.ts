import { Command } from 'commander';
import { PorticoApiError } from '@portico/client';
import { loadConfig, serve } from '@portico/server';
import { registerCatalogCommands } from './commands/catalog-commands.ts';
import { registerImportCommand } from './commands/import-command.ts';
import { registerTokenCommands } from './commands/token-commands.ts';
import { registerScorecardCommands } from './commands/scorecard-commands.ts';
import { registerActionCommands } from './commands/action-commands.ts';

const program = new Command();
program.name('portico').description('Portico, the internal developer portal').showHelpAfterError();

program.command('serve').description('run the portal (API and UI) on PORT/HOST, with the embedded database unless DATABASE_URL is set')
  .option('--port <port>', 'port to listen on').option('--host <host>', 'address to listen on')
  .action(async (options: { port?: string; host?: string }) => {
    const config = loadConfig({ ...process.env, ...(options.port ? { PORT: options.port } : {}), ...(options.host ? { HOST: options.host } : {}) });
    await serve(config);
  });
registerImportCommand(program);
registerCatalogCommands(program);
registerTokenCommands(program);
registerScorecardCommands(program);
registerActionCommands(program);

program.parseAsync().catch((error: unknown) => {
  if (error instanceof PorticoApiError) {
    process.stderr.write(`error: ${error.message}\n`);
    for (const detail of error.details.slice(0, 20)) process.stderr.write(`  ${detail.path || '/'}: ${detail.message}\n`);
  } else {
    process.stderr.write(`error: ${(error as Error).message}\n`);
  }
  process.exit(1);
});
