// The `reprobundle` command: a thin front over the same handlers the UI uses. Each command
// lives in main/cli/commands/ and validates its options with a schema before doing anything.
import { Command } from 'commander';
import { APP_VERSION } from './core/app-info';
import { registerAttest } from './cli/commands/attest';
import { registerClean } from './cli/commands/clean';
import { registerCreate } from './cli/commands/create';
import { registerExport } from './cli/commands/export';
import { registerInspect } from './cli/commands/inspect';
import { registerKeygen } from './cli/commands/keygen';
import { registerReplay } from './cli/commands/replay';
import { registerScan } from './cli/commands/scan';
import { registerServe } from './cli/commands/serve';
import { registerStatus } from './cli/commands/status';
import { registerSynth } from './cli/commands/synth';
import { registerTrust } from './cli/commands/trust';
import { registerVerify } from './cli/commands/verify';
import { runCli } from './cli/run';

const program = new Command()
  .name('reprobundle')
  .description('Pack a research result into one signed bundle, and replay bundles in a container.')
  .version(APP_VERSION, '-v, --version')
  .showHelpAfterError();

registerScan(program);
registerCreate(program);
registerVerify(program);
registerInspect(program);
registerReplay(program);
registerExport(program);
registerAttest(program);
registerSynth(program);
registerKeygen(program);
registerTrust(program);
registerServe(program);
registerClean(program);
registerStatus(program);

await runCli(program, process.argv);
