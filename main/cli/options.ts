// Validates a command's options (as commander parsed them) against a schema, so every command
// works with typed, checked values and every bad option gets the same clear error.
import { z } from 'zod';
import { usageError } from './run';

export function parseOptions<S extends z.ZodType>(command: string, schema: S, raw: unknown): z.output<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    // The option's name; array indexes (the 2nd --pointer) are not part of it.
    const name = issue.path.filter((part) => typeof part === 'string').join('.');
    const option = name === '' ? 'options' : `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    return `${option}: ${issue.message}`;
  });
  throw usageError(
    'invalid-option',
    `Invalid option for \`reprobundle ${command}\`: ${problems.join('; ')}`,
    `Run \`reprobundle ${command} --help\` to see the accepted values.`,
  );
}

/** A TCP port given on the command line; 0 means "any free port". */
export const portSchema = z.coerce
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .min(0, 'must be between 0 and 65535')
  .max(65535, 'must be between 0 and 65535');

/** Commander accumulator for options that may be given several times (`--exclude a --exclude b`). */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Passphrase for an encrypted key: only from the environment, never from the command line (shell history). */
export function passphraseFromEnv(): string | undefined {
  const value = process.env['REPROBUNDLE_PASSPHRASE'];
  return value === undefined || value === '' ? undefined : value;
}

export const megabytesSchema = z.coerce.number({ error: 'must be a number' }).positive('must be more than 0');
