// The `reprobundle` command: a thin front over the same handlers the UI uses. Each command
// lives in main/cli/commands/ and validates its options with a schema before doing anything.
import { Command } from 'commander';
import { APP_VERSION } from './core/app-info';
import { registerServe } from './cli/commands/serve';
import { registerStatus } from './cli/commands/status';
import { runCli } from './cli/run';

const program = new Command()
  .name('reprobundle')
  .description('Pack a research result into one signed bundle, and replay bundles in a container.')
  .version(APP_VERSION, '-v, --version')
  .showHelpAfterError();

registerServe(program);
registerStatus(program);

await runCli(program, process.argv);
