// `reprobundle serve`: the web mode. Serves the built UI and the contract on 127.0.0.1 with a
// per-launch token and prints the URL to open (or opens it with --open).
import { spawn } from 'node:child_process';
import { access } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { z } from 'zod';
import { errorMessage } from '../../shared/error-text';
import { reportStrayFailures } from '../../handlers/stray-failures';
import { OperationFailure } from '../../shared/operation-failure';
import { startServer } from '../../server/server';
import { engineHost } from '../engine';
import { parseOptions, portSchema } from '../options';
import { err, out } from '../output';

const serveOptionsSchema = z.object({
  port: portSchema.default(0),
  open: z.boolean().default(false),
});

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description(
      'Serve the ReproBundle UI on 127.0.0.1 for a browser (e.g. on a remote GPU box, through a forwarded port).',
    )
    .option('-p, --port <port>', 'port to listen on; 0 picks a free one', '0')
    .option('--open', 'open the URL in the default browser')
    .action(async (raw: unknown) => {
      const options = parseOptions('serve', serveOptionsSchema, raw);
      await serve(options);
    });
}

async function serve(options: z.output<typeof serveOptionsSchema>): Promise<void> {
  const rendererDir = builtRendererDir();
  try {
    await access(path.join(rendererDir, 'index.html'));
  } catch {
    throw new OperationFailure({
      code: 'renderer-not-built',
      message: `The user interface is not built: ${path.join(rendererDir, 'index.html')} is missing.`,
      fix: 'Run `npm run build` in the ReproBundle folder, then try again.',
      file: rendererDir,
    });
  }

  // A failure that escaped its operation is logged with a tag; the server keeps answering.
  reportStrayFailures((line) => err(`${line}\n`));
  const host = engineHost();
  const server = await startServer({
    handlers: host.handlers,
    rendererDir,
    port: options.port,
    upload: { dir: await host.uploadsDir() },
  }).catch((error: unknown) => {
    if ((error as { code?: unknown }).code !== 'EADDRINUSE') throw error;
    throw new OperationFailure({
      code: 'port-in-use',
      message: `Port ${options.port} on 127.0.0.1 is already in use.`,
      fix: 'Pick another port with --port, or --port 0 for any free one.',
    });
  });

  out(`ReproBundle is serving on 127.0.0.1 only. Open this URL in a browser:\n\n    ${server.url}\n\n`);
  out("The token in the URL is this launch's password: do not share it. Press Ctrl+C to stop.\n");
  if (options.open) openInBrowser(server.url);

  await new Promise<void>((resolve) => {
    const stop = (): void => {
      out('Stopping…\n');
      void server.close().finally(resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

/** out/main/cli.js serves out/renderer/. */
function builtRendererDir(): string {
  return path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'renderer');
}

function openInBrowser(url: string): void {
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url]]
        : ['xdg-open', [url]];
  const child = spawn(command, args, { stdio: 'ignore', detached: true });
  child.on('error', (error) => {
    err(`Could not open a browser (${errorMessage(error)}); open the URL above by hand.\n`);
  });
  child.unref();
}
