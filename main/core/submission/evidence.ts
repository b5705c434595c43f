// Evidence for the reproducibility checklist, found in an unpacked bundle's text files: where
// seeds are set, where data is split, whether hyperparameter ranges (sweeps) are declared, and
// how many real rows each sampled dataset had. Each finding names its file and line.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Manifest } from '../../shared/manifest';
import { PROJECT_PREFIX } from '../../shared/layout';

export interface Finding {
  file: string;
  line: number;
  text: string;
}

export interface Evidence {
  seeds: Finding[];
  splits: Finding[];
  sweeps: Finding[];
  /** Real rows behind each synthetic sample, from its report. */
  datasetRows: { dataset: string; rows: number }[];
  readmeWords: number;
}

const SCANNED = /\.(py|ipynb|r|jl|sh|ya?ml|json|toml|cfg|ini|m|scala|java|cpp|cc|c|rs|go|js|ts)$/i;
const MAX_SCANNED_BYTES = 2 * 1024 * 1024;

const SEED =
  /(default_rng\s*\(|random\.seed\s*\(|np\.random\.seed\s*\(|torch\.manual_seed\s*\(|torch\.cuda\.manual_seed(_all)?\s*\(|tf\.random\.set_seed\s*\(|set_seed\s*\(|seed_everything\s*\(|PRNGKey\s*\(|random_state\s*=\s*\d|^\s*"?seed"?\s*[:=]\s*\d)/i;
const SPLIT =
  /(train_test_split|random_split|KFold|StratifiedKFold|GroupKFold|validation_split|\b(train|val|valid|validation|test)_(split|size|ratio|frac)\b|\bsplit\s*=\s*int\()/i;
const SWEEP =
  /(hydra\/sweeper|\bsweeper\s*:|\bsweep\b|optuna|ray\.tune|GridSearchCV|RandomizedSearchCV|ParameterGrid|wandb\.sweep|\bsearch_space\b|hyperopt)/i;

const reportSchema = z.object({ realRows: z.number() });

export async function gatherEvidence(bundleDir: string, manifest: Manifest): Promise<Evidence> {
  const evidence: Evidence = { seeds: [], splits: [], sweeps: [], datasetRows: [], readmeWords: 0 };
  for (const file of manifest.files) {
    if (!file.path.startsWith(PROJECT_PREFIX) || file.size > MAX_SCANNED_BYTES) continue;
    const relative = file.path.slice(PROJECT_PREFIX.length);
    const readme = /^README(\.(md|rst|txt))?$/i.test(relative);
    if (!SCANNED.test(relative) && !readme) continue;
    const text = await readFile(path.join(bundleDir, ...file.path.split('/')), 'utf8');
    if (readme) {
      evidence.readmeWords = text.split(/\s+/).filter((word) => word !== '').length;
      continue;
    }
    text.split('\n').forEach((line, index) => {
      const found = { file: relative, line: index + 1, text: line.trim().slice(0, 120) };
      if (SEED.test(line)) evidence.seeds.push(found);
      if (SPLIT.test(line)) evidence.splits.push(found);
      if (SWEEP.test(line)) evidence.sweeps.push(found);
    });
  }
  for (const sample of manifest.samples) {
    const report = reportSchema.safeParse(
      JSON.parse(await readFile(path.join(bundleDir, ...sample.report.split('/')), 'utf8').catch(() => '{}')),
    );
    if (report.success) evidence.datasetRows.push({ dataset: sample.dataset, rows: report.data.realRows });
  }
  return evidence;
}
