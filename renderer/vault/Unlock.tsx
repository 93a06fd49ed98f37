import { useState } from 'react';
import type { FormEvent } from 'react';

import type { Vault } from '../../shared/vault';
import { formText, handler } from '../app/forms';
import { useHost } from '../host';
import { unlockVault } from '../session/vaultStorage';
import { ProtectionNote } from './ProtectionNote';

/** Unlock with the passphrase. A wrong one says so and changes nothing; there is no lock-out. */
export function Unlock({ onUnlocked }: { onUnlocked: (vault: Vault) => void }) {
  const host = useHost();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const passphrase = formText(new FormData(e.currentTarget), 'passphrase');
    setBusy(true);
    setError(null);
    try {
      onUnlocked(await unlockVault(host, passphrase));
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      setError(message.charAt(0).toUpperCase() + message.slice(1) + '.');
      setBusy(false);
    }
  }

  return (
    <section className="card narrow" aria-labelledby="unlock-title">
      <h2 id="unlock-title">Unlock</h2>
      <form onSubmit={handler(submit)}>
        <label>
          Passphrase
          <input name="passphrase" type="password" required autoFocus autoComplete="current-password" />
        </label>
        {error && <p role="alert">{error}</p>}
        <button type="submit" disabled={busy}>
          {busy ? 'Unlocking…' : 'Unlock'}
        </button>
      </form>
      <ProtectionNote />
    </section>
  );
}
