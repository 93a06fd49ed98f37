import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

import { blake2b, fromUtf8, sign, toBase64Url, utf8, verify } from '../crypto';
import type { SignatureDomain } from '../crypto';

/**
 * A JSON body with one or two Ed25519 signatures over its exact bytes — the form of roster and
 * key-log entries in the transport document. The body is kept as bytes, so what was signed is
 * what is checked, whatever JSON parsers make of it.
 */
export interface SignedEntry {
  body: Uint8Array;
  signatures: Uint8Array[];
}

export const MAX_ENTRY_BYTES = 16 * 1024;

export function encodeSignedEntry(domain: SignatureDomain, body: object, signers: Uint8Array[]): Uint8Array {
  const bodyBytes = utf8(JSON.stringify(body));
  const e = encoding.createEncoder();
  encoding.writeVarUint8Array(e, bodyBytes);
  encoding.writeVarUint(e, signers.length);
  for (const secret of signers) encoding.writeVarUint8Array(e, sign(domain, bodyBytes, secret));
  return encoding.toUint8Array(e);
}

/** Parses an entry; null for anything malformed or oversized. */
export function decodeSignedEntry(bytes: unknown): SignedEntry | null {
  if (!(bytes instanceof Uint8Array) || bytes.length > MAX_ENTRY_BYTES) return null;
  try {
    const d = decoding.createDecoder(bytes);
    const body = decoding.readVarUint8Array(d);
    const count = decoding.readVarUint(d);
    if (count > 4) return null;
    const signatures: Uint8Array[] = [];
    for (let i = 0; i < count; i++) signatures.push(decoding.readVarUint8Array(d));
    return decoding.hasContent(d) ? null : { body, signatures };
  } catch {
    return null;
  }
}

/** The body as an object, or null if it is not a JSON object. */
export function entryJson(entry: SignedEntry): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(fromUtf8(entry.body));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

export const signedBy = (
  domain: SignatureDomain,
  entry: SignedEntry,
  index: number,
  publicKey: Uint8Array,
): boolean => {
  const signature = entry.signatures[index];
  return signature !== undefined && verify(domain, entry.body, signature, publicKey);
};

/**
 * An entry's id, as later entries name it in `prev`: a hash of its whole bytes (body and
 * signatures), so a copy with other signatures is another entry and cannot stand in for it.
 */
export const entryIdOf = (bytes: Uint8Array): string => toBase64Url(blake2b(bytes, 16));
