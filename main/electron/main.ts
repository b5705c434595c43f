// Electron entry (out/main/electron.js): sandbox everything, register the contract over IPC,
// open the window on the built renderer. Glue only: behaviour lives in main/core and is tested
// through the web mode, since Electron's runtime cannot run on the build machines.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow } from 'electron';
import { connectEngine } from '../handlers/engine-port/engine-client';
import { createDesktop, installMenu } from './desktop';
import { bundleFromArgv } from './desktop-options';
import { registerContract } from './ipc';
import { rendererBaseUrl } from './sender';
import { startUtilityEngine } from './utility-engine';
import { createMainWindow, hardenApp } from './window';

const outDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const rendererDir = path.join(outDir, 'renderer');
const paths = {
  preload: path.join(outDir, 'preload', 'preload.cjs'),
  indexHtml: path.join(rendererDir, 'index.html'),
  engine: path.join(outDir, 'main', 'engine-process.js'),
};

app.enableSandbox();
const desktop = createDesktop();

// macOS delivers double-clicked bundles as `open-file`, possibly before `ready`.
app.on('open-file', (event, file) => {
  event.preventDefault();
  desktop.openLater(file);
});

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', (_event, argv) => {
    const file = bundleFromArgv(argv);
    if (file !== null) desktop.openLater(file);
    const [window] = BrowserWindow.getAllWindows();
    if (window !== undefined) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void createMainWindow(paths);
  });

  // Never `await` this at the top level: Electron emits `ready` only once the ESM entry point
  // has finished evaluating, so a top-level await on it hangs the app.
  void app.whenReady().then(async () => {
    hardenApp();
    installMenu(desktop);
    // The engine runs in its own process: long work there never blocks this one's IPC.
    const engine = connectEngine({
      start: () => startUtilityEngine(paths.engine),
      desktop,
      onStray: (text) => console.error(text),
    });
    app.on('will-quit', () => engine.close());
    registerContract(engine, rendererBaseUrl(rendererDir));
    await createMainWindow(paths);
  });
}
