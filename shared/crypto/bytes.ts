import { sodium } from './sodium';

export const utf8 = (text: string): Uint8Array => sodium().from_string(text);
/** Throws on invalid UTF-8 (libsodium decodes with `fatal: true`) rather than inventing characters. */
export const fromUtf8 = (bytes: Uint8Array): string => sodium().to_string(bytes);

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Constant-time comparison (libsodium's memcmp) for equal-length inputs. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && sodium().memcmp(a, b);
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * URL-safe base64 without padding. Keys and signatures (32–64 bytes) are encoded a few times per
 * envelope: in plain JS that costs a fraction of a microsecond, where a call into libsodium's
 * WebAssembly (copy in, encode, copy out) cost about 2 µs (bench P2). Long inputs still go there.
 */
export function toBase64Url(bytes: Uint8Array): string {
  if (bytes.length > 1024) return sodium().to_base64(bytes, sodium().base64_variants.URLSAFE_NO_PADDING);
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += ALPHABET[n >>> 18]! + ALPHABET[(n >>> 12) & 63]! + ALPHABET[(n >>> 6) & 63]! + ALPHABET[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += ALPHABET[n >>> 18]! + ALPHABET[(n >>> 12) & 63]!;
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += ALPHABET[n >>> 18]! + ALPHABET[(n >>> 12) & 63]! + ALPHABET[(n >>> 6) & 63]!;
  }
  return out;
}

/** Decodes URL-safe base64 without padding; throws a clear error on anything else. */
export function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('not URL-safe base64');
  return sodium().from_base64(text, sodium().base64_variants.URLSAFE_NO_PADDING);
}

/** The platform's CSPRNG (Web Crypto, in browsers and Node alike), if it has one. */
const webCrypto = (globalThis as { crypto?: { getRandomValues(array: Uint8Array): Uint8Array } }).crypto;

/**
 * Random bytes from the platform's CSPRNG. libsodium.js draws from the same source but four bytes
 * per call, which made a 24-byte nonce cost ~50 µs (bench P2); one call costs ~2 µs.
 */
export const randomBytes = (length: number): Uint8Array =>
  webCrypto && length <= 65536 ? webCrypto.getRandomValues(new Uint8Array(length)) : sodium().randombytes_buf(length);

/** Overwrites a secret that is no longer needed (keys, passphrase-derived material). */
export function wipe(...secrets: Array<Uint8Array | null | undefined>): void {
  for (const s of secrets) if (s) sodium().memzero(s);
}
