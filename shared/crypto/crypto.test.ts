import { describe, expect, it } from 'vitest';

import { sodium } from './sodium';

import {
  aeadOpen,
  aeadSeal,
  DecryptionError,
  deriveKeyFromPassphrase,
  fingerprint,
  fromBase64Url,
  fromUtf8,
  generateIdentity,
  generateSymmetricKey,
  identityFromSeed,
  initCrypto,
  memberIdOf,
  isAcceptableKdf,
  newKdfParams,
  randomBytes,
  sign,
  SignatureDomain,
  toBase64Url,
  unwrapKey,
  utf8,
  verify,
  wipe,
  wrapKey,
} from './index';

await initCrypto();

const flip = (bytes: Uint8Array, at = 0) => {
  const copy = bytes.slice();
  copy[at] = (copy[at] ?? 0) ^ 1;
  return copy;
};

describe('aead', () => {
  it('opens what it sealed, with the same header', () => {
    const key = generateSymmetricKey();
    const header = utf8('header');
    const { nonce, ciphertext } = aeadSeal(key, utf8('Org Falcon'), header);
    expect(fromUtf8(aeadOpen(key, nonce, ciphertext, header))).toBe('Org Falcon');
  });
  it('refuses a flipped byte, another header, another key or nonce', () => {
    const key = generateSymmetricKey();
    const header = utf8('header');
    const { nonce, ciphertext } = aeadSeal(key, utf8('secret'), header);
    expect(() => aeadOpen(key, nonce, flip(ciphertext, 3), header)).toThrow(DecryptionError);
    expect(() => aeadOpen(key, nonce, ciphertext, utf8('headeR'))).toThrow(DecryptionError);
    expect(() => aeadOpen(generateSymmetricKey(), nonce, ciphertext, header)).toThrow(DecryptionError);
    expect(() => aeadOpen(key, flip(nonce), ciphertext, header)).toThrow(DecryptionError);
  });
  it('draws a fresh nonce every time', () => {
    const key = generateSymmetricKey();
    expect(aeadSeal(key, utf8('x'), utf8('')).nonce).not.toEqual(aeadSeal(key, utf8('x'), utf8('')).nonce);
  });
});

describe('signatures', () => {
  const me = generateIdentity();
  it('verify only under the same domain and key', () => {
    const message = utf8('message');
    const sig = sign(SignatureDomain.envelope, message, me.signSecretKey);
    expect(verify(SignatureDomain.envelope, message, sig, me.signPublicKey)).toBe(true);
    expect(verify(SignatureDomain.roster, message, sig, me.signPublicKey)).toBe(false);
    expect(verify(SignatureDomain.envelope, flip(message), sig, me.signPublicKey)).toBe(false);
    expect(verify(SignatureDomain.envelope, message, flip(sig), me.signPublicKey)).toBe(false);
    expect(verify(SignatureDomain.envelope, message, sig, generateIdentity().signPublicKey)).toBe(false);
  });
  it('answers false, not an exception, to malformed keys and signatures', () => {
    expect(verify(SignatureDomain.envelope, utf8('m'), new Uint8Array(3), me.signPublicKey)).toBe(false);
    expect(verify(SignatureDomain.envelope, utf8('m'), new Uint8Array(64), new Uint8Array(5))).toBe(false);
  });
});

describe('key wrapping', () => {
  const admin = generateIdentity();
  const member = generateIdentity();
  const key = generateSymmetricKey();
  const wrapped = wrapKey(key, 'ws-1/epoch-0', member.boxPublicKey, admin.signSecretKey);

  it('unwraps for the recipient from the signer', () => {
    expect(unwrapKey(wrapped, 'ws-1/epoch-0', member, admin.signPublicKey)).toEqual(key);
  });
  it('refuses another signer, recipient or context, and tampering', () => {
    expect(unwrapKey(wrapped, 'ws-1/epoch-0', member, member.signPublicKey)).toBeNull();
    expect(unwrapKey(wrapped, 'ws-1/epoch-0', generateIdentity(), admin.signPublicKey)).toBeNull();
    expect(unwrapKey(wrapped, 'ws-2/epoch-0', member, admin.signPublicKey)).toBeNull();
    expect(
      unwrapKey({ ...wrapped, sealed: flip(wrapped.sealed, 40) }, 'ws-1/epoch-0', member, admin.signPublicKey),
    ).toBeNull();
  });
});

