import { describe, expect, it } from 'vitest';

import { bytesEqual, deriveKeyFromPassphrase, initCrypto, newKdfParams, sealVault, toBase64Url, utf8 } from '../crypto';
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

  it('opens a vault sealed by the previous version (contents written by JSON.stringify)', () => {
    const vault = make();
    const kdf = newKdfParams('interactive');
    const old = {
      v: 1,
      identity: {
        signPublicKey: toBase64Url(vault.identity.signPublicKey),
        signSecretKey: toBase64Url(vault.identity.signSecretKey),
        boxPublicKey: toBase64Url(vault.identity.boxPublicKey),
        boxSecretKey: toBase64Url(vault.identity.boxSecretKey),
      },
      name: 'Ana Example',
      agency: 'Coast Guard',
      storageKey: toBase64Url(vault.storageKey),
      workspaces: { w1: { title: 'T', relayUrl: 'ws://h:1', verified: { storageKey: 'AAAA' } } },
      lockAfterMinutes: 5,
    };
    const sealed = sealVault(deriveKeyFromPassphrase('old passphrase', kdf), kdf, utf8(JSON.stringify(old)));
    const reopened = Vault.unlock(JSON.parse(JSON.stringify(sealed)), 'old passphrase');
    expect(reopened.memberId).toBe(vault.memberId);
    expect(reopened.storageKey).toEqual(vault.storageKey);
    expect(reopened.identity.boxSecretKey).toEqual(vault.identity.boxSecretKey);
    expect(reopened.workspaces).toEqual(old.workspaces);
    expect(reopened.lockAfterMinutes).toBe(5);
  });

  it('keeps no base64 copy of a secret after unlock, and lock zeroes every byte array that held one', () => {
    const vault = Vault.unlock(make().seal(), 'first passphrase');
    const secrets = [vault.identity.signSecretKey, vault.identity.boxSecretKey, vault.storageKey].map((k) => k.slice());
    const encodings = secrets.flatMap((k) => [toBase64Url(k), toBase64Url(k.subarray(0, 12))]);
    const before = reachable(vault);
    for (const text of before.strings) for (const e of encodings) expect(text.includes(e)).toBe(false);
    const holding = before.bytes.filter((b) => secrets.some((k) => contains(b, k)));
    expect(holding.length).toBeGreaterThanOrEqual(3);

    vault.lock();
    const publicKeys = [vault.identity.signPublicKey, vault.identity.boxPublicKey];
    for (const b of holding) expect(b.every((x) => x === 0)).toBe(true);
    for (const b of reachable(vault).bytes) {
      expect(b.every((x) => x === 0) || publicKeys.some((p) => p === b || bytesEqual(p, b))).toBe(true);
    }
  });
});

/** Every string and byte array reachable from `root` through own properties, Maps and Sets. */
function reachable(root: unknown): { strings: string[]; bytes: Uint8Array[] } {
  const strings: string[] = [];
  const bytes: Uint8Array[] = [];
  const seen = new Set<unknown>();
  const visit = (v: unknown): void => {
    if (typeof v === 'string') strings.push(v);
    if (typeof v !== 'object' || v === null || seen.has(v)) return;
    seen.add(v);
    if (v instanceof Uint8Array) return void bytes.push(v);
    if (v instanceof Map) {
      for (const [k, x] of v) {
        visit(k);
        visit(x);
      }
    }
    if (v instanceof Set) for (const x of v) visit(x);
    for (const key of Reflect.ownKeys(v)) visit((v as Record<PropertyKey, unknown>)[key]);
  };
  visit(root);
  return { strings, bytes };
}

function contains(haystack: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}
