import type { FileFilter, RelayStatus, SecretProtection } from '../../shared/ipc';

/**
 * What the renderer asks of the machine it runs on. Under Electron the preload bridge answers
 * (ElectronHost); in a plain browser — tests, development, the `npm start` fallback — WebHost
 * does what a browser can. The UI never learns which, beyond `kind` for honest wording.
 * Every method throws a HostError with a one-line message on failure.
 */
export interface Host {
  readonly kind: 'electron' | 'web';
  readonly secrets: {
    /** How stored secrets are protected on this machine, to be told to the user as is. */
    protection(): Promise<SecretProtection>;
    store(name: string, value: Uint8Array): Promise<void>;
    load(name: string): Promise<Uint8Array | null>;
    remove(name: string): Promise<void>;
  };
  readonly files: {
    /** Saves bytes to a file the user picks; the chosen name, or null if they cancelled. */
    save(options: { suggestedName: string; data: Uint8Array; filters: FileFilter[] }): Promise<{ name: string } | null>;
    /** Reads a file the user picks, or null if they cancelled. */
    open(options: { filters: FileFilter[] }): Promise<{ name: string; data: Uint8Array } | null>;
  };
  readonly relay: {
    /** Whether this host can start a relay itself (the desktop app can; a browser cannot). */
    readonly canHost: boolean;
    host(options: { port: number; lan: boolean }): Promise<RelayStatus>;
    /** Lets the app connect to a relay the user chose (a workspace's or an invite's). */
    allow(url: string): Promise<void>;
    stop(): Promise<RelayStatus>;
    status(): Promise<RelayStatus>;
  };
  /** Opens an https link outside the app, after the user confirms; false if they declined. */
  openExternal(url: string): Promise<boolean>;
}

export class HostError extends Error {
  override readonly name = 'HostError';
}
