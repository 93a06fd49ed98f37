import { resolve } from 'node:path';

import type { IncomingMessage, Server, ServerResponse } from 'node:http';

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
  /** The built renderer; out/web by default (tests serve a stand-in). */
  outDir?: string;
}): Promise<WebServer> {
  const root = resolve(import.meta.dirname, '..');
  const server = await preview({
    configFile: false,
    root: resolve(root, 'renderer'),
    logLevel: 'warn',
    build: { outDir: options.outDir ?? resolve(root, 'out/web') },
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
          guardRequestTargets(server.httpServer as Server);
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

/**
 * Vite's connect stack parses every target before any middleware runs and throws on `http://[`,
 * which would end the process and the relay it hosts: unparsable targets get a 400 first, and
 * anything else that throws while answering gets a 500, never an uncaught exception.
 */
function guardRequestTargets(server: Server): void {
  const handlers = server.listeners('request') as Array<(req: IncomingMessage, res: ServerResponse) => void>;
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (!parsable(req.url ?? '/')) return void res.writeHead(400, TEXT).end('bad request target\n');
    try {
      for (const handler of handlers) handler.call(server, req, res);
    } catch {
      if (!res.headersSent) res.writeHead(500, TEXT).end('internal error\n');
      else res.destroy();
    }
  });
}

const TEXT = { 'Content-Type': 'text/plain' };

function parsable(target: string): boolean {
  try {
    new URL(target, 'http://host.invalid');
    return true;
  } catch {
    return false;
  }
}
