// The GUI's words for the inputs a fix is about (main/shared/inputs.ts): the screen and control
// that changes each one. Typed over every input, so a new one must be worded here too.
import type { InputName } from '../../main/shared/inputs';

export const GUI_INPUT_WORDS: Readonly<Record<InputName, string>> = {
  command: 'Create › Run: “Command that reproduces the result”',
  resultsFiles: 'Create › Run: “Results files”',
  exclude: 'Create › Files: “Leave out” (or a line in .reproignore)',
  allowSecret: 'Create › Files: “Not a secret: keep”',
  dataPointer: 'Create › Data: “Add a data pointer”',
  tolerance: 'Create › Run: the metric’s tolerances',
  extras: 'Create › Environment: “Extras to install”',
  requirementsFile: 'Create › Environment: “Requirements file pip installs”',
  browseRoots: 'Settings › Folder browser: “Add a folder”',
  sampleDataset: 'Create › Samples: the datasets to sample',
  privacyThreshold: 'the sample’s rare-category threshold',
  preflightRuns: 'Create › Run: “Pre-flight” runs',
  dataDir: 'Replay: “Data folder”',
  dvcRemote: 'a local DVC remote (only on the command line for now)',
  useSample: 'Replay: the synthetic sample instead of the real data',
  runTimeout: 'Replay: “Time limit (seconds)”',
  baseImage: 'the base image (Create › Environment, or Replay options)',
  trustKey: 'Open: “Trust this signer”, or Settings › Signers',
  signingKey: 'Create › Sign: “Sign with”, or Settings › Keys',
  newKey: 'Settings › Keys: “Create your signing key”',
  keyFolder: 'Settings › Keys: “Short name for the key”',
  passphrase: 'the key’s passphrase, where the key is chosen',
  venue: 'Submission: “Venue”',
  maxSize: 'Submission: “Size limit in MB”',
  acceptOccurrence: 'Submission: keep each occurrence knowingly',
  acceptResidual: 'Submission: keep them all knowingly',
  redactAll: 'Submission: “Replace them in the code too”',
  exportKind: 'Submission: a review copy',
  attestedBundle: 'the bundle the attestation is checked against',
  replayReport: 'a replay of this session (replay the bundle again)',
  output: 'where to save',
  overwrite: '“Replace it if the file exists”',
  port: 'the port `reprobundle serve` listens on',
  dockerHost: 'Settings: “Docker host”',
  bundles: '“Bundles to evaluate”',
  freeze: '“Freeze the replay image into the bundle”',
  rebuild: '“Build the image from the recipe instead of running the author’s frozen image”',
  workFolder: 'the work folder (set where the app or `reprobundle serve` is started)',
};

export function guiWordsFor(inputs: readonly InputName[]): string | undefined {
  return inputs.length === 0 ? undefined : inputs.map((input) => GUI_INPUT_WORDS[input]).join('; ');
}
