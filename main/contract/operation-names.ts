// The contract's operation names as a run-time list, without the schemas: the sandboxed
// preload needs the names only, and should not carry a schema library. Typed as a Record over
// OperationName, so the compiler rejects a missing or unknown name.
import type { OperationName } from './operations';

const OPERATION_KEYS: Readonly<Record<OperationName, true>> = {
  appInfo: true,
  environmentStatus: true,
  browseFolder: true,
  nativeDialog: true,
  takeLaunchFile: true,
  scanProject: true,
  previewDockerfile: true,
  hashFile: true,
  synthesizeSample: true,
  preflightRun: true,
  createBundle: true,
  listKeys: true,
  generateKey: true,
  importKey: true,
  exportPublicKey: true,
  verifyBundle: true,
  readBundleEntry: true,
  sampleReport: true,
  listSigners: true,
  trustSigner: true,
  replayBundle: true,
  saveReplayReport: true,
  venues: true,
  assessBundle: true,
  exportBundle: true,
  attestReplay: true,
  verifyAttestation: true,
  diskUsage: true,
  pruneDiskSpace: true,
  getSettings: true,
  saveSettings: true,
  recentBundles: true,
};

export const operationNames = Object.keys(OPERATION_KEYS) as readonly OperationName[];
