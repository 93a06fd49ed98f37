import { createStore, del, get, set } from 'idb-keyval';

import { ipcContract } from '../../shared/ipc';
import type { RelayStatus } from '../../shared/ipc';
import { HostError } from './Host';
import type { Host } from './Host';

/** Served beside the UI by the launcher (scripts/webServer.ts): the relay it hosts, if any. */
export const HOST_INFO_PATH = '/host.json';

/**
 * The Host in a plain browser. Secrets live in IndexedDB with no wrapping beyond what the vault
 * layer applies; files go through a download and a file picker; a browser cannot host a relay,
 * but it reports the one the launcher started for it on this machine.
 */
export function createWebHost(win: Window): Host {
  const secrets = createStore('unity-table', 'secrets');
  const check = <C extends 'secrets.store' | 'links.openExternal'>(channel: C, args: unknown[]): void => {
    const parsed = ipcContract[channel].args.safeParse(args);
    if (!parsed.success) throw new HostError(`${channel}: ${parsed.error.issues[0]?.message ?? 'invalid arguments'}`);
  };

  return {
    kind: 'web',
    secrets: {
      protection: async () => ({
        kind: 'none',
        detail: 'In the browser your keys are kept in this browser profile, protected only by your vault passphrase.',
      }),
      store: async (name, value) => {
        check('secrets.store', [name, value]);
        await set(name, value, secrets);
      },
      load: async (name) => {
        const value: unknown = await get(name, secrets);
        return value instanceof Uint8Array ? value : null;
      },
      remove: (name) => del(name, secrets),
    },
    files: {
      save: async ({ suggestedName, data }) => {
        const url = URL.createObjectURL(
          new Blob([data as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }),
        );
        try {
          const link = win.document.createElement('a');
          link.href = url;
          link.download = suggestedName;
          link.click();
        } finally {
          // The download has taken its copy by the next task.
          setTimeout(() => URL.revokeObjectURL(url), 0);
        }
        return { name: suggestedName };
      },
      open: ({ filters }) =>
        pickFile(
          win,
          filters.flatMap((f) => f.extensions.map((e) => `.${e}`)),
        ),
    },
    relay: {
      canHost: false,
      host: async () => {
        throw new HostError('A browser cannot host a relay: run `npm start` on this machine, or use the desktop app.');
      },
      stop: async () => {
        throw new HostError('This relay was started by `npm start`: stop it there.');
      },
      status: () => launcherRelay(win),
      // A browser has no request filter of ours: its CSP already limits connections to WebSockets.
      allow: async () => {},
    },
    openExternal: async (url) => {
      check('links.openExternal', [url]);
      if (!win.confirm(`Open this link in a new browser tab?\n\n${url}`)) return false;
      win.open(url, '_blank', 'noopener,noreferrer');
      return true;
    },
  };
}

async function launcherRelay(win: Window): Promise<RelayStatus> {
  try {
    const response = await win.fetch(HOST_INFO_PATH, { cache: 'no-store' });
    if (!response.ok) return { hosting: false, configuredUrl: null };
    const info = (await response.json()) as { relayUrl?: unknown; hosted?: unknown };
    if (typeof info.relayUrl !== 'string') return { hosting: false, configuredUrl: null };
    return info.hosted === false
      ? { hosting: false, configuredUrl: info.relayUrl }
      : { hosting: true, url: info.relayUrl };
  } catch {
    return { hosting: false, configuredUrl: null };
  }
}

function pickFile(win: Window, accept: string[]): Promise<{ name: string; data: Uint8Array } | null> {
  return new Promise((resolve, reject) => {
    const input = win.document.createElement('input');
    input.type = 'file';
    input.accept = accept.join(',');
    input.addEventListener('cancel', () => resolve(null));
    input.addEventListener('change', () => {
      const file = input.files?.[0];
      if (!file) return resolve(null);
      file.arrayBuffer().then(
        (buffer) => resolve({ name: file.name, data: new Uint8Array(buffer) }),
        () => reject(new HostError(`Could not read ${file.name}`)),
      );
    });
    input.click();
  });
}
