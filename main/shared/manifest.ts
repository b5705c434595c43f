// The bundle manifest (bundle.json): a versioned schema that lists every file with its size,
// SHA-256 and exec bit, and holds everything the scan collected. Verification parses exactly
// the bytes that were signed, with this schema, and nothing else.
import { z } from 'zod';
import { dataUriProblem, pathProblem, SAMPLES_FOLDER } from './bundle-path';
import { DOCKERFILE_NAME, FILE_LIST_NAME, fileCounts } from './layout';
import { frozenImageSchema } from './frozen-image';
import { FileTable } from './file-table';

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'a lowercase hex SHA-256');

/** A string refused, with the reason and the value, when `problemOf` finds one. */
function checkedString(problemOf: (value: string) => string | undefined): z.ZodString {
  return z.string().superRefine((value, context) => {
    const problem = problemOf(value);
    if (problem !== undefined) context.addIssue({ code: 'custom', message: `${JSON.stringify(value)}: ${problem}` });
  });
}

/**
 * A path inside the project or the bundle (shared/bundle-path.ts): relative, normalised, plain
 * segments. A manifest with any other path is refused when it is parsed, naming the field.
 */
export const relativePathSchema = checkedString((value) => pathProblem(value));

/** A folder left out of a bundle is recorded with a trailing slash; otherwise the same rules. */
const excludedPathSchema = checkedString((value) => pathProblem(value.endsWith('/') ? value.slice(0, -1) : value));

/** A synthetic sample or its report: an archive entry under samples/. */
const samplePathSchema = relativePathSchema.refine((value) => value.startsWith(SAMPLES_FOLDER), {
  message: `must be under ${SAMPLES_FOLDER}`,
});

/** Where data is fetched from: a URL with an allowed scheme, never a path on the reviewer's disk. */
const dataUriSchema = checkedString(dataUriProblem);
const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const manifestFileSchema = z.object({
  path: relativePathSchema,
  size: z.number().int().nonnegative(),
  sha256: sha256Hex,
  executable: z.boolean(),
});
export type ManifestFile = z.infer<typeof manifestFileSchema>;

export const gitInfoSchema = z.object({
  commit: z.string().nullable(),
  branch: z.string().nullable(),
  /** Credentials are removed from the URL. */
  remote: z.string().nullable(),
  /** Uncommitted changes, as `git status --porcelain` codes, relative to the project folder. */
  changes: z.array(z.object({ path: relativePathSchema, status: z.string() })),
  /** Who committed the recorded history (CITATION.cff; removed from review copies). Absent in older bundles. */
  authors: z.array(z.object({ name: z.string(), email: z.string() })).optional(),
});
export type GitInfo = z.infer<typeof gitInfoSchema>;

export const dataPointerSchema = z.object({
  /** Where the project expects the data, relative to the project folder. */
  path: relativePathSchema,
  /** Where to fetch it (https, s3, …: DATA_URI_SCHEMES); null when only the checksum is known. */
  uri: dataUriSchema.nullable(),
  size: z.number().int().nonnegative().nullable(),
  sha256: sha256Hex.nullable(),
  /** DVC's own hash (md5, `.dir` for directories), when the pointer comes from DVC. */
  md5: z.string().nullable(),
  nfiles: z.number().int().nonnegative().nullable(),
  isDirectory: z.boolean(),
  source: z.enum(['dvc-file', 'dvc-lock', 'large-file', 'git-lfs', 'user']),
  /** The file that declared it (a .dvc file, dvc.lock), if any. */
  declaredIn: relativePathSchema.nullable(),
  /**
   * DVC remote name and URL the data can be pulled from. A local folder is a hint for the reviewer,
   * never read on the manifest's say-so.
   */
  remote: z
    .object({
      name: z.string(),
      url: z.string(),
      /** An S3-compatible store's endpoint (`endpointurl` in `.dvc/config`), when set. */
      endpointUrl: z.string().optional(),
    })
    .nullable(),
});
export type DataPointer = z.infer<typeof dataPointerSchema>;

