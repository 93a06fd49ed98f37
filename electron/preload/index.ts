import { contextBridge, ipcRenderer } from 'electron';

import { ipcChannels, PRELOAD_API_KEY } from '../../shared/ipc';
import type { PreloadApi } from '../../shared/ipc';

/**
 * The one API the renderer gets, built from the IPC contract: `secrets.store` becomes
 * `window.unityTable.secrets.store(...)`. Raw ipcRenderer never crosses the bridge (#20), and
 * this file runs sandboxed, so it is bundled whole (no require of anything but 'electron').
 */
function buildApi(): PreloadApi {
  const api: Record<string, Record<string, (...args: unknown[]) => Promise<unknown>>> = {};
  for (const channel of ipcChannels) {
    const [group, method] = channel.split('.') as [string, string];
    api[group] ??= {};
    api[group][method] = (...args: unknown[]) => ipcRenderer.invoke(channel, ...args);
  }
  return api as unknown as PreloadApi;
}

contextBridge.exposeInMainWorld(PRELOAD_API_KEY, buildApi());
