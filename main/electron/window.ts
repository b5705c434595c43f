// Creates the app window with the security settings of docs/security.md and locks down every web
// contents the app ever creates: no navigation, no new windows (allow-listed https links go to
// the system browser), no webviews, no permissions.
import { app, BrowserWindow, session, shell } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../shared/csp';
import { isAllowedExternalUrl } from './external-links';

export interface WindowPaths {
  preload: string;
  indexHtml: string;
}

/** Applies the lock-down to every web contents; call once, before the first window. */
export function hardenApp(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (navigation) => navigation.preventDefault());
    // A frame inside the page may not navigate either (an iframe is never expected).
    contents.on('will-frame-navigate', (navigation) => navigation.preventDefault());
    contents.on('will-redirect', (navigation) => navigation.preventDefault());
    contents.on('will-attach-webview', (attach) => attach.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (isAllowedExternalUrl(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  // index.html carries the same policy as a meta tag; the header covers any non-file response.
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
}

export async function createMainWindow(paths: WindowPaths): Promise<BrowserWindow> {
  const window = new BrowserWindow({
    width: 1200,
    height: 820,
    minWidth: 800,
    minHeight: 600,
    title: 'ReproBundle',
    show: false,
    webPreferences: {
      preload: paths.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => window.show());
  await window.loadFile(paths.indexHtml);
  return window;
}
