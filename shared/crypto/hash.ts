import { sodium } from './sodium';

/** BLAKE2b of `bytes`, `length` bytes long (16–64): ids derived from content, fingerprints. */
export const blake2b = (bytes: Uint8Array, length: number): Uint8Array =>
  sodium().crypto_generichash(length, bytes, null);
