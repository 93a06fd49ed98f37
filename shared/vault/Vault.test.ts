import { describe, expect, it } from 'vitest';

import { initCrypto } from '../crypto';
import { Vault } from './Vault';

await initCrypto();

describe('Vault', () => {
  const make = () => Vault.create('first passphrase', { name: 'Ana Example', agency: 'Coast Guard' }, 'interactive');

  it('unlocks with its passphrase and keeps identity and workspaces across sealing', () => {
    const vault = make();
    vault.setWorkspace('w1', { title: 'Sector table', relayUrl: 'ws://10.0.0.5:4444' });
    const again = Vault.unlock(JSON.parse(JSON.stringify(vault.seal())), 'first passphrase');
    expect(again.memberId).toBe(vault.memberId);
    expect(again.fingerprint).toBe(vault.fingerprint);
    expect(again.workspaces).toEqual({ w1: { title: 'Sector table', relayUrl: 'ws://10.0.0.5:4444' } });
    expect(JSON.stringify(vault.seal())).not.toMatch(/Ana|Coast|Sector/);
  });

  it('tells a wrong passphrase from a damaged vault', () => {
    const sealed = make().seal();
    expect(() => Vault.unlock(sealed, 'second passphrase')).toThrow(/wrong passphrase/);
    expect(() => Vault.unlock({ ...sealed, format: 'x' }, 'first passphrase')).toThrow(/damaged/);
    expect(() =>
      Vault.unlock({ ...sealed, ciphertext: sealed.ciphertext.slice(0, -4) + 'AAAA' }, 'first passphrase'),
    ).toThrow(/wrong passphrase \(or the vault file was altered\)/);
  });

  it('changes the passphrase and loses nothing', () => {
    const vault = make();
    vault.setWorkspace('w1', { title: 'T', relayUrl: 'ws://h:1' });
    vault.changePassphrase('second passphrase', 'interactive');
    const sealed = vault.seal();
    expect(() => Vault.unlock(sealed, 'first passphrase')).toThrow(/wrong passphrase/);
    const reopened = Vault.unlock(sealed, 'second passphrase');
    expect(reopened.memberId).toBe(vault.memberId);
    expect(Object.keys(reopened.workspaces)).toEqual(['w1']);
  });

  it('refuses short passphrases and wipes its secrets when locked', () => {
    expect(() => Vault.create('short', { name: 'A', agency: 'B' }, 'interactive')).toThrow(/at least 8/);
    const vault = make();
    vault.lock();
    expect([...vault.identity.signSecretKey].every((b) => b === 0)).toBe(true);
    expect([...vault.storageKey].every((b) => b === 0)).toBe(true);
  });
});