export const paramValueSchema = z.object({ file: relativePathSchema, key: z.string(), value: scalar });
export type ParamValue = z.infer<typeof paramValueSchema>;

export const findingSchema = z.object({
  severity: z.enum(['error', 'warning', 'info']),
  code: z.string(),
  message: z.string(),
  file: relativePathSchema.nullable(),
  line: z.number().int().positive().nullable(),
  fix: z.string().nullable(),
});
export type Finding = z.infer<typeof findingSchema>;

export const environmentSchema = z.object({
  files: z.array(z.object({ path: relativePathSchema, kind: z.string() })),
  runtimes: z.array(z.object({ language: z.string(), version: z.string(), source: z.string() })),
  findings: z.array(findingSchema),
  /**
   * What the scan decided for the Dockerfile generator (version 2 on), so the generator reads
   * the manifest alone. Absent in bundles made before it was recorded.
   */
  build: z
    .object({
      /** The Python minor version the image has, and why (an exact pin, a range met by the author's interpreter, …). */
      python: z.object({ version: z.string().regex(/^\d+\.\d+$/), source: z.string() }).nullable(),
      /** The requirements file pip installs, when pip is the installer. */
      requirements: relativePathSchema.nullable(),
      /** The project is a Python package (setup.py, setup.cfg, pyproject's [project]): installed from its copy. */
      installProject: z.boolean(),
      /** The conda environment file (environment.yml, MLproject's conda_env), when conda is the installer. */
      conda: relativePathSchema.nullable(),
      /** Extras of the project (uv, pyproject) installed with it: the author's choice (`create --extra`). */
      extras: z.array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/)),
      /** The extras the project offers (pyproject's optional-dependencies, poetry's extras), for the author to choose from. */
      extrasAvailable: z.array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/)).optional(),
      /**
       * The project's own Dockerfile (generator version 3 on; only `Dockerfile` at the project's
       * top): built first, from the project's files, as the author's stage the replay layer
       * starts from; it replaces every other recipe. Absent or null: none.
       */
      /**
       * The versions the interpreter that ran the experiment had, for the distributions a loose
       * requirements file reaches (generator version 3 on: pip installs with them as constraints;
       * exact pins are never constrained). Absent: none.
       */
      constraints: z
        .array(
          z.object({
            name: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/),
            version: z.string().regex(/^[A-Za-z0-9.+!_-]+$/),
          }),
        )
        .max(5000)
        .optional(),
      dockerfile: z
        .object({
          path: z.literal('Dockerfile'),
          /** The image its last stage starts from, as written (shown; pinned by the author's file, not by ReproBundle). */
          from: z.string().max(512),
        })
        .nullable()
        .optional(),
    })
    .optional(),
  /**
   * What the interpreter that ran the experiment had installed (name and version only, never a
   * local path), so a reviewer can see it. Absent in bundles made before it was recorded.
   */
  installed: z
    .object({
      python: z.string(),
      source: z.string(),
      distributions: z.array(z.object({ name: z.string(), version: z.string() })),
    })
    .nullable()
    .optional(),
});
export type EnvironmentInfo = z.infer<typeof environmentSchema>;

export const hardwareSchema = z.object({
  cpu: z.object({
    manufacturer: z.string(),
    model: z.string(),
    cores: z.number().int(),
    physicalCores: z.number().int(),
    speedGHz: z.number().nullable(),
    /** The instruction-set extensions that matter for numeric code (AVX, AVX-512, FMA, NEON…). */
    flags: z.array(z.string()),
  }),
  memoryBytes: z.number().int().nonnegative(),
  gpus: z.array(
    z.object({
      vendor: z.string(),
      model: z.string(),
      vramMB: z.number().nullable(),
      driver: z.string().nullable(),
    }),
  ),
  os: z.object({
    platform: z.string(),
    distro: z.string(),
    release: z.string(),
    kernel: z.string(),
    arch: z.string(),
    hostname: z.string(),
  }),
  cuda: z.object({ driver: z.string().nullable(), version: z.string().nullable() }).nullable(),
  python: z.string().nullable(),
});
export type HardwareInfo = z.infer<typeof hardwareSchema>;

