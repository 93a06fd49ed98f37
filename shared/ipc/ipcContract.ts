import { z } from 'zod';

/**
 * The whole IPC surface between the renderer and the main process, declared once.
 * The preload builds the API it exposes from these keys; the main process registers
 * one handler per key through `registerIpcHandlers`, which parses the arguments with
 * the schema below before the handler sees them.
 */

/** Marks the result type of a channel without a runtime schema: main produces it, we trust main. */
const returns = <T>(): T => undefined as T;

/** Names of stored secrets: short and path-safe, since main uses them as file names. */
const secretName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'a secret name is 1–64 of a-z 0-9 . _ - and starts with a letter or digit');

const MAX_SECRET_BYTES = 64 * 1024;
/**
 * The largest file the renderer may ask main to save (note exports, invite files; later, bundles
 * carried between networks, which can be large): anything bigger is refused before it is written.
 */
export const MAX_FILE_BYTES = 512 * 1024 * 1024;

const bytes = (max: number) =>
  z
    .custom<Uint8Array>((b) => b instanceof Uint8Array, 'bytes (a Uint8Array)')
    .refine((b) => b.byteLength <= max, `at most ${max} bytes`);

const fileFilters = z
  .array(
    z.object({
      name: z.string().min(1).max(80),
      extensions: z
        .array(z.string().regex(/^[a-z0-9]{1,16}$/))
        .min(1)
        .max(8),
    }),
  )
  .max(8);

export type FileFilter = z.infer<typeof fileFilters>[number];

export type SecretProtection =
  /** Wrapped by the operating system's secret store (Keychain, DPAPI, libsecret/kwallet). */
  | { kind: 'os-keychain'; detail: string }
  /** Electron fell back to a hard-coded key (Linux with no secret store): no real protection. */
  | { kind: 'basic-text'; detail: string }
  /** Kept as is (the browser host): only the vault passphrase protects it. */
  | { kind: 'none'; detail: string };

/** The relay this machine hosts, or else the one the user configured (null: none, working offline). */
export type RelayStatus =
  | { hosting: false; configuredUrl: string | null }
  | {
      hosting: true;
      url: string;
      /** Hosted for the LAN: the addresses other computers reach it at (`ws://192.168.1.20:4444`), to give colleagues. */
      addresses?: string[];
    };

export const ipcContract = {
  'secrets.protection': { args: z.tuple([]), result: returns<SecretProtection>() },
  'secrets.store': {
    args: z.tuple([secretName, bytes(MAX_SECRET_BYTES)]),
    result: returns<null>(),
  },
  'secrets.load': { args: z.tuple([secretName]), result: returns<Uint8Array | null>() },
  'secrets.remove': { args: z.tuple([secretName]), result: returns<null>() },
  'files.save': {
    args: z.tuple([
      z.object({
        suggestedName: z
          .string()
          .min(1)
          .max(120)
          .regex(/^[^/\\]+$/, 'a file name, not a path'),
        data: bytes(MAX_FILE_BYTES),
        filters: fileFilters,
      }),
    ]),
    /** The name the user saved under (no directory), or null if they cancelled. */
    result: returns<{ name: string } | null>(),
  },
  'files.open': {
    args: z.tuple([z.object({ filters: fileFilters })]),
    result: returns<{ name: string; data: Uint8Array } | null>(),
  },
  'relay.host': {
    args: z.tuple([
      z.object({
        port: z.number().int().min(0).max(65535),
        /** Listen on every interface (hosting a table for the LAN), not only loopback. */
        lan: z.boolean(),
      }),
    ]),
    result: returns<RelayStatus>(),
  },
  'relay.stop': { args: z.tuple([]), result: returns<RelayStatus>() },
  /** The user opened a workspace on this relay: the session's request filter lets the app reach it. */
  'relay.allow': { args: z.tuple([z.url({ protocol: /^wss?$/ })]), result: returns<null>() },
  'relay.status': { args: z.tuple([]), result: returns<RelayStatus>() },
  'links.openExternal': { args: z.tuple([z.url({ protocol: /^https$/ })]), result: returns<boolean>() },
} as const;

export type IpcContract = typeof ipcContract;
export type IpcChannel = keyof IpcContract;
export type IpcArgs<C extends IpcChannel> = z.output<IpcContract[C]['args']>;
export type IpcValue<C extends IpcChannel> = IpcContract[C]['result'];
export const ipcChannels = Object.keys(ipcContract) as IpcChannel[];
