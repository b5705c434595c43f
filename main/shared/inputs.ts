// The inputs a user can change to fix a problem, named once for every front. The engine speaks
// neutrally: an error says in plain words what to do and lists the inputs concerned; each front
// words them its own way (the CLI names its flags and environment variables, main/cli/input-words.ts;
// the GUI names its controls, renderer/src/input-words.ts). Both are typed over this list, so an
// input added here must be worded by both.

export const INPUT_NAMES = [
  /** The command that reproduces the result. */
  'command',
  /** The files holding the results (metrics). */
  'resultsFiles',
  /** Patterns of files to leave out of the bundle. */
  'exclude',
  /** A file that looks like a secret, kept knowingly. */
  'allowSecret',
  /** Data kept outside the bundle: where to get it and where the project reads it. */
  'dataPointer',
  /** How far a replayed metric may differ from the recorded one. */
  'tolerance',
  /** Extras of the project installed with it (pyproject's optional dependencies). */
  'extras',
  /** The requirements file pip installs. */
  'requirementsFile',
  /** Folders the web mode's folder browser may open besides home. */
  'browseRoots',
  /** A dataset to ship a synthetic sample of. */
  'sampleDataset',
  /** The rare-category threshold of a synthetic sample (k). */
  'privacyThreshold',
  /** How many times the pre-flight runs. */
  'preflightRuns',
  /** A local folder holding the data kept outside the bundle. */
  'dataDir',
  /** A DVC remote on this machine to read pointed-to data from. */
  'dvcRemote',
  /** Replaying on the bundle's synthetic sample instead of the real data. */
  'useSample',
  /** How long a replay's run may take. */
  'runTimeout',
  /** The base image the replay image is built from. */
  'baseImage',
  /** A signer's key trusted for one check. */
  'trustKey',
  /** The signing key to use. */
  'signingKey',
  /** Creating a new signing key. */
  'newKey',
  /** Where a new signing key is kept. */
  'keyFolder',
  /** The passphrase of an encrypted key. */
  'passphrase',
  /** The venue an export is for. */
  'venue',
  /** The size limit of an export. */
  'maxSize',
  /** One occurrence of identity kept knowingly in a review copy. */
  'acceptOccurrence',
  /** Every occurrence of identity kept knowingly. */
  'acceptResidual',
  /** Occurrences of identity replaced in the code too. */
  'redactAll',
  /** Which copy an export makes (review or camera-ready). */
  'exportKind',
  /** The bundle an attestation is checked against. */
  'attestedBundle',
  /** A replay's report. */
  'replayReport',
  /** Where to write the output. */
  'output',
  /** Replacing an existing output file. */
  'overwrite',
  /** The port the web mode listens on. */
  'port',
  /** Where replays, pre-flights and downloads are kept (the work and cache folders). */
  'workFolder',
  /** The Docker engine to use. */
  'dockerHost',
  /** The bundles a batch evaluation replays (a folder, a list, bundle files). */
  'bundles',
  /** Storing the built replay image in the bundle (a frozen bundle). */
  'freeze',
  /** Building a frozen bundle's image from its recipe instead of loading the frozen image. */
  'rebuild',
] as const;

export type InputName = (typeof INPUT_NAMES)[number];
