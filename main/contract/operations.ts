// The typed contract between the UI and the engine: every operation the UI may ask for, with
// the schema of its request and response. The Electron preload (IPC) and the web client (HTTP)
// both implement `ReproBundleApi` from this one declaration, and both servers validate every
// payload against these schemas. Grow it here first when a UI feature needs a new operation.
import { z } from 'zod';
import { statementSchema } from '../shared/attestation';
import { diskUsageSchema, pruneResultSchema } from '../shared/disk-usage';
import { appInfoSchema, dockerStatusSchema } from '../shared/environment';
import { entrypointProposalSchema, environmentSchema, metricSchema, runnableCheckSchema } from '../shared/manifest';
import type { OperationError, ProgressEvent } from '../shared/messages';
import type { OperationName } from '../shared/operation-names';
import {
  bundleSummarySchema,
  fidelitySchema,
  keyInfoSchema,
  knownSignerSchema,
  recentBundleSchema,
  scanSummarySchema,
  browseRootsSchema,
  settingsSchema,
  synthReportSchema,
  toleranceOverrideSchema,
  verificationSchema,
} from '../shared/views';
import { evaluationRowSchema } from '../shared/evaluation';
import { replayReportSchema } from '../shared/replay-report';
import { frozenImageSchema } from '../shared/frozen-image';
import { checklistItemSchema, identityTermSchema, occurrenceSchema, rewriteSchema } from '../shared/submission';

export type { OperationName };

const noRequest = z.object({}).strict();

const localPath = z.string().min(1, 'a path is required').max(4096);
const optionalText = z.string().min(1).max(4096).optional();
const keyId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, dot, dash or underscore');
const passphrase = z.string().max(1024).optional();

/** What a bundle is made of: the Create wizard's answers (and the pre-flight draft's). */
const bundleContentSchema = z.object({
  projectDir: localPath,
  run: optionalText,
  results: z.array(z.string().min(1)).optional(),
  pointers: z.array(z.object({ uri: z.string().min(1), localPath: z.string().min(1) })).default([]),
  exclude: z.array(z.string().min(1)).default([]),
  allowSecrets: z.array(z.string().min(1)).default([]),
  tolerances: z.array(toleranceOverrideSchema).default([]),
  /** Extras of the project to install with it, among those the scan found. */
  extras: z.array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/)).default([]),
  /** The requirements file pip installs (project-relative), instead of the scan's choice. */
  requirements: optionalText,
  baseImage: optionalText,
  samples: z.array(z.string().min(1)).default([]),
  largeFileMB: z.number().positive().optional(),
  /** Record this machine's hardware. */
  hardware: z.boolean().default(true),
  /** A synthetic sample of every dataset the scan lists as possible. */
  sampleAll: z.boolean().default(false),
});

/** A private key file (PEM) to sign with instead of one kept in the keys folder. */
const keyFile = localPath.optional();

const signerSummarySchema = z.object({ name: z.string(), fingerprint: z.string(), fingerprintDisplay: z.string() });

/** `key` names the occurrence for `accepted` (file:line, or file). */
const keyedOccurrenceSchema = occurrenceSchema.extend({ key: z.string() });

