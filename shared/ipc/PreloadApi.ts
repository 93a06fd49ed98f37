import type { IpcResult } from './IpcResult';
import type { IpcArgs, IpcChannel, IpcValue } from './ipcContract';

type GroupOf<C> = C extends `${infer G}.${string}` ? G : never;
type MethodOf<C, G extends string> = C extends `${G}.${infer M}` ? M : never;

/**
 * The one object the preload exposes as `window.unityTable`: `api.secrets.store(...)`
 * for channel `secrets.store`, derived from the contract so neither side can drift.
 */
export type PreloadApi = {
  [G in GroupOf<IpcChannel>]: {
    [M in MethodOf<IpcChannel, G>]: `${G}.${M}` extends infer C extends IpcChannel
      ? (...args: IpcArgs<C>) => Promise<IpcResult<IpcValue<C>>>
      : never;
  };
};

/** The global name under which the preload exposes the API. */
export const PRELOAD_API_KEY = 'unityTable';
