import * as Y from 'yjs';

import { blake2b, fromBase64Url, sign, toBase64Url, utf8, verify } from '../crypto';
import type { Identity, SignatureDomain } from '../crypto';

/**
 * A signed record in the workspace document: the exact JSON text that was signed, and the
 * signature. Nothing relies on who wrote a Y.Map field (any writer can overwrite one): each record
 * is checked against its signer's key by every reader, and a record that was altered is simply
 * not valid. Records are stored under the hash of their text, so two never collide and a copy is
 * the same record.
 */
export interface SignedRecord {
  id: string;
  body: string;
  signature: Uint8Array;
}

/** Signs `body` and stores it under its own hash. */
export function putRecord(doc: Y.Doc, map: string, domain: SignatureDomain, body: object, identity: Identity): string {
  const text = JSON.stringify(body);
  const id = recordId(text);
  doc.getMap(map).set(id, recordValue(text, toBase64Url(sign(domain, utf8(text), identity.signSecretKey))));
  return id;
}

export function recordValue(body: string, sig: string): Y.Map<string> {
  const record = new Y.Map<string>();
  record.set('body', body);
  record.set('sig', sig);
  return record;
}

function recordId(body: string): string {
  return toBase64Url(blake2b(utf8(body), 16));
}

/** The record stored under `id`, if it has the shape of one (its signature is the reader's to check). */
export function readRecord(id: string, value: unknown): SignedRecord | null {
  if (!(value instanceof Y.Map)) return null;
  const body: unknown = value.get('body');
  const sig: unknown = value.get('sig');
  if (typeof body !== 'string' || typeof sig !== 'string') return null;
  try {
    return { id, body, signature: fromBase64Url(sig) };
  } catch {
    return null; // not base64url: not a record anyone signed
  }
}

/** Every record of a map that has the right shape, by id. */
export function readRecords(doc: Y.Doc, map: string): SignedRecord[] {
  const out: SignedRecord[] = [];
  doc.getMap<unknown>(map).forEach((value, id) => {
    const record = readRecord(id, value);
    if (record) out.push(record);
  });
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Whether the record is intact (its id is its body's hash) and signed by `signPublicKey`. */
export function recordValid(record: SignedRecord, domain: SignatureDomain, signPublicKey: Uint8Array): boolean {
  return record.id === recordId(record.body) && verify(domain, utf8(record.body), record.signature, signPublicKey);
}

// Screens and boards read records on each render; an Ed25519 check costs ~0.25 ms, so each distinct
// (domain, id, body, signature, key) is checked once. The body is part of the key: a writer can change
// a record's body in place under the same id and signature.
const checked = new Map<string, boolean>();

/** recordValid, remembered: what readers call on every read. */
export function recordValidOnce(record: SignedRecord, domain: SignatureDomain, signPublicKey: Uint8Array): boolean {
  const key = `${domain}.${record.id}.${toBase64Url(record.signature)}.${toBase64Url(signPublicKey)}.${record.body}`;
  let valid = checked.get(key);
  if (valid === undefined) {
    valid = recordValid(record, domain, signPublicKey);
    if (checked.size >= 10_000) checked.clear();
    checked.set(key, valid);
  }
  return valid;
}

export function parseBody(record: SignedRecord): unknown {
  try {
    return JSON.parse(record.body);
  } catch {
    return null;
  }
}
