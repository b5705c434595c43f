// A process the fault-injection tests kill with SIGKILL while it writes: it writes one kind of
// file (a bundle, an export, settings, recents, trust, keys, a synthetic sample, a replay report,
// an attestation) over and over through the product's own code, printing a line after each
// complete write. Started with child_process.fork from out/test-workers/killable-writer.js.
import path from 'node:path';
import { createBundle } from '../../../../../main/core/create/create-bundle';
import { rememberRecentBundle, saveSettings } from '../../../../../main/core/settings';
import { generateKey } from '../../../../../main/core/signing/keys';
import { ephemeralSigningKey } from '../../../../../main/core/signing/keys';
import { TrustStore } from '../../../../../main/core/signing/trust-store';
import { exportBundle } from '../../../../../main/core/submission/export-bundle';
import { attestReplay, readReplayReport } from '../../../../../main/core/submission/attestation';
import { saveReport } from '../../../../../main/core/replay/report-files';
import { synthesize } from '../../../../../main/core/synth/synthesize';
import { DEFAULT_SETTINGS } from '../../../../../main/shared/settings';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};
const kind = env('WRITE_KIND');
const target = env('WRITE_TARGET');
const key = ephemeralSigningKey('Ada Lovelace');

async function writeOnce(step: number): Promise<void> {
  switch (kind) {
    case 'bundle':
      await createBundle({ projectDir: env('PROJECT'), output: target, key, hardware: false, replace: true });
      return;
    case 'export':
      await exportBundle({
        source: env('BUNDLE'),
        output: target,
        replace: true,
        kind: 'review',
        configDir: path.join(env('WORK'), 'export-config'),
        workDir: path.join(env('WORK'), 'export-work'),
        localGitIdentity: false,
      });
      return;
    case 'settings':
      await saveSettings(path.dirname(target), { ...DEFAULT_SETTINGS, outputsQuotaGB: step + 1 });
      return;
    case 'recents':
      await rememberRecentBundle(path.dirname(target), {
        file: `/data/bundle-${step}.rbundle`,
        name: `project ${step}`,
        signer: 'Ada Lovelace',
        openedAt: new Date().toISOString(),
        valid: true,
      });
      return;
    case 'trust': {
      const store = await TrustStore.load(path.dirname(target));
      const signer = ephemeralSigningKey(`Signer ${step}`);
      store.remember(signer.name, signer.fingerprint, signer.rawPublicKey, true);
      await store.save();
      return;
    }
    case 'keys':
      await generateKey({ dir: path.join(target, `key-${process.pid}-${step}`), name: 'Ada Lovelace' });
      return;
    case 'synth':
      await synthesize({ input: env('TABLE'), output: target, rows: 5000, seed: step, replace: true });
      return;
    case 'report':
      await saveReport(await readReplayReport(env('REPORT')), undefined, 'json', target, true);
      return;
    case 'attestation':
      await attestReplay({
        report: await readReplayReport(env('REPORT')),
        key,
        output: target,
        replace: true,
        bundle: env('BUNDLE'),
      });
      return;
    default:
      throw new Error(`no writer for ${kind}`);
  }
}

const times = Number(process.env['WRITE_TIMES'] ?? Number.POSITIVE_INFINITY);
for (let step = 0; step < times; step += 1) {
  await writeOnce(step);
  process.stdout.write(`wrote ${step}\n`);
}
