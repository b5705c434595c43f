// The desktop integration's pure parts, kept free of Electron so they are unit-tested here:
// which native dialog each purpose opens (title, filters, folder or file, open or save), and
// which command-line argument is a bundle to open (double-click, "Open with", second instance).
import { BUNDLE_EXTENSION } from '../shared/layout';
import type { DialogPurpose } from '../handlers/handler-types';

export interface DialogSpec {
  mode: 'open-folder' | 'open-file' | 'save-file';
  title: string;
  filters: { name: string; extensions: string[] }[];
}

const bundleFilter = { name: 'ReproBundle bundles', extensions: [BUNDLE_EXTENSION.slice(1)] };

export const DIALOGS: Readonly<Record<DialogPurpose, DialogSpec>> = {
  'project-folder': { mode: 'open-folder', title: 'Choose the project folder', filters: [] },
  'data-folder': { mode: 'open-folder', title: 'Choose the folder that holds the data', filters: [] },
  'open-bundle': { mode: 'open-file', title: 'Open a bundle', filters: [bundleFilter] },
  'save-bundle': { mode: 'save-file', title: 'Save the bundle as', filters: [bundleFilter] },
  'save-report-html': {
    mode: 'save-file',
    title: 'Save the replay report (HTML)',
    filters: [{ name: 'HTML report', extensions: ['html'] }],
  },
  'save-report-json': {
    mode: 'save-file',
    title: 'Save the replay report (JSON)',
    filters: [{ name: 'JSON report', extensions: ['json'] }],
  },
  'import-key': {
    mode: 'open-file',
    title: 'Import a private key (PEM)',
    filters: [{ name: 'PEM key', extensions: ['pem', 'key'] }],
  },
  'export-public-key': {
    mode: 'save-file',
    title: 'Export the public key',
    filters: [{ name: 'PEM public key', extensions: ['pem'] }],
  },
  'pick-file': { mode: 'open-file', title: 'Choose a file', filters: [] },
};

/** The first argument naming a bundle; flags (and Chromium's own switches) are skipped. */
export function bundleFromArgv(argv: readonly string[]): string | null {
  return (
    argv.slice(1).find((argument) => !argument.startsWith('-') && argument.toLowerCase().endsWith(BUNDLE_EXTENSION)) ??
    null
  );
}