export const toleranceSchema = z.object({
  absolute: z.number().nonnegative(),
  relative: z.number().nonnegative(),
});
export type Tolerance = z.infer<typeof toleranceSchema>;

/**
 * Where a metric is read from (format v2; every v1 metric is `file`). `file`: a JSON, YAML or
 * CSV results file, the metric a flattened key in it. `mlflow`: an MLflow store (`mlruns/`), the
 * metric the last logged value of the store's latest run. `wandb`: a W&B offline run folder, the
 * metric a key of its `files/wandb-summary.json`.
 */
export const RESULTS_SOURCE_TYPES = ['file', 'mlflow', 'wandb'] as const;
export type ResultsSourceType = (typeof RESULTS_SOURCE_TYPES)[number];

const metricFields = {
  /** Flattened key within its file (`eval.accuracy`), or the metric's name in a store. */
  name: z.string(),
  /** The results file or store folder, one of `results.files`. */
  file: relativePathSchema,
  value: z.union([z.number(), z.string(), z.boolean()]),
  /** For numbers; integers, strings and booleans compare exactly. */
  tolerance: toleranceSchema.nullable(),
};
const metricV1Schema = z.object(metricFields);
export const metricSchema = z.object({ ...metricFields, source: z.enum(RESULTS_SOURCE_TYPES) });
export type Metric = z.infer<typeof metricSchema>;

export const entrypointProposalSchema = z.object({ command: z.string(), source: z.string() });
export type EntrypointProposal = z.infer<typeof entrypointProposalSchema>;

/** A proposed command checked in the built image without running it (pre-flight); `detail` says why it cannot run. */
export const runnableCheckSchema = z.object({ command: z.string(), runnable: z.boolean(), detail: z.string() });
export type RunnableCheck = z.infer<typeof runnableCheckSchema>;

const baseImageSchema = z.object({ ref: z.string(), digest: z.string().nullable(), source: z.string() });

/**
 * The version of the Dockerfile generator's rules (core/recipes). A replay regenerates the
 * Dockerfile with the rules of the version the bundle names; v1 bundles name none and were made
 * with version 1. Raised whenever the generated text for some manifest changes.
 */
export const GENERATOR_VERSION = 3;

/** Format v2 (docs/FORMAT.md): the file list is an archive entry of its own, not part of bundle.json. */
export const fileListSchema = z.object({
  /** The entry holding one line per file, sorted by path: `<sha256> <size> <mode> <path>`. */
  entry: z.literal(FILE_LIST_NAME),
  count: z.number().int().nonnegative(),
  sha256: sha256Hex,
});
export type FileListRecord = z.infer<typeof fileListSchema>;

