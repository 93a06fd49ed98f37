import * as Y from 'yjs';

import { blake2b, fromBase64Url, sign, toBase64Url, utf8, verify } from '../crypto';
import type { Identity, SignatureDomain } from '../crypto';

/**
 * A signed record in the workspace document: the exact JSON text that was signed, and the
 * signature. Voting does not rely on who wrote a Y.Map field (any writer can overwrite one): a
 * round, a ballot and a close are each checked against their signer's key by every client, and
 * a record that was altered is simply not valid.
 */
export interface SignedRecord {
  id: string;
  body: string;
  signature: Uint8Array;
}

export const ROUNDS = 'voting-rounds';
export const BALLOTS = 'voting-ballots';
export const CLOSES = 'voting-closes';

/** Signs `body` and stores it under its own hash (two records never collide; a copy is the same record). */
export function putRecord(doc: Y.Doc, map: string, domain: SignatureDomain, body: object, identity: Identity): string {
  const text = JSON.stringify(body);
  const id = recordId(text);
  const record = new Y.Map<string>();
  record.set('body', text);
  record.set('sig', toBase64Url(sign(domain, utf8(text), identity.signSecretKey)));
  doc.getMap(map).set(id, record);
  return id;
}

export function recordId(body: string): string {
  return toBase64Url(blake2b(utf8(body), 16));
}

/** Every record of a map that has the right shape (its signature is checked by the reader, who knows the signer). */
export function readRecords(doc: Y.Doc, map: string): SignedRecord[] {
  const out: SignedRecord[] = [];
  doc.getMap<unknown>(map).forEach((value, id) => {
    if (!(value instanceof Y.Map)) return;
    const body = value.get('body');
    const sig = value.get('sig');
    if (typeof body !== 'string' || typeof sig !== 'string') return;
    try {
      out.push({ id, body, signature: fromBase64Url(sig) });
    } catch {
      // Not base64url: not a record anyone signed.
    }
  });
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Whether the record is intact (its id is its body's hash) and signed by `signPublicKey`. */
export function recordValid(record: SignedRecord, domain: SignatureDomain, signPublicKey: Uint8Array): boolean {
  return record.id === recordId(record.body) && verify(domain, utf8(record.body), record.signature, signPublicKey);
}

export function parseBody(record: SignedRecord): unknown {
  try {
    return JSON.parse(record.body);
  } catch {
    return null;
  }
}
