// The command line's words for the inputs a fix is about (main/shared/inputs.ts): the flags and
// environment variables that change them. Typed over every input, so a new one must be worded.
import type { InputName } from '../shared/inputs';

export const CLI_INPUT_WORDS: Readonly<Record<InputName, string>> = {
  command: '--run <command>',
  resultsFiles: '--results <file>',
  exclude: '--exclude <pattern> (or a line in .reproignore)',
  allowSecret: '--allow-secret <path>',
  dataPointer: '--pointer <uri>=<path>',
  tolerance: '--tolerance <metric>=abs|rel:<value>',
  extras: '--extra <name>',
  requirementsFile: '--requirements <file>',
  browseRoots: 'Settings › Folder browser (the web mode only)',
  sampleDataset: 'create --sample <dataset>',
  privacyThreshold: 'synth --k <k>',
  preflightRuns: 'create --preflight --runs <n>',
  dataDir: '--data <folder>',
  dvcRemote: '--dvc-remote <dir>',
  useSample: 'replay --sample',
  runTimeout: '--timeout <seconds>',
  baseImage: '--base-image <ref>',
  trustKey: '--trust <public key file, bundle or fingerprint>',
  signingKey: '--key <private key file>',
  newKey: 'reprobundle keygen --name "Your Name"',
  keyFolder: 'keygen --out <folder>',
  passphrase: 'the REPROBUNDLE_PASSPHRASE environment variable',
  venue: '--venue <id>',
  maxSize: '--max-size <MB>',
  acceptOccurrence: '--accept <file:line> (repeatable)',
  acceptResidual: '--accept-residual',
  redactAll: '--redact-all',
  exportKind: 'export --for review',
  attestedBundle: '--bundle <file>',
  replayReport: 'the report.json that `reprobundle replay` wrote',
  output: '-o <file>',
  overwrite: '--force',
  port: '--port <n> (0 picks a free one)',
  dockerHost: 'the DOCKER_HOST environment variable',
  bundles: 'the bundles given to evaluate (a folder, a list file or bundle files)',
  freeze: '--freeze',
  rebuild: '--rebuild',
  workFolder: 'the REPROBUNDLE_WORK_DIR and REPROBUNDLE_CACHE_DIR environment variables',
};

export function cliWordsFor(inputs: readonly InputName[]): string | undefined {
  return inputs.length === 0 ? undefined : inputs.map((input) => CLI_INPUT_WORDS[input]).join('; ');
}