const identityFields = {
  createdAt: z.iso.datetime(),
  createdBy: z.object({ app: z.string(), version: z.string() }),
  signer: z.object({ name: z.string(), fingerprint: sha256Hex, publicKey: z.string() }),
  project: z.object({ name: z.string(), git: gitInfoSchema.nullable() }),
};
const scanFields = {
  secretOverrides: z.array(z.object({ path: relativePathSchema, rules: z.array(z.string()) })),
  exclusions: z.array(z.object({ path: excludedPathSchema, reason: z.string() })),
  dataPointers: z.array(dataPointerSchema),
  params: z.object({ files: z.array(relativePathSchema), values: z.array(paramValueSchema) }),
  environment: environmentSchema,
  hardware: hardwareSchema.nullable(),
  entrypoint: z.object({ command: z.string(), source: z.string() }).nullable(),
  entrypointProposals: z.array(entrypointProposalSchema),
};
const laterFields = {
  /** Synthetic samples standing in for datasets a reviewer may not have (`create --sample`). */
  samples: z.array(
    z.object({
      /** The dataset it stands in for, relative to the project (a data pointer or an embedded file). */
      dataset: relativePathSchema,
      /** The sample and its fidelity/privacy report, as archive entries. */
      file: samplePathSchema,
      report: samplePathSchema,
      rows: z.number().int().positive(),
      summary: z.string(),
    }),
  ),
  /** The runs in a container before signing (`create --preflight`), when there were any. */
  preflight: z
    .object({
      runs: z.number().int().positive(),
      /** Numeric metrics that differed between runs, with their range. */
      varying: z.array(z.object({ name: z.string(), file: relativePathSchema, min: z.number(), max: z.number() })),
      /** How long each run took, in milliseconds (absent in older bundles). */
      durationsMs: z.array(z.number().nonnegative()).optional(),
      /**
       * The proposed commands checked in the built image without running them (scripts compile or
       * parse, programs installed); absent in older bundles.
       */
      entrypoints: z.array(runnableCheckSchema).optional(),
    })
    .nullable(),
  /**
   * Set on copies made for a paper submission (`export`). A review copy carries a commitment to
   * its author's real key (salted hash); a camera-ready copy reveals the salt, linking the two.
   * Absent on bundles made by `create`.
   */
  submission: z
    .object({
      kind: z.enum(['review', 'camera-ready']),
      venue: z.string().nullable(),
      /** Review copy: SHA-256 over the commitment domain, the salt and the author's raw public key. */
      commitment: sha256Hex.nullable(),
      /** Camera-ready copy: the salts of the review copies made from the same bundle. */
      reveals: z.array(z.object({ commitment: sha256Hex, salt: z.string().regex(/^[0-9a-f]{64}$/) })),
      /**
       * Review copy: the files it rewrote to remove identity, with their SHA-256 in the original
       * bundle (absent in copies made before it was recorded).
       */
      rewritten: z.array(z.object({ path: relativePathSchema, originalSha256: sha256Hex })).optional(),
    })
    .optional(),
};
/** Every archive entry except bundle.json and bundle.sig (and in v2 the file list), sorted by path. */
const filesField = z.array(manifestFileSchema);
/** The results files and stores, removed from the run's copy before a replay, and the metrics read from them. */
const resultsField = z.object({ files: z.array(relativePathSchema), metrics: z.array(metricSchema) });
/** How to rebuild (v2): the generator version whose rules wrote the Dockerfile, and the base image. */
const replayField = z.object({
  generator: z.object({ version: z.number().int().positive() }),
  baseImage: baseImageSchema,
});

/** Rules across fields that no honest bundle breaks (docs/FORMAT.md, "what a reader refuses"). */
function crossFieldRules(
  manifest: {
    results: { files: string[]; metrics: { file: string }[] };
    dataPointers: { uri: string | null; sha256: string | null; md5: string | null }[];
  },
  context: z.RefinementCtx,
): void {
  // A metric is read only from a results file, which is removed from the run's copy before the
  // run: a metric from any other file would compare the author's numbers with themselves.
  const resultsFiles = new Set(manifest.results.files);
  manifest.results.metrics.forEach((metric, index) => {
    if (!resultsFiles.has(metric.file))
      context.addIssue({
        code: 'custom',
        path: ['results', 'metrics', index, 'file'],
        message: `${JSON.stringify(metric.file)} is not one of the results files`,
      });
  });
  // Plain http only with a checksum the download can be checked against.
  manifest.dataPointers.forEach((pointer, index) => {
    if (pointer.uri?.toLowerCase().startsWith('http://') === true && pointer.sha256 === null && pointer.md5 === null)
      context.addIssue({
        code: 'custom',
        path: ['dataPointers', index, 'uri'],
        message: `${JSON.stringify(pointer.uri)}: plain http needs a recorded checksum`,
      });
  });
}

/** Version 1 as stored: the file list inside bundle.json, untyped metrics, the Dockerfile named. */
export const manifestV1DocumentSchema = z
  .object({
    format: z.literal('reprobundle'),
    formatVersion: z.literal(1),
    ...identityFields,
    files: filesField,
    ...scanFields,
    results: z.object({ files: z.array(relativePathSchema), metrics: z.array(metricV1Schema) }),
    ...laterFields,
    replay: z.object({
      /** Always the bundle's own generated Dockerfile at its top level: never a path to elsewhere. */
      dockerfile: z.literal(DOCKERFILE_NAME, { error: `must be "${DOCKERFILE_NAME}", the bundle's own` }),
      baseImage: baseImageSchema,
    }),
  })
  .superRefine(crossFieldRules);

