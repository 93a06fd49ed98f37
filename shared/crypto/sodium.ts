import sodiumModule from 'libsodium-wrappers-sumo';

/** The libsodium.js instance, usable once `initCrypto()` resolved (it loads WebAssembly). */
export type Sodium = typeof sodiumModule;

let loaded = false;

/** Loads libsodium once; every crypto function below needs it done. Safe to call many times. */
export async function initCrypto(): Promise<void> {
  await sodiumModule.ready;
  loaded = true;
}

export function sodium(): Sodium {
  if (!loaded) throw new Error('crypto used before initCrypto() resolved');
  return sodiumModule;
}

/** libsodium's version, for the UI and diagnostics. */
export const cryptoVersion = (): string => sodium().sodium_version_string();