/** Every UI operation: its request schema and its response schema. */
export const operations = {
  /** Name and version of the running app, and which front it is served through. */
  appInfo: {
    request: noRequest,
    response: appInfoSchema,
  },
  /** What the machine offers: is a Docker engine reachable, are base images there, is there a key. */
  environmentStatus: {
    request: noRequest,
    response: z.object({
      docker: dockerStatusSchema,
      /** The base images bundles are built from, and whether the engine has them. */
      baseImages: z.array(z.object({ ref: z.string(), present: z.boolean() })),
      key: keyInfoSchema.nullable(),
      checkedAt: z.iso.datetime(),
    }),
  },
  /** Server-side folder browser (web mode), confined to the user's home folder. */
  browseFolder: {
    request: z
      .object({ path: localPath.optional(), extensions: z.array(z.string().regex(/^\.[A-Za-z0-9.]+$/)).optional() })
      .strict(),
    response: z.object({
      path: z.string(),
      parent: z.string().nullable(),
      home: z.string(),
      /** Every folder the browser may open: home first, then those added in Settings. */
      roots: z.array(z.string()),
      entries: z.array(
        z.object({ name: z.string(), path: z.string(), kind: z.enum(['folder', 'file']), size: z.number().nullable() }),
      ),
      truncated: z.boolean(),
    }),
  },
  /** The desktop's native open/save dialogs; the web mode answers `not-available`. */
  nativeDialog: {
    request: z
      .object({
        purpose: z.enum([
          'project-folder',
          'data-folder',
          'open-bundle',
          'save-bundle',
          'save-report-html',
          'save-report-json',
          'import-key',
          'export-public-key',
          'pick-file',
        ]),
        defaultPath: localPath.optional(),
      })
      .strict(),
    response: z.object({ path: z.string().nullable() }),
  },
  /** A bundle the desktop was asked to open (double-click, command line), taken once. */
  takeLaunchFile: { request: noRequest, response: z.object({ file: z.string().nullable() }) },
  /** Everything the Create wizard shows: files, exclusions, secrets, data, params, environment, hardware, results. */
  scanProject: {
    request: z
      .object({
        projectDir: localPath,
        exclude: z.array(z.string().min(1)).default([]),
        /** Results files to read metrics from; default: those the scan proposes. */
        results: z.array(z.string().min(1)).optional(),
        largeFileMB: z.number().positive().optional(),
        hardware: z.boolean().default(true),
      })
      .strict(),
    response: scanSummarySchema,
  },
  /** The Dockerfile a bundle of this project would carry, with the base image it would pin. */
  previewDockerfile: {
    request: z
      .object({
        projectName: z.string().min(1),
        environment: environmentSchema,
        command: z.string().nullable(),
        baseImage: optionalText,
      })
      .strict(),
    response: z.object({
      dockerfile: z.string(),
      baseImage: z.object({
        ref: z.string(),
        digest: z.string().nullable(),
        source: z.string(),
        /** Whether the engine has it; null when no engine answered. */
        present: z.boolean().nullable(),
      }),
      /** The recipe plan in words: the primary recipe, what the author's own files do, files not installed. */
      plan: z.object({
        recipe: z.string().nullable(),
        authorSteps: z.array(z.string()),
        notInstalled: z.array(z.string()),
      }),
    }),
  },
  /** Size and SHA-256 of a local file (a data pointer's checksum), with progress in bytes. */
  hashFile: {
    request: z.object({ path: localPath }).strict(),
    response: z.object({ path: z.string(), size: z.number(), sha256: z.string() }),
  },
  /** Generates a synthetic sample of one dataset (into a scratch folder) to show its report. */
  synthesizeSample: {
    request: z
      .object({
        projectDir: localPath,
        dataset: z.string().min(1),
        rows: z.number().int().min(10).max(1_000_000).optional(),
      })
      .strict(),
    response: z.object({ dataset: z.string(), rows: z.number(), realRows: z.number(), fidelity: fidelitySchema }),
  },
  /** Writes a synthetic sample of any table, with its fidelity and privacy report (`reprobundle synth`). */
  synthesizeFile: {
    request: z
      .object({
        input: localPath,
        output: localPath,
        rows: z.number().int().positive().max(10_000_000).optional(),
        seed: z
          .number()
          .int()
          .min(0)
          .max(2 ** 32 - 1)
          .optional(),
        k: z.number().int().min(1).optional(),
        /** Also write the report here (JSON). */
        report: localPath.optional(),
        /** Replace existing files at `output` and `report` (never replaced otherwise). */
        overwrite: z.boolean().default(false),
      })
      .strict(),
    response: synthReportSchema,
  },
  /** Builds and runs a draft of the bundle in a container (N times), streaming logs. */
  preflightRun: {
    request: z
      .object({
        content: bundleContentSchema,
        runs: z.number().int().min(1).max(20),
        dataDir: localPath.optional(),
        /** A DVC remote on this machine (DVC's cache layout) to read pointed-to data from. */
        dvcRemoteDir: localPath.optional(),
      })
      .strict(),
    response: z.object({
      /** Hand to createBundle to record this run's results. */
      preflightId: z.string(),
      runs: z.number(),
      metrics: z.array(
        z.object({ file: z.string(), name: z.string(), value: z.union([z.string(), z.number(), z.boolean()]) }),
      ),
      varying: z.array(z.object({ name: z.string(), file: z.string(), min: z.number(), max: z.number() })),
      proposedTolerances: z.array(toleranceOverrideSchema),
      /** The proposed commands, checked in the built image without running them. */
      entrypoints: z.array(runnableCheckSchema),
    }),
  },
  /** Writes and signs the bundle. */
  createBundle: {
    request: z
      .object({
        content: bundleContentSchema,
        output: localPath,
        keyId: keyId.default('default'),
        keyFile,
        passphrase,
        /** Keep the unlocked key in the engine process until it stops (never written anywhere). */
        rememberPassphrase: z.boolean().default(false),
        preflightId: z.string().optional(),
        overwrite: z.boolean().default(false),
        /** Seconds since 1970 stamped on every entry, for a byte-identical bundle. */
        sourceDateEpoch: z.number().int().nonnegative().optional(),
        /** Build the replay image now and store it in the bundle, so it replays with no registry or index. */
        freeze: z.boolean().default(false),
      })
      .strict(),
    response: z.object({
      file: z.string(),
      bytes: z.number(),
      files: z.number(),
      signer: signerSummarySchema,
      entrypoint: entrypointProposalSchema.nullable(),
      metrics: z.array(metricSchema),
      /** Whether the engine has the base image (a replay elsewhere, or offline, must pull it otherwise); null: not asked. */
      baseImagePresent: z.boolean().nullable(),
      /** What the author should know about the write (the disk may be too small for it). */
      warnings: z.array(z.string()),
      /** The frozen image stored in the bundle (`freeze`), or null. */
      frozenImage: frozenImageSchema.nullable(),
      /** What else the bundle records, as the CLI summarises it. */
      summary: z.object({
        resultsFiles: z.array(z.string()),
        dataPointers: z.number(),
        exclusions: z.number(),
        secretOverrides: z.number(),
        samples: z.array(z.object({ dataset: z.string(), rows: z.number(), summary: z.string() })),
        preflight: z
          .object({
            runs: z.number(),
            varying: z.array(z.object({ name: z.string(), min: z.number(), max: z.number() })),
            entrypoints: z.array(runnableCheckSchema),
          })
          .nullable(),
      }),
    }),
  },
  listKeys: {
    request: noRequest,
    response: z.object({ keysDir: z.string(), keys: z.array(keyInfoSchema) }),
  },
  /** Drops every key whose passphrase the engine was asked to remember. */
  forgetPassphrases: {
    request: noRequest,
    response: z.object({ forgotten: z.number() }),
  },
  generateKey: {
    request: z
      .object({
        id: keyId.default('default'),
        name: z.string().trim().min(1, 'a signer name is required').max(200),
        passphrase,
        /** Keep the key in this folder instead of the keys folder. */
        dir: localPath.optional(),
        /** Replace an existing key there. */
        replace: z.boolean().default(false),
      })
      .strict(),
    response: keyInfoSchema,
  },
  /** Copies an existing Ed25519 private key (PEM) into the keys folder after checking it loads. */
  importKey: {
    request: z.object({ path: localPath, id: keyId, name: z.string().trim().min(1).max(200), passphrase }).strict(),
    response: keyInfoSchema,
  },
  exportPublicKey: {
    request: z.object({ id: keyId, output: localPath }).strict(),
    response: z.object({ file: z.string() }),
  },
  /** Checks a bundle: archive, signature, every file; the signer's trust; records it as recent. */
  verifyBundle: {
    request: z
      .object({
        file: localPath,
        /** Keys trusted for this check only: public key files, bundles or fingerprints. */
        trust: z.array(z.string().min(1)).default([]),
        /** Add it to the recent bundles (the Open screen does; a command-line check does not). */
        remember: z.boolean().default(true),
      })
      .strict(),
    response: verificationSchema,
  },
  /** What a bundle holds, from its manifest, without extracting or hashing its files. */
  inspectBundle: {
    request: z.object({ file: localPath }).strict(),
    response: bundleSummarySchema,
  },
  /**
   * One page of a bundle's file list (the views carry counts only: a bundle may hold 100,000s of
   * files). `filter` is part of a path, case-insensitive.
   */
  listBundleFiles: {
    request: z
      .object({
        file: localPath,
        filter: z.string().max(1000).default(''),
        offset: z.number().int().nonnegative().default(0),
        limit: z.number().int().min(1).max(1000).default(200),
      })
      .strict(),
    response: z.object({
      total: z.number().int().nonnegative(),
      matching: z.number().int().nonnegative(),
      offset: z.number().int().nonnegative(),
      files: z.array(
        z.object({ path: z.string(), size: z.number().nonnegative(), sha256: z.string(), executable: z.boolean() }),
      ),
    }),
  },
  /** One file of a bundle for the read-only viewer (text up to a limit; binary files are not shown). */
  readBundleEntry: {
    request: z.object({ file: localPath, entry: z.string().min(1) }).strict(),
    response: z.object({
      entry: z.string(),
      size: z.number(),
      kind: z.enum(['text', 'binary', 'too-large']),
      text: z.string().nullable(),
      limit: z.number(),
    }),
  },
  /** A synthetic sample's fidelity and privacy report, as the bundle carries it. */
  sampleReport: {
    request: z.object({ file: localPath, entry: z.string().min(1) }).strict(),
    response: z.object({ entry: z.string(), fidelity: fidelitySchema }),
  },
  listSigners: { request: noRequest, response: z.object({ signers: z.array(knownSignerSchema) }) },
  /** Trusts a signer from a bundle they signed or their public key file. */
  trustSigner: {
    request: z.object({ source: localPath, name: z.string().trim().min(1).max(200) }).strict(),
    response: knownSignerSchema,
  },
  /** Verify, extract, fetch data, build, run and compare; streams phases and log lines. */
  replayBundle: {
    request: z
      .object({
        file: localPath,
        dataDir: localPath.optional(),
        /** A DVC remote on this machine (DVC's cache layout): a bundle's own remote path is never read. */
        dvcRemoteDir: localPath.optional(),
        sample: z.boolean().default(false),
        network: z.boolean().default(false),
        cpus: z.number().positive().max(1024).optional(),
        memoryMB: z.number().int().min(64).optional(),
        timeoutSeconds: z.number().int().min(1).optional(),
        baseImage: optionalText,
        /** Let the build download packages over the engine's default network (never the host's). */
        buildNetwork: z.boolean().default(true),
        /** Build the bundle's own Dockerfile although it differs from the generated one (shown first). */
        useShippedDockerfile: z.boolean().default(false),
        /** A frozen bundle: build from the recipe instead of loading the author's frozen image. */
        rebuild: z.boolean().default(false),
        /** How much the run may write on this disk, in GB; default: the setting. */
        outputsQuotaGB: z.number().positive().max(1_000_000).optional(),
        /** Too-wide tolerances fail their metric; default: the setting. */
        strictTolerances: z.boolean().optional(),
        /** Keys the bundle must be signed by (else it is not built): key files, bundles or fingerprints. */
        trust: z.array(z.string().min(1)).default([]),
      })
      .strict(),
    response: z.object({
      reportId: z.string(),
      report: replayReportSchema,
      /** report.html and report.json in the replay's work folder, when it got one. */
      reportFiles: z.object({ html: z.string(), json: z.string() }).nullable(),
    }),
  },
  /**
   * Replays many bundles (a folder, a list file, bundle files), up to `jobs` at a time, writing
   * each report and summary.csv/json/html into `outDir`; resumes what was already evaluated.
   */
  evaluateBundles: {
    request: z
      .object({
        inputs: z.array(localPath).min(1, 'name the bundles: a folder, a list file or bundle files'),
        outDir: localPath,
        jobs: z.number().int().min(1).max(64).default(1),
        dataDir: localPath.optional(),
        baseImage: optionalText,
        cpus: z.number().positive().max(1024).optional(),
        memoryMB: z.number().int().min(64).optional(),
        timeoutSeconds: z.number().int().min(1).optional(),
        strictTolerances: z.boolean().optional(),
        /** local: the Docker-API engine in use; slurm: each replay a job of the Slurm cluster this machine submits to. */
        engine: z.enum(['local', 'slurm']).default('local'),
        slurm: z
          .object({
            partition: z.string().trim().min(1).optional(),
            /** Slurm's time limit per job, in minutes. */
            timeLimitMinutes: z.number().int().min(1).optional(),
          })
          .strict()
          .optional(),
      })
      .strict(),
    response: z.object({
      rows: z.array(evaluationRowSchema),
      summary: z.object({ csv: z.string(), json: z.string(), html: z.string() }),
    }),
  },
  /** Saves a replay's report (from this session) as HTML or JSON. */
  saveReplayReport: {
    request: z
      .object({
        reportId: z.string().min(1),
        format: z.enum(['html', 'json']),
        output: localPath,
        /** Replace an existing file at `output` (never replaced otherwise). */
        overwrite: z.boolean().default(false),
      })
      .strict(),
    response: z.object({ file: z.string() }),
  },
  /** The venue profiles an export can apply. */
  venues: {
    request: noRequest,
    response: z.object({
      venues: z.array(
        z.object({
          id: z.string(),
          name: z.string(),
          maxSizeMB: z.number().nullable(),
          formats: z.array(z.string()),
          anonymity: z.enum(['double-blind', 'single-blind', 'open']),
          doiRequired: z.boolean(),
          notes: z.string(),
        }),
      ),
    }),
  },
  /** The reproducibility checklist of a bundle, assessed from what it records. */
  assessBundle: {
    request: z.object({ file: localPath }).strict(),
    response: z.object({ title: z.string(), items: z.array(checklistItemSchema), markdown: z.string() }),
  },
  /** A copy for a paper submission: anonymised for review, or camera-ready. */
  exportBundle: {
    request: z
      .object({
        file: localPath,
        kind: z.enum(['review', 'camera-ready']),
        output: localPath,
        /** Replace an existing file at `output` (never replaced otherwise). */
        overwrite: z.boolean().default(false),
        venue: z.string().min(1).optional(),
        maxSizeMB: z.number().positive().optional(),
        /** Camera-ready: the key that signed the bundle. */
        keyId: keyId.default('default'),
        keyFile,
        passphrase,
        /** Keep the unlocked key in the engine process until it stops (never written anywhere). */
        rememberPassphrase: z.boolean().default(false),
        identity: z.array(z.string().trim().min(3)).default([]),
        residual: z.enum(['refuse', 'accept', 'redact']).default('refuse'),
        /** Occurrences kept knowingly, one by one: `file:line`, or `file`. */
        accepted: z.array(z.string().min(1)).default([]),
        /** Code lines rewritten too, one by one: `file:line`. */
        redact: z.array(z.string().min(1)).default([]),
        /** Review: write nothing; answer with every rewrite the copy would make and what would remain. */
        dryRun: z.boolean().default(false),
        /** Camera-ready: store the built replay image in the copy when the bundle has none. */
        freeze: z.boolean().default(false),
      })
      .strict(),
    response: z.discriminatedUnion('outcome', [
      z.object({
        outcome: z.literal('written'),
        file: z.string(),
        bytes: z.number(),
        kind: z.enum(['review', 'camera-ready']),
        venue: z.string().nullable(),
        venueName: z.string().nullable(),
        signer: z.object({ name: z.string(), fingerprint: z.string() }),
        commitment: z.string().nullable(),
        identity: z.array(identityTermSchema),
        redacted: z.array(z.object({ file: z.string(), count: z.number() })),
        residual: z.array(keyedOccurrenceSchema),
        rewrites: z.array(rewriteSchema),
        checklist: z.array(checklistItemSchema),
        citationMissing: z.array(z.string()),
        warnings: z.array(z.string()),
      }),
      /** Review copy refused: identity remains outside the documentation; the author decides. */
      z.object({ outcome: z.literal('identity-remains'), occurrences: z.array(keyedOccurrenceSchema) }),
      /** A dry run: nothing written. */
      z.object({
        outcome: z.literal('dry-run'),
        rewrites: z.array(rewriteSchema),
        residual: z.array(keyedOccurrenceSchema),
        warnings: z.array(z.string()),
      }),
    ]),
  },
  /** Signs what a replay of this session found: an in-toto attestation in a DSSE envelope. */
  attestReplay: {
    request: z
      .object({
        /** A replay of this session, or a report.json a replay wrote. */
        reportId: z.string().min(1).optional(),
        reportFile: localPath.optional(),
        /** The replayed bundle, when it moved since the replay. */
        bundle: localPath.optional(),
        keyId: keyId.default('default'),
        keyFile,
        passphrase,
        /** Keep the unlocked key in the engine process until it stops (never written anywhere). */
        rememberPassphrase: z.boolean().default(false),
        output: localPath,
        /** Replace an existing file at `output` (never replaced otherwise). */
        overwrite: z.boolean().default(false),
      })
      .strict()
      .refine((request) => (request.reportId === undefined) !== (request.reportFile === undefined), {
        message: 'give the replay: either reportId or reportFile',
      }),
    response: z.object({
      file: z.string(),
      verdict: z.string(),
      subject: z.object({ name: z.string(), sha256: z.string() }),
      attester: signerSummarySchema,
      statement: statementSchema,
    }),
  },
  /** Checks an attestation against a bundle (or the camera-ready copy of the one attested). */
  verifyAttestation: {
    request: z.object({ file: localPath, bundle: localPath }).strict(),
    response: z.object({
      valid: z.boolean(),
      problems: z.array(z.string()),
      link: z.enum(['same-bundle', 'review-copy']).nullable(),
      verdict: z.string().nullable(),
      attester: z.object({ name: z.string(), fingerprintDisplay: z.string(), trust: z.string() }).nullable(),
      /** The statement, when its signature verified. */
      statement: statementSchema.nullable(),
    }),
  },
  /** What replays left on disk: work folders (with their reports), uploads, replay images. */
  diskUsage: {
    request: noRequest,
    response: diskUsageSchema,
  },
  /** Removes what is older than the given age (folders, and replay images when asked). */
  pruneDiskSpace: {
    request: z
      .object({
        olderThanDays: z.number().min(0).max(36500),
        images: z.boolean().default(false),
        /** Say what would be removed, remove nothing. */
        dryRun: z.boolean().default(false),
      })
      .strict(),
    response: pruneResultSchema,
  },
  getSettings: { request: noRequest, response: settingsSchema },
  /** Saves the settings; `browseRoots` left out keeps the folders already added. */
  saveSettings: {
    request: settingsSchema.extend({ browseRoots: browseRootsSchema.optional() }),
    response: settingsSchema,
  },
  recentBundles: { request: noRequest, response: z.object({ bundles: z.array(recentBundleSchema) }) },
} as const satisfies Record<OperationName, { request: z.ZodType; response: z.ZodType }>;

