// Name and version of the app as the package declares them, plus the runtime it runs on.
import packageJson from '../../package.json' with { type: 'json' };
import type { AppInfo } from '../shared/environment';

export const APP_NAME = 'ReproBundle';
export const APP_VERSION: string = packageJson.version;

export function appInfo(): AppInfo {
  return {
    name: APP_NAME,
    version: APP_VERSION,
    node: process.versions.node,
    platform: process.platform,
    arch: process.arch,
  };
}
