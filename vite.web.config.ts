import { resolve } from 'node:path';

import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import type { UserConfig } from 'vite';

/**
 * The renderer's build, shared by the Electron build (electron.vite.config.ts) and the browser
 * host (`npm run web`): the same UI code, bundled whole — no font, script or style is fetched
 * from any network at run time.
 */
export function rendererConfig(outDir: string): UserConfig {
  return {
    root: resolve(import.meta.dirname, 'renderer'),
    base: '/',
    plugins: [react()],
    build: {
      outDir: resolve(import.meta.dirname, outDir),
      emptyOutDir: true,
      target: 'chrome130',
      // Keeps every asset a file of its own under 'self' (no data: scripts or fonts).
      assetsInlineLimit: 0,
      rollupOptions: { input: resolve(import.meta.dirname, 'renderer/index.html') },
    },
  };
}

export default defineConfig(rendererConfig('out/web'));
