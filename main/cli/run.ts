// Runs a commander program and turns failures into a clear message and an exit code, never a
// stack trace: an operation's failure prints its message, file and fix (with the flags the fix
// is about); anything else is reported as a bug.
import { CommanderError, type Command } from 'commander';
import { errorMessage } from '../shared/error-text';
import { OperationFailure } from '../shared/operation-failure';
import { cliWordsFor } from './input-words';
import { err } from './output';

/** Exit statuses of every command; `noDocker` is replay's (no engine answers). */
export const EXIT = { ok: 0, failure: 1, usage: 2, noDocker: 3, cancelled: 130 } as const;

export async function runCli(program: Command, argv: readonly string[]): Promise<void> {
  // Subcommands do not inherit exitOverride when they were added before it was set: apply it to all.
  const everyCommand = (command: Command): Command[] => [command, ...command.commands.flatMap(everyCommand)];
  for (const command of everyCommand(program)) command.exitOverride();
  try {
    await program.parseAsync([...argv]);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander already printed help, the version or the usage error.
      process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
      return;
    }
    if (error instanceof OperationFailure && error.code === 'cancelled') {
      err('Cancelled; nothing was left behind.\n');
      process.exitCode = EXIT.cancelled;
      return;
    }
    err(formatError(error));
    process.exitCode = error instanceof OperationFailure && error.kind === 'usage' ? EXIT.usage : EXIT.failure;
  }
}

export function formatError(error: unknown): string {
  if (error instanceof OperationFailure && error.code !== 'internal') {
    const lines = [`error: ${error.message}`];
    if (error.file !== undefined) lines.push(`  file: ${error.file}`);
    if (error.fix !== undefined) lines.push(`  fix:  ${error.fix}`);
    const words = cliWordsFor(error.inputs);
    if (words !== undefined) lines.push(`  with: ${words}`);
    return `${lines.join('\n')}\n`;
  }
  return `error: unexpected failure: ${errorMessage(error)}\n  fix:  this is a bug in ReproBundle; please report it with this message.\n`;
}

/** A failure of the command line itself (a bad option): exits 2. */
export function usageError(code: string, message: string, fix: string): OperationFailure {
  return new OperationFailure({ code, kind: 'usage', message, fix });
}
