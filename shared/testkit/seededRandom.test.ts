import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';

import {
  aeadSeal,
  generateBoxKeyPair,
  generateIdentity,
  generateSymmetricKey,
  initCrypto,
  randomBytes,
  sealToPublicKey,
  toBase64Url,
  wrapKey,
} from '../crypto';
import { addOrganization } from '../model';
import { newReplica } from '../protocol';
import { withSeededRandom } from './seededRandom';

await initCrypto();

/** One draw from every kind of randomness a convergence run uses, as text. */
function draws(): string[] {
  const id = generateIdentity();
  const pair = generateBoxKeyPair();
  const key = generateSymmetricKey();
  const sealed = aeadSeal(key, new Uint8Array([1, 2, 3]), new Uint8Array(0));
  return [
    toBase64Url(randomBytes(16)),
    addOrganization(new Y.Doc(), { name: 'A fact id' }, 0),
    String(newReplica()),
    toBase64Url(id.signPublicKey),
    toBase64Url(id.boxPublicKey),
    toBase64Url(pair.publicKey),
    toBase64Url(sealed.nonce),
    toBase64Url(sealed.ciphertext),
    toBase64Url(sealToPublicKey(new Uint8Array([4]), pair.publicKey)),
    toBase64Url(wrapKey(key, 'test', pair.publicKey, id.signSecretKey).sealed),
  ];
}

describe('withSeededRandom (test kit)', () => {
  it('makes every draw of randomBytes and of libsodium.js a function of the seed', () => {
    const first = withSeededRandom(7, draws);
    expect(withSeededRandom(7, draws)).toEqual(first);
    const other = withSeededRandom(8, draws);
    first.forEach((draw, i) => expect(other[i]).not.toBe(draw));
  });

  it('puts the CSPRNG back afterwards, also when the run throws', () => {
    const seeded = withSeededRandom(7, draws);
    expect(draws()).not.toEqual(seeded);
    expect(() =>
      withSeededRandom(7, () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(draws()).not.toEqual(seeded);
    expect(Object.getOwnPropertyNames(globalThis.crypto)).not.toContain('getRandomValues');
  });
});
