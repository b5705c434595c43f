// Playwright global setup: the browser tests' replays build images too; the ones built during
// the run are removed when it ends (scripts/remove-built-images.ts).
import { removeImagesSince } from '../../scripts/remove-built-images';

// eslint-disable-next-line no-restricted-syntax -- Playwright loads a global setup by its default export.
export default function globalSetup(): () => Promise<void> {
  const startedAt = Math.floor(Date.now() / 1000) - 1;
  return async () => {
    await removeImagesSince(startedAt);
  };
}
