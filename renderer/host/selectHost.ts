import { PRELOAD_API_KEY } from '../../shared/ipc';
import type { PreloadApi } from '../../shared/ipc';
import { createElectronHost } from './ElectronHost';
import type { Host } from './Host';
import { createWebHost } from './WebHost';

/** The Electron host when the preload bridge is there, the web host otherwise. */
export function selectHost(win: Window): Host {
  const api = (win as unknown as Record<string, PreloadApi | undefined>)[PRELOAD_API_KEY];
  return api ? createElectronHost(api) : createWebHost(win);
}
