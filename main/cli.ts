// The `reprobundle` command: a thin front over the same operations the UI calls (main/cli/).
import { buildProgram } from './cli/program';
import { runCli } from './cli/run';

await runCli(buildProgram(), process.argv);
