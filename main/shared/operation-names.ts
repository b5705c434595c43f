// The contract's operation names as a run-time list, without the schemas: the sandboxed
// preload and the renderer need the names only and carry no schema library. main/contract's
// `operations` is checked against this list both ways (a missing or an unknown name fails to
// compile), so this is the one list of names.

export const OPERATION_NAMES = [
  'appInfo',
  'environmentStatus',
  'browseFolder',
  'nativeDialog',
  'takeLaunchFile',
  'scanProject',
  'previewDockerfile',
  'hashFile',
  'synthesizeSample',
  'synthesizeFile',
  'preflightRun',
  'createBundle',
  'listKeys',
  'forgetPassphrases',
  'generateKey',
  'importKey',
  'exportPublicKey',
  'verifyBundle',
  'inspectBundle',
  'listBundleFiles',
  'readBundleEntry',
  'sampleReport',
  'listSigners',
  'trustSigner',
  'replayBundle',
  'saveReplayReport',
  'evaluateBundles',
  'venues',
  'assessBundle',
  'exportBundle',
  'attestReplay',
  'verifyAttestation',
  'diskUsage',
  'pruneDiskSpace',
  'getSettings',
  'saveSettings',
  'recentBundles',
] as const;

export type OperationName = (typeof OPERATION_NAMES)[number];

export function isOperationName(name: string): name is OperationName {
  return (OPERATION_NAMES as readonly string[]).includes(name);
}
