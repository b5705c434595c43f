// The `reprobundle` command line: every command, registered on one commander program. Each
// command lives in main/cli/commands/, validates its options with a schema, and calls
// operations through the engine host (main/cli/engine.ts).
import { Command } from 'commander';
import packageJson from '../../package.json' with { type: 'json' };
import { registerAttest } from './commands/attest';
import { registerClean } from './commands/clean';
import { registerCreate } from './commands/create';
import { registerExport } from './commands/export';
import { registerInspect } from './commands/inspect';
import { registerKeygen } from './commands/keygen';
import { registerReplay } from './commands/replay';
import { registerEvaluate } from './commands/evaluate';
import { registerScan } from './commands/scan';
import { registerServe } from './commands/serve';
import { registerStatus } from './commands/status';
import { registerSynth } from './commands/synth';
import { registerTrust } from './commands/trust';
import { registerVerify } from './commands/verify';

/** The `reprobundle` program with every command registered; parsing it runs the command. */
export function buildProgram(): Command {
  const program = new Command()
    .name('reprobundle')
    .description('Pack a research result into one signed bundle, and replay bundles in a container.')
    .version(packageJson.version, '-v, --version')
    .showHelpAfterError();

  registerScan(program);
  registerCreate(program);
  registerVerify(program);
  registerInspect(program);
  registerReplay(program);
  registerEvaluate(program);
  registerExport(program);
  registerAttest(program);
  registerSynth(program);
  registerKeygen(program);
  registerTrust(program);
  registerServe(program);
  registerClean(program);
  registerStatus(program);
  return program;
}
