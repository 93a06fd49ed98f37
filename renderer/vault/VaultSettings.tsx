import { useState } from 'react';
import type { FormEvent } from 'react';

import { formText, handler } from '../app/forms';
import { useAppSession } from '../session/AppSession';

/** Change the passphrase (re-seals the vault, loses nothing) and the idle time before locking. */
export function VaultSettings() {
  const session = useAppSession();
  const [message, setMessage] = useState<{ kind: 'alert' | 'status'; text: string } | null>(null);

  const run = handler(async (action: () => void, done: string, then?: () => void) => {
    try {
      action();
      await session.save();
      setMessage({ kind: 'status', text: done });
      then?.();
    } catch (err) {
      setMessage({ kind: 'alert', text: err instanceof Error ? err.message : String(err) });
    }
  });

  const changePassphrase = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const next = formText(data, 'next');
    if (next !== formText(data, 'repeat'))
      return setMessage({ kind: 'alert', text: 'The two new passphrases differ.' });
    run(
      () => session.vault.changePassphrase(next, 'interactive'),
      'Passphrase changed.',
      () => form.reset(),
    );
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
              run(() => (session.vault.lockAfterMinutes = minutes), `Locks after ${minutes} minutes without use.`);
            }
          }}
        />
      </label>
      {message && <p role={message.kind}>{message.text}</p>}
    </section>
  );
}