export type OperationRequest<O extends OperationName> = z.input<(typeof operations)[O]['request']>;
/** A request after validation, defaults filled in: what the handlers receive. */
export type ValidatedRequest<O extends OperationName> = z.output<(typeof operations)[O]['request']>;
export type OperationResponse<O extends OperationName> = z.output<(typeof operations)[O]['response']>;

/** The result of one call as a transport delivers it: never thrown, always one of these. */
export type CallOutcome<T> = { ok: true; value: T } | { ok: false; error: OperationError };

/** One call in flight on a transport: its eventual outcome, and a way to cancel it. */
export interface CallHandle<T> {
  outcome: Promise<CallOutcome<T>>;
  cancel: () => void;
}

export interface CallHooks {
  onProgress?: (event: ProgressEvent) => void;
}

/**
 * What a transport offers: one function per operation. The Electron preload exposes this as
 * `window.reprobundle` (only clonable values and functions cross contextBridge, so no
 * AbortSignal and no error classes); the web client implements it over HTTP.
 */
export type ReproBundleBridge = {
  readonly [O in OperationName]: (request: OperationRequest<O>, hooks?: CallHooks) => CallHandle<OperationResponse<O>>;
};

/** Options every API call accepts: a progress listener and a signal that cancels the operation. */
export interface CallOptions {
  onProgress?: (event: ProgressEvent) => void;
  signal?: AbortSignal;
}

/** The API the renderer programs against, built on either bridge: failures are thrown. */
export type ReproBundleApi = {
  readonly [O in OperationName]: (request: OperationRequest<O>, options?: CallOptions) => Promise<OperationResponse<O>>;
};
