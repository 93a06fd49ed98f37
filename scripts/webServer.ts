import { resolve } from 'node:path';

import { preview } from 'vite';

import { CONTENT_SECURITY_POLICY } from '../electron/main/security';

export interface WebServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves the built renderer (out/web) on loopback for the browser host, with the same CSP the
 * desktop app sends, and `/host.json` telling the page which relay was started for it.
 */
export async function startWebServer(options: {
  port: number;
  relayUrl: string | null;
  /** Whether the launcher hosts that relay on this machine (false: the user configured another). */
  hosted: boolean;
}): Promise<WebServer> {
  const root = resolve(import.meta.dirname, '..');
  const server = await preview({
    configFile: false,
    root: resolve(root, 'renderer'),
    logLevel: 'warn',
    build: { outDir: resolve(root, 'out/web') },
    preview: {
      host: '127.0.0.1',
      port: options.port,
      strictPort: true,
      headers: { 'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'X-Content-Type-Options': 'nosniff' },
    },
    plugins: [
      {
        name: 'unity-table-host-info',
        configurePreviewServer(server) {
          server.middlewares.use('/host.json', (_req, res) => {
            res.setHeader('Content-Type', 'application/json');
            res.setHeader('Cache-Control', 'no-store');
            res.end(JSON.stringify({ relayUrl: options.relayUrl, hosted: options.hosted }));
          });
        },
      },
    ],
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('the web server did not report its address');
  return { url, close: () => server.close() };
}
