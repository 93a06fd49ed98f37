import { describe, expect, it } from 'vitest';

import { generateIdentity, initCrypto } from '../crypto';
import { parseEnvelope, sealEnvelope } from '../protocol';
import { entrySignatureValid } from './verifiedEntries';

await initCrypto();

const author = generateIdentity();
const header = {
  kind: 'update' as const,
  workspaceId: 'w',
  docId: 'board',
  keyScope: '',
  epoch: 1,
  author: author.signPublicKey,
  replica: 7,
  seq: 1,
};
const sealed = () => sealEnvelope(header, new Uint8Array([1, 2, 3]), new Uint8Array(32).fill(9), author.signSecretKey);

describe('entrySignatureValid', () => {
  it('remembers a valid entry by identity, never by content: an altered copy is checked and refused', () => {
    const entry = sealed();
    expect(entrySignatureValid(entry, parseEnvelope(entry))).toBe(true);
    expect(entrySignatureValid(entry, parseEnvelope(entry))).toBe(true);
    const altered = entry.slice();
    altered[altered.length - 70]! ^= 1; // a ciphertext byte
    expect(entrySignatureValid(altered, parseEnvelope(altered))).toBe(false);
  });

  it('remembers no refusal as a pass: a forged entry stays refused on every call', () => {
    const forged = sealed();
    forged[forged.length - 1]! ^= 1; // a signature byte
    expect(entrySignatureValid(forged, parseEnvelope(forged))).toBe(false);
    expect(entrySignatureValid(forged, parseEnvelope(forged))).toBe(false);
  });
});
