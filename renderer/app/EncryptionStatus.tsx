import { useEffect, useState } from 'react';

import { cryptoVersion, initCrypto } from '../../shared/crypto';

/**
 * Loads libsodium (WebAssembly, allowed by the CSP's 'wasm-unsafe-eval') at start, and says
 * whether end-to-end encryption is available: nothing is synced without it.
 */
export function EncryptionStatus() {
  const [state, setState] = useState<{ ready: true; version: string } | { ready: false; error: string | null }>({
    ready: false,
    error: null,
  });

  useEffect(() => {
    let live = true;
    initCrypto().then(
      () => live && setState({ ready: true, version: cryptoVersion() }),
      (e: unknown) => live && setState({ ready: false, error: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, []);

  const text = state.ready
    ? `End-to-end encryption ready (libsodium ${state.version})`
    : state.error
      ? `Encryption unavailable: ${state.error}`
      : 'Loading encryption…';
  return (
    <p className="encryption-status" role="status" aria-label="Encryption">
      {text}
    </p>
  );
}
