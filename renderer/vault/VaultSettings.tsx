import { useState } from 'react';
import type { FormEvent } from 'react';

import { useAppSession } from '../session/AppSession';

/** Change the passphrase (re-seals the vault, loses nothing) and the idle time before locking. */
export function VaultSettings() {
  const session = useAppSession();
  const [message, setMessage] = useState<{ kind: 'alert' | 'status'; text: string } | null>(null);

  const run = async (action: () => void, done: string) => {
    try {
      action();
      await session.save();
      setMessage({ kind: 'status', text: done });
    } catch (err) {
      setMessage({ kind: 'alert', text: err instanceof Error ? err.message : String(err) });
    }
  };

  const changePassphrase = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const next = String(data.get('next'));
    if (next !== String(data.get('repeat')))
      return setMessage({ kind: 'alert', text: 'The two new passphrases differ.' });
    void run(() => session.vault.changePassphrase(next, 'interactive'), 'Passphrase changed.').then(() => form.reset());
  };

  return (
    <section className="card" aria-labelledby="settings-title">
      <h2 id="settings-title">This machine</h2>
      <form className="inline" onSubmit={changePassphrase} aria-label="Change passphrase">
        <label>
          New passphrase
          <input name="next" type="password" required minLength={8} autoComplete="new-password" />
        </label>
        <label>
          Repeat new passphrase
          <input name="repeat" type="password" required minLength={8} autoComplete="new-password" />
        </label>
        <button type="submit">Change passphrase</button>
      </form>
      <label>
        Lock after this many minutes without use
        <input
          type="number"
          min={1}
          max={1440}
          defaultValue={session.vault.lockAfterMinutes}
          onChange={(e) => {
            const minutes = Number(e.target.value);
            if (Number.isInteger(minutes) && minutes >= 1 && minutes <= 1440) {
              void run(() => (session.vault.lockAfterMinutes = minutes), `Locks after ${minutes} minutes without use.`);
            }
          }}
        />
      </label>
      {message && <p role={message.kind}>{message.text}</p>}
    </section>
  );
}
