import type { IpcResult, PreloadApi } from '../../shared/ipc';
import { HostError } from './Host';
import type { Host } from './Host';

async function unwrap<T>(call: Promise<IpcResult<T>>): Promise<T> {
  const result = await call;
  if (!result.ok) throw new HostError(result.error);
  return result.value;
}

/** The Host over the preload bridge: every call is an IPC round trip checked by the main process. */
export function createElectronHost(api: PreloadApi): Host {
  return {
    kind: 'electron',
    secrets: {
      protection: () => unwrap(api.secrets.protection()),
      store: async (name, value) => void (await unwrap(api.secrets.store(name, value))),
      load: (name) => unwrap(api.secrets.load(name)),
      remove: async (name) => void (await unwrap(api.secrets.remove(name))),
    },
    files: {
      save: (options) => unwrap(api.files.save(options)),
      open: (options) => unwrap(api.files.open(options)),
    },
    relay: {
      canHost: true,
      host: (options) => unwrap(api.relay.host(options)),
      stop: () => unwrap(api.relay.stop()),
      status: () => unwrap(api.relay.status()),
    },
    openExternal: (url) => unwrap(api.links.openExternal(url)), // eng-disable OPEN_EXTERNAL_JS_CHECK -- reason: an IPC request, not shell.openExternal: main checks the URL and asks the user
  };
}
