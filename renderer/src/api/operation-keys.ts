// The contract's operation names, for code that must enumerate them at run time. The renderer
// may only import the contract's types, so the list is restated here; typing it as a Record over
// OperationName makes the compiler reject a missing or unknown operation.
import type { OperationName } from '../../../main/contract/operations';

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

export const OPERATION_NAMES = Object.keys(OPERATION_KEYS) as readonly OperationName[];
