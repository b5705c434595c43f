// Which operations each handler group answers, as data: the host builds every operation's
// handler from this list and loads a group's module (and the core it needs) only when one of its
// operations is first called. A command that verifies never loads Docker, the scan or the web
// server: the CLI started in ~0.3 s and ~100 MB of memory with every group loaded up front.
import type { OperationName } from '../contract/operations';

export const HANDLER_GROUPS = {
  app: [
    'appInfo',
    'environmentStatus',
    'getSettings',
    'saveSettings',
    'recentBundles',
    'takeLaunchFile',
    'nativeDialog',
    'browseFolder',
    'hashFile',
    'diskUsage',
    'pruneDiskSpace',
    'synthesizeFile',
  ],
  project: ['scanProject', 'previewDockerfile', 'synthesizeSample', 'preflightRun', 'createBundle'],
  key: ['listKeys', 'forgetPassphrases', 'generateKey', 'importKey', 'exportPublicKey', 'listSigners', 'trustSigner'],
  bundle: ['verifyBundle', 'inspectBundle', 'listBundleFiles', 'readBundleEntry', 'sampleReport'],
  replay: ['replayBundle', 'saveReplayReport', 'attestReplay'],
  evaluate: ['evaluateBundles'],
  submission: ['venues', 'assessBundle', 'exportBundle', 'verifyAttestation'],
} as const satisfies Record<string, readonly OperationName[]>;

export type HandlerGroupName = keyof typeof HANDLER_GROUPS;

/** The operations of group `G`. */
export type GroupOperations<G extends HandlerGroupName> = (typeof HANDLER_GROUPS)[G][number];
