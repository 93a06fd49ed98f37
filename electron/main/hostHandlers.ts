import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';

import type { BrowserWindow, Dialog, MessageBoxOptions, SafeStorage } from 'electron';

import type { FileFilter, RelayStatus, SecretProtection } from '../../shared/ipc';
import type { IpcHandlers } from './registerIpcHandlers';
import { isSafeExternalUrl } from './security';

export interface HostDeps {
  /** Where secrets are kept, one file each, named after the (schema-checked) secret name. */
  secretsDir: string;
  safeStorage: Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'> & {
    getSelectedStorageBackend?: () => string;
  };
  platform: NodeJS.Platform;
  dialog: Pick<Dialog, 'showSaveDialog' | 'showOpenDialog' | 'showMessageBox'>;
  window: () => BrowserWindow | null;
  openExternal: (url: string) => Promise<void>;
  /** Adds a relay origin the user chose to the session's allow-list (security.isAllowedRequest). */
  allowRelay: (url: string) => void;
  relay: {
    host: (options: { port: number; lan: boolean }) => Promise<RelayStatus>;
    stop: () => Promise<RelayStatus>;
    status: () => RelayStatus;
  };
}

/** How safeStorage protects what we give it, said honestly (issue: Linux may fall back to a fixed key). */
export function secretProtection(deps: Pick<HostDeps, 'safeStorage' | 'platform'>): SecretProtection {
  if (!deps.safeStorage.isEncryptionAvailable()) {
    return { kind: 'none', detail: 'No OS secret store is available: only your vault passphrase protects your keys.' };
  }
  if (deps.platform === 'linux') {
    const backend = deps.safeStorage.getSelectedStorageBackend?.() ?? 'unknown';
    if (backend === 'basic_text' || backend === 'unknown') {
      return {
        kind: 'basic-text',
        detail:
          'No secret service (gnome-keyring or kwallet) was found: Electron would use a hard-coded key, so only your vault passphrase protects your keys.',
      };
    }
    return { kind: 'os-keychain', detail: `Wrapped by the desktop's secret service (${backend}).` };
  }
  return { kind: 'os-keychain', detail: "Wrapped by the operating system's secret store." };
}

const toDialogFilters = (filters: FileFilter[]) => filters.map((f) => ({ name: f.name, extensions: f.extensions }));

export function hostHandlers(deps: HostDeps): IpcHandlers {
  const secretPath = (name: string) => join(deps.secretsDir, `${name}.secret`);
  // With a real OS store the bytes are wrapped by it; with basic_text or none, wrapping adds
  // nothing but obscurity, so we store what the vault layer gave us (already passphrase-sealed).
  const wraps = () => secretProtection(deps).kind === 'os-keychain';
  /** Asks in a native dialog (the page can neither draw nor click it); true only for the first button. */
  const confirm = async (question: Omit<MessageBoxOptions, 'defaultId' | 'cancelId'>): Promise<boolean> => {
    const options = { ...question, defaultId: 1, cancelId: 1 };
    const win = deps.window();
    const { response } = win
      ? await deps.dialog.showMessageBox(win, options)
      : await deps.dialog.showMessageBox(options);
    return response === 0;
  };

  return {
    'secrets.protection': () => secretProtection(deps),
    'secrets.store': async (name, value) => {
      await mkdir(deps.secretsDir, { recursive: true, mode: 0o700 });
      const encoded = Buffer.from(value).toString('base64');
      const body = wraps()
        ? Buffer.concat([Buffer.from('os1:'), deps.safeStorage.encryptString(encoded)])
        : Buffer.from(`raw:${encoded}`);
      await writeFile(secretPath(name), body, { mode: 0o600 });
      return null;
    },
    'secrets.load': async (name) => {
      let body: Buffer;
      try {
        body = await readFile(secretPath(name));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw e;
      }
      const tag = body.subarray(0, 4).toString();
      if (tag === 'raw:') return new Uint8Array(Buffer.from(body.subarray(4).toString(), 'base64'));
      if (tag === 'os1:')
        return new Uint8Array(Buffer.from(deps.safeStorage.decryptString(body.subarray(4)), 'base64'));
      throw new Error(`stored secret "${name}" is not in a known format`);
    },
    'secrets.remove': async (name) => {
      await rm(secretPath(name), { force: true });
      return null;
    },
    'files.save': async ({ suggestedName, data, filters }) => {
      const win = deps.window();
      const options = { defaultPath: suggestedName, filters: toDialogFilters(filters) };
      const choice = win ? await deps.dialog.showSaveDialog(win, options) : await deps.dialog.showSaveDialog(options);
      if (choice.canceled || !choice.filePath) return null;
      await writeFile(choice.filePath, data);
      return { name: basename(choice.filePath) };
    },
    'files.open': async ({ filters }) => {
      const win = deps.window();
      const options = { properties: ['openFile' as const], filters: toDialogFilters(filters) };
      const choice = win ? await deps.dialog.showOpenDialog(win, options) : await deps.dialog.showOpenDialog(options);
      const path = choice.filePaths[0];
      if (choice.canceled || path === undefined) return null;
      return { name: basename(path), data: new Uint8Array(await readFile(path)) };
    },
    // Issue 11 item 18: listening beyond loopback exposes the relay to the whole network, so the
    // page may only ask; the user answers in a native dialog the page cannot draw or click.
    'relay.host': async (options) => {
      if (options.lan) {
        const yes = await confirm({
          type: 'warning',
          buttons: ['Host on the local network', 'Cancel'],
          message: 'Host the relay on the local network?',
          detail: `Every computer that can reach this one will be able to connect to port ${options.port}. Members still need an invite, and the relay sees only encrypted data.`,
        });
        if (!yes) throw new Error('You declined to host the relay on the local network; nothing was started.');
      }
      return deps.relay.host(options);
    },
    'relay.stop': () => deps.relay.stop(),
    'relay.allow': (url) => {
      deps.allowRelay(url);
      return null;
    },
    'relay.status': () => deps.relay.status(),
    // #15: https only (checked by the schema and again here), and the user confirms the exact address.
    'links.openExternal': async (url) => {
      if (!isSafeExternalUrl(url)) throw new Error('only https links open outside the app');
      const yes = await confirm({
        type: 'question',
        buttons: ['Open in browser', 'Cancel'],
        message: 'Open this link in your web browser?',
        detail: url,
      });
      if (!yes) return false;
      await deps.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK -- reason: https only (isSafeExternalUrl above), and the user confirmed this exact address
      return true;
    },
  };
}
