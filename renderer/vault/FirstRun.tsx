import { useState } from 'react';
import type { FormEvent } from 'react';

import { Vault } from '../../shared/vault';
import { formText, handler } from '../app/forms';
import { useHost } from '../host';
import { saveVault } from '../session/vaultStorage';
import { ProtectionNote } from './ProtectionNote';

/** First run on this machine: who I am (name, agency) and the passphrase that seals my vault. */
export function FirstRun({ onCreated }: { onCreated: (vault: Vault) => void }) {
  const host = useHost();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const passphrase = formText(form, 'passphrase');
    if (passphrase !== formText(form, 'repeat')) return setError('The two passphrases differ.');
    setBusy(true);
    setError(null);
    try {
      const vault = Vault.create(
        passphrase,
        { name: formText(form, 'name'), agency: formText(form, 'agency') },
        'interactive',
      );
      await saveVault(host, vault);
      onCreated(vault);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  }

  return (
    <section className="card narrow" aria-labelledby="first-run-title">
      <h2 id="first-run-title">Set up Unity Table on this machine</h2>
      <p>Your identity keys are made here and never leave this machine unencrypted.</p>
      <form onSubmit={handler(submit)}>
        <label>
          Your name
          <input name="name" required autoComplete="name" />
        </label>
        <label>
          Agency
          <input name="agency" required />
        </label>
        <label>
          Passphrase
          <input name="passphrase" type="password" required minLength={8} autoComplete="new-password" />
        </label>
        <label>
          Repeat passphrase
          <input name="repeat" type="password" required minLength={8} autoComplete="new-password" />
        </label>
        {error && <p role="alert">{error}</p>}
        <button type="submit" disabled={busy}>
          {busy ? 'Creating…' : 'Create my identity'}
        </button>
      </form>
      <ProtectionNote />
    </section>
  );
}
