import type { IpcResult, PreloadApi } from '../../shared/ipc';
import { HostError } from './Host';
import type { Host } from './Host';

async function unwrapIpc<T>(call: Promise<IpcResult<T>>): Promise<T> {
  const result = await call;
  if (!result.ok) throw new HostError(result.error);
  return result.value;
}

/** The Host over the preload bridge: every call is an IPC round trip checked by the main process. */
export function createElectronHost(api: PreloadApi): Host {
  return {
    kind: 'electron',
    secrets: {
      protection: () => unwrapIpc(api.secrets.protection()),
      store: async (name, value) => void (await unwrapIpc(api.secrets.store(name, value))),
      load: (name) => unwrapIpc(api.secrets.load(name)),
      remove: async (name) => void (await unwrapIpc(api.secrets.remove(name))),
    },
    files: {
      save: (options) => unwrapIpc(api.files.save(options)),
      open: (options) => unwrapIpc(api.files.open(options)),
    },
    relay: {
      canHost: true,
      host: (options) => unwrapIpc(api.relay.host(options)),
      allow: async (url) => void (await unwrapIpc(api.relay.allow(url))),
      stop: () => unwrapIpc(api.relay.stop()),
      status: () => unwrapIpc(api.relay.status()),
    },
    openExternal: (url) => unwrapIpc(api.links.openExternal(url)), // eng-disable OPEN_EXTERNAL_JS_CHECK -- reason: an IPC request, not shell.openExternal: main checks the URL and asks the user
  };
}