describe('passphrase derivation', () => {
  it('derives the same key from the same passphrase and stored parameters only', () => {
    const params = newKdfParams('interactive');
    const a = deriveKeyFromPassphrase('correct horse battery staple', params);
    expect(deriveKeyFromPassphrase('correct horse battery staple', params)).toEqual(a);
    expect(deriveKeyFromPassphrase('correct horse battery stapl3', params)).not.toEqual(a);
    expect(deriveKeyFromPassphrase('correct horse battery staple', newKdfParams('interactive'))).not.toEqual(a);
  });
  it('refuses weak parameters and an empty passphrase', () => {
    const params = newKdfParams('interactive');
    expect(() => deriveKeyFromPassphrase('x', { ...params, opslimit: 1 })).toThrow(/weaker/);
    expect(() => deriveKeyFromPassphrase('', params)).toThrow(/empty/);
    expect(() => deriveKeyFromPassphrase('x', { ...params, memlimit: 2 ** 40 })).toThrow(
      /outside what this app accepts/,
    );
    expect(() => deriveKeyFromPassphrase('x', { ...params, salt: 'AAAA' })).toThrow(/outside what this app accepts/);
  });
  it('calls a salt with non-zero trailing bits unacceptable instead of throwing libsodium\'s "invalid input"', () => {
    const params = newKdfParams('interactive');
    expect(isAcceptableKdf(params)).toBe(true);
    expect(isAcceptableKdf({ ...params, salt: 'uidqaqyzvlqcdpcbcjlefn' })).toBe(false);
    for (const last of 'AQgw') expect(isAcceptableKdf({ ...params, salt: `${'A'.repeat(21)}${last}` })).toBe(true);
  });
});

describe('identity', () => {
  it('gives a readable fingerprint that changes with the keys', () => {
    const a = generateIdentity();
    expect(fingerprint(a)).toMatch(/^(\d{5} ){11}\d{5}$/);
    expect(fingerprint(a)).not.toBe(fingerprint(generateIdentity()));
    expect(memberIdOf(a)).toBe(toBase64Url(a.signPublicKey));
  });
  it('derives the same keys from the same seed', () => {
    const seed = randomBytes(32);
    expect(identityFromSeed(seed).signPublicKey).toEqual(identityFromSeed(seed).signPublicKey);
    expect(identityFromSeed(seed).boxPublicKey).toEqual(identityFromSeed(seed.slice()).boxPublicKey);
  });
});

describe('bytes', () => {
  it('round-trips URL-safe base64 and refuses other alphabets', () => {
    const b = randomBytes(33);
    expect(fromBase64Url(toBase64Url(b))).toEqual(b);
    expect(() => fromBase64Url('ab+/')).toThrow(/base64/);
  });
  it("encodes base64 exactly as libsodium does, at every length's remainder and past the short path", () => {
    for (const length of [0, 1, 2, 3, 4, 5, 31, 32, 33, 64, 1024, 1025, 3000]) {
      const b = randomBytes(length);
      expect(toBase64Url(b)).toBe(sodium().to_base64(b, sodium().base64_variants.URLSAFE_NO_PADDING));
    }
  });
  it('refuses invalid UTF-8', () => {
    expect(() => fromUtf8(new Uint8Array([0xff, 0xfe]))).toThrow();
  });
  it('wipes secrets', () => {
    const secret = randomBytes(32);
    wipe(secret);
    expect([...secret].every((x) => x === 0)).toBe(true);
  });
});
