import * as prng from 'lib0/prng';

type GetRandomValues = (array: Uint8Array) => Uint8Array;
/** Web Crypto, as `randomBytes` (shared/crypto/bytes.ts) finds it. */
const webCrypto = (globalThis as { crypto?: { getRandomValues: GetRandomValues } }).crypto;

/**
 * Runs `fn` with the platform's CSPRNG — Web Crypto's `getRandomValues`, the one source that our
 * `randomBytes` and libsodium.js both draw from — replaced by a stream seeded with `seed`, and puts
 * it back after. Every key, nonce, sealed box, fact id, round id and genesis nonce the code under
 * test draws during `fn` is then a function of the seed, so a seeded run replays byte for byte
 * (Yjs's own seeded tests do the same with `prng`). Production code has no such switch: this lives
 * in the test kit only, and nothing from the wire or the transport document reaches it.
 *
 * Yjs draws its client ids through a copy of `getRandomValues` it took when it loaded: set
 * `doc.clientID` of every document a test makes (SecureWorkspace derives its own from the replica).
 */
export function withSeededRandom<T>(seed: number, fn: () => T): T {
  if (!webCrypto) throw new Error('no Web Crypto here: nothing to seed');
  const original = Object.getOwnPropertyDescriptor(webCrypto, 'getRandomValues');
  const gen = prng.create(seed);
  // Typed arrays of any width (libsodium.js asks for a Uint32Array): filled byte by byte.
  const seeded: GetRandomValues = (array) => {
    new Uint8Array(array.buffer, array.byteOffset, array.byteLength).set(prng.uint8Array(gen, array.byteLength));
    return array;
  };
  Object.defineProperty(webCrypto, 'getRandomValues', { value: seeded, configurable: true, writable: true });
  try {
    return fn();
  } finally {
    if (original) Object.defineProperty(webCrypto, 'getRandomValues', original);
    else delete (webCrypto as { getRandomValues?: GetRandomValues }).getRandomValues;
  }
}