/** Version 2 as stored (docs/FORMAT.md). */
export const manifestV2DocumentSchema = z
  .object({
    format: z.literal('reprobundle'),
    formatVersion: z.literal(2),
    ...identityFields,
    fileList: fileListSchema,
    ...scanFields,
    results: resultsField,
    ...laterFields,
    replay: replayField,
    /** The frozen replay image (`create --freeze`, shared/frozen-image.ts), or null. */
    image: frozenImageSchema.nullable(),
  })
  .superRefine(crossFieldRules);
export type ManifestV1Document = z.infer<typeof manifestV1DocumentSchema>;
export type ManifestV2Document = z.infer<typeof manifestV2DocumentSchema>;

/**
 * A manifest as the rest of the program sees it, whatever its version: the file list read in,
 * every metric typed, the generator version named (v1 bundles were all made with version 1).
 */
const loadedShape = {
  format: z.literal('reprobundle'),
  formatVersion: z.union([z.literal(1), z.literal(2)]),
  ...identityFields,
  /** Read in as a table (file-table.ts): no object per file, whatever the bundle's size. */
  files: z.custom<FileTable>((value) => value instanceof FileTable, 'a file table'),
  ...scanFields,
  results: resultsField,
  ...laterFields,
  replay: replayField,
  /** The frozen replay image; null when there is none (always in v1). */
  image: frozenImageSchema.nullable(),
};
export const manifestSchema = z.object(loadedShape).superRefine(crossFieldRules);
export type Manifest = z.infer<typeof manifestSchema>;

/** How a bundle's files divide (layout.ts's `fileCounts`): what the fronts show instead of the list. */
export const fileCountsSchema = z.object({
  project: z.object({ files: z.number().int().nonnegative(), bytes: z.number().nonnegative() }),
  samples: z.number().int().nonnegative(),
  image: z.number().int().nonnegative(),
  own: z.array(z.string()),
});

/**
 * A loaded manifest as the engine sends it to a front (verification and bundle views): everything
 * but the file list, which the fronts page through (`listBundleFiles`), plus how the files divide.
 * A bundle of 100,000 files would otherwise make every answer ~15 MB of JSON, held on the engine's
 * thread while it is written (issue 13: p99 of a trivial call under load; issue 18: GUI lists).
 */
const { files: _files, ...viewShape } = loadedShape;
export const manifestViewSchema = z.object({ ...viewShape, fileCounts: fileCountsSchema });
export type ManifestView = z.infer<typeof manifestViewSchema>;

/** The view of a loaded manifest: its file list counted, not carried. */
export function manifestView(manifest: Manifest): ManifestView {
  const { files, ...rest } = manifest;
  return { ...rest, fileCounts: fileCounts(files) };
}

/** The v1 document as the rest of the program sees it. */
export function upgradeV1(document: ManifestV1Document): Manifest {
  const { replay, results, ...rest } = document;
  return {
    ...rest,
    files: FileTable.of(rest.files),
    results: {
      files: results.files,
      metrics: results.metrics.map((metric) => ({ ...metric, source: 'file' as const })),
    },
    replay: { generator: { version: 1 }, baseImage: replay.baseImage },
    image: null,
  };
}

/** The v2 document for a manifest, its file list written to the entry `fileList` describes. */
export function toV2Document(manifest: Manifest, fileList: FileListRecord): ManifestV2Document {
  // Parsing puts the keys in the schema's order, the order the format writes them.
  return manifestV2DocumentSchema.parse({ ...manifest, formatVersion: 2, fileList });
}

/** The manifest for a v2 document and the file list read from its entry. */
export function loadV2(document: ManifestV2Document, files: FileTable): Manifest {
  const { fileList: _fileList, ...rest } = document;
  return { ...rest, files };
}
