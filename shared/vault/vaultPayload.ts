import { bytesEqual, concatBytes, fromBase64Url, fromUtf8, toBase64Url, utf8, wipe } from '../crypto';
import type { Identity } from '../crypto';
import { VaultError } from './VaultError';

export interface WorkspaceRecord {
  title: string;
  relayUrl: string;
  /** memberId → the fingerprint this member compared aloud and confirmed. */
  verified?: Record<string, string>;
}

/** What the vault holds besides its secrets: safe to keep as plain JS values. */
export interface VaultProfile {
  name: string;
  agency: string;
  workspaces: Record<string, WorkspaceRecord>;
  /** Minutes without input before the app locks itself (absent: 15). */
  lockAfterMinutes?: number;
}

export interface VaultPayload {
  profile: VaultProfile;
  identity: Identity;
  /** Seals the local copies of transport documents (S3). */
  storageKey: Uint8Array;
}

// The payload is JSON, v1: {"v":1,"identity":{…4 keys…},"storageKey":…,"name":…,…}. Secrets go
// between bytes and base64 text without ever becoming a JS string: strings cannot be wiped.
const SECRET_FIELDS = [
  ['signSecretKey', 64],
  ['boxSecretKey', 32],
  ['storageKey', 32],
] as const;

/** The payload's bytes; the caller seals them, then wipes them. */
export function encodeVaultPayload({ profile, identity, storageKey }: VaultPayload): Uint8Array {
  const signSecret = base64UrlBytes(identity.signSecretKey);
  const boxSecret = base64UrlBytes(identity.boxSecretKey);
  const storage = base64UrlBytes(storageKey);
  const { name, agency, workspaces, lockAfterMinutes } = profile;
  const rest = JSON.stringify({ name, agency, workspaces, lockAfterMinutes });
  const out = concatBytes(
    utf8(`{"v":1,"identity":{"signPublicKey":"${toBase64Url(identity.signPublicKey)}","signSecretKey":"`),
    signSecret,
    utf8(`","boxPublicKey":"${toBase64Url(identity.boxPublicKey)}","boxSecretKey":"`),
    boxSecret,
    utf8('"},"storageKey":"'),
    storage,
    utf8(`",${rest.slice(1)}`),
  );
  wipe(signSecret, boxSecret, storage);
  return out;
}

/**
 * Reads a decrypted payload, and wipes it. The secret fields are decoded straight from the bytes
 * (the first occurrence: they precede every user-written field) and blanked before the rest is
 * parsed as JSON. Anything malformed is a damaged vault.
 */
export function decodeVaultPayload(payload: Uint8Array): VaultPayload {
  const secrets: Uint8Array[] = [];
  try {
    for (const [field, length] of SECRET_FIELDS) secrets.push(takeSecret(payload, field, length));
    const json = JSON.parse(fromUtf8(payload)) as unknown;
    const [signSecretKey, boxSecretKey, storageKey] = secrets as [Uint8Array, Uint8Array, Uint8Array];
    const { profile, signPublicKey, boxPublicKey } = readPublicPart(json);
    // An Ed25519 secret key ends with its public key: a mismatch is damage, not a usable identity.
    if (!bytesEqual(signSecretKey.subarray(32), signPublicKey)) throw new Error('identity keys do not match');
    return { profile, identity: { signPublicKey, signSecretKey, boxPublicKey, boxSecretKey }, storageKey };
  } catch (e) {
    wipe(...secrets);
    throw new VaultError('damaged', { cause: e });
  } finally {
    wipe(payload);
  }
}

function readPublicPart(json: unknown): { profile: VaultProfile; signPublicKey: Uint8Array; boxPublicKey: Uint8Array } {
  const c = json as Record<string, unknown> | null;
  if (typeof c !== 'object' || c === null || c['v'] !== 1) throw new Error('not a v1 payload');
  const identity = c['identity'] as Record<string, unknown> | null;
  if (typeof identity !== 'object' || identity === null) throw new Error('no identity');
  const signPublicKey = publicKey(identity['signPublicKey']);
  const boxPublicKey = publicKey(identity['boxPublicKey']);
  const { name, agency, workspaces, lockAfterMinutes } = c;
  if (typeof name !== 'string' || typeof agency !== 'string' || !name.trim() || !agency.trim()) {
    throw new Error('no name or agency');
  }
  if (!isRecordOf(workspaces, isWorkspaceRecord)) throw new Error('bad workspace list');
  if (
    lockAfterMinutes !== undefined &&
    !(Number.isInteger(lockAfterMinutes) && (lockAfterMinutes as number) >= 1 && (lockAfterMinutes as number) <= 1440)
  ) {
    throw new Error('bad lock delay');
  }
  const profile: VaultProfile = { name, agency, workspaces };
  if (lockAfterMinutes !== undefined) profile.lockAfterMinutes = lockAfterMinutes as number;
  return { profile, signPublicKey, boxPublicKey };
}

function publicKey(value: unknown): Uint8Array {
  if (typeof value !== 'string' || value.length !== 43) throw new Error('bad public key');
  return fromBase64Url(value);
}

function isRecordOf<T>(value: unknown, check: (v: unknown) => v is T): value is Record<string, T> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value as Record<string, unknown>).every(check)
  );
}

function isWorkspaceRecord(value: unknown): value is WorkspaceRecord {
  const w = value as Partial<WorkspaceRecord> | null;
  return (
    typeof w === 'object' &&
    w !== null &&
    typeof w.title === 'string' &&
    typeof w.relayUrl === 'string' &&
    (w.verified === undefined || isRecordOf(w.verified, (v): v is string => typeof v === 'string'))
  );
}

/** Decodes `"field":"<base64url>"` in place and overwrites the text with 'A's. */
function takeSecret(payload: Uint8Array, field: string, length: number): Uint8Array {
  const marker = utf8(`"${field}":"`);
  const at = indexOf(payload, marker);
  if (at < 0) throw new Error(`no ${field}`);
  const start = at + marker.length;
  const end = payload.indexOf(0x22, start);
  if (end < 0 || end - start !== Math.ceil((length * 4) / 3)) throw new Error(`bad ${field}`);
  const text = payload.subarray(start, end);
  const bytes = base64UrlDecode(text, length);
  text.fill(0x41);
  return bytes;
}

function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

const ALPHABET = Uint8Array.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_', (c) =>
  c.charCodeAt(0),
);
const VALUE = new Int8Array(128).fill(-1);
ALPHABET.forEach((c, i) => (VALUE[c] = i));

/** URL-safe base64 without padding, as bytes of ASCII text. */
function base64UrlBytes(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.ceil((bytes.length * 4) / 3));
  let o = 0;
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    for (let k = 0; k < 4 && o < out.length; k++) out[o++] = ALPHABET[(n >> (18 - 6 * k)) & 63]!;
  }
  return out;
}

function base64UrlDecode(text: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (const c of text) {
    const v = c < 128 ? VALUE[c]! : -1;
    if (v < 0) {
      wipe(out);
      throw new Error('not base64url');
    }
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      if (o < length) out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}
