// What only the desktop shell offers the handlers: native open/save dialogs, bundles the OS asks
// the app to open (double-click, `open-file`, a second launch), recent documents, and the
// application menu. Thin: the choices live in desktop-options.ts, the behaviour in the handlers.
import { app, BrowserWindow, dialog, Menu, type MenuItemConstructorOptions } from 'electron';
import type { DesktopIntegration } from '../handlers/handler-types';
import { bundleFromArgv, DIALOGS } from './desktop-options';

export interface Desktop extends DesktopIntegration {
  /** Queues a bundle to open (the renderer takes it through the contract). */
  openLater(file: string): void;
}

export function createDesktop(): Desktop {
  let pending: string | null = bundleFromArgv(process.argv);
  const focused = (): BrowserWindow | undefined => BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
  const desktop: Desktop = {
    openLater: (file) => {
      pending = file;
    },
    takeLaunchFile: () => {
      const file = pending;
      pending = null;
      return Promise.resolve(file);
    },
    bundleOpened: (file) => app.addRecentDocument(file),
    async showDialog(purpose, defaultPath) {
      const spec = DIALOGS[purpose];
      const window = focused();
      const base = { title: spec.title, filters: spec.filters, ...(defaultPath === undefined ? {} : { defaultPath }) };
      if (spec.mode === 'save-file') {
        const result =
          window === undefined ? await dialog.showSaveDialog(base) : await dialog.showSaveDialog(window, base);
        return result.canceled || result.filePath === undefined ? null : result.filePath;
      }
      const options = {
        ...base,
        properties: [spec.mode === 'open-folder' ? ('openDirectory' as const) : ('openFile' as const)],
      };
      const result =
        window === undefined ? await dialog.showOpenDialog(options) : await dialog.showOpenDialog(window, options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
  };
  return desktop;
}

/** File › Open Bundle… queues the chosen bundle like a double-click would. */
export function installMenu(desktop: Desktop): void {
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        {
          label: 'Open Bundle…',
          accelerator: 'CmdOrCtrl+O',
          click: () => {
            void desktop.showDialog('open-bundle', undefined).then((file) => {
              if (file !== null) desktop.openLater(file);
            });
          },
        },
        { role: 'recentDocuments', submenu: [{ role: 'clearRecentDocuments' }] },
        { type: 'separator' },
        process.platform === 'darwin' ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
