// The `reprobundle` command: a thin front over the same operations the UI calls (main/cli/).
import { tuneHeap } from './handlers/heap-tuning';
import { buildProgram } from './cli/program';
import { runCli } from './cli/run';

tuneHeap();
await runCli(buildProgram(), process.argv);
