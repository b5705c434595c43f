// Builds the renderer (renderer/) into out/renderer with relative asset paths, so the same
// files load from file:// in Electron and from the web-mode server.
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { META_CONTENT_SECURITY_POLICY } from './main/shared/csp.ts';

/** One definition of the CSP: the server's, written into index.html for file:// loads. */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'reprobundle-csp',
    transformIndexHtml: (html) => {
      const parts = html.split('%CSP%');
      if (parts.length !== 2)
        throw new Error(
          `renderer/index.html must hold the %CSP% placeholder exactly once (found ${parts.length - 1}).`,
        );
      return parts.join(META_CONTENT_SECURITY_POLICY);
    },
  };
}

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), contentSecurityPolicy()],
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
    sourcemap: true,
    target: 'chrome120',
  },
});
