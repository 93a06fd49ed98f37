import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

import { aeadOpen, aeadSeal, sign, SignatureDomain, verify } from '../crypto';

/**
 * The one envelope format, on the wire and on disk (docs/protocol.md). The header travels in
 * clear (the relay may see it: ids, epoch, author's public key, counters), is bound to the
 * ciphertext as associated data, and is covered by the author's signature with the nonce and
 * ciphertext.
 */
export const ENVELOPE_VERSION = 1;
const MAGIC = 0x5554; // "UT"

/** An envelope larger than this is refused before any parsing work. */
export const MAX_ENVELOPE_BYTES = 32 * 1024 * 1024;

export type EnvelopeKind = 'update' | 'snapshot' | 'presence';
const kinds: EnvelopeKind[] = ['update', 'snapshot', 'presence'];

export interface EnvelopeHeader {
  kind: EnvelopeKind;
  workspaceId: string;
  docId: string;
  /**
   * Which key family the epoch belongs to: '' for the workspace key every member holds; later, a
   * compartment's id (documents only a subset may read, under keys wrapped for that subset).
   */
  keyScope: string;
  epoch: number;
  /** The author's Ed25519 public key: the signature is checked against it. */
  author: Uint8Array;
  /** Random per editing session of the author, so one person on two machines never reuses a counter. */
  replica: number;
  /** 1, 2, 3… per (author, replica, document): a repeat is a replay, a hole is a withheld update. */
  seq: number;
}

export interface Envelope {
  header: EnvelopeHeader;
  headerBytes: Uint8Array;
  nonce: Uint8Array;
  ciphertext: Uint8Array;
  signature: Uint8Array;
}

export class EnvelopeError extends Error {
  override readonly name = 'EnvelopeError';
}

export function encodeHeader(h: EnvelopeHeader): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeUint16(e, MAGIC);
  encoding.writeVarUint(e, ENVELOPE_VERSION);
  encoding.writeVarUint(e, kinds.indexOf(h.kind));
  encoding.writeVarString(e, h.workspaceId);
  encoding.writeVarString(e, h.docId);
  encoding.writeVarString(e, h.keyScope);
  encoding.writeVarUint(e, h.epoch);
  encoding.writeVarUint8Array(e, h.author);
  encoding.writeVarUint(e, h.replica);
  encoding.writeVarUint(e, h.seq);
  return encoding.toUint8Array(e);
}

function decodeHeader(bytes: Uint8Array): EnvelopeHeader {
  const d = decoding.createDecoder(bytes);
  if (decoding.readUint16(d) !== MAGIC) throw new EnvelopeError('not an envelope');
  const version = decoding.readVarUint(d);
  if (version !== ENVELOPE_VERSION) throw new EnvelopeError(`envelope version ${version} is not supported`);
  const kind = kinds[decoding.readVarUint(d)];
  if (!kind) throw new EnvelopeError('unknown envelope kind');
  const header = {
    kind,
    workspaceId: decoding.readVarString(d),
    docId: decoding.readVarString(d),
    keyScope: decoding.readVarString(d),
    epoch: decoding.readVarUint(d),
    author: decoding.readVarUint8Array(d),
    replica: decoding.readVarUint(d),
    seq: decoding.readVarUint(d),
  };
  if (header.author.length !== 32) throw new EnvelopeError('author is not a 32-byte public key');
  if (decoding.hasContent(d)) throw new EnvelopeError('trailing bytes after the header');
  return header;
}

/** What the author signs: header, nonce and ciphertext, in that order (copied once, with the domain prefix). */
const signedParts = (headerBytes: Uint8Array, nonce: Uint8Array, ciphertext: Uint8Array) => [
  headerBytes,
  nonce,
  ciphertext,
];

/** Encrypts under the epoch key with the header as associated data, then signs as the author. */
export function sealEnvelope(
  header: EnvelopeHeader,
  plaintext: Uint8Array,
  epochKey: Uint8Array,
  authorSignSecretKey: Uint8Array,
): Uint8Array {
  const headerBytes = encodeHeader(header);
  const { nonce, ciphertext } = aeadSeal(epochKey, plaintext, headerBytes);
  const signature = sign(SignatureDomain.envelope, signedParts(headerBytes, nonce, ciphertext), authorSignSecretKey);
  const e = encoding.createEncoder();
  encoding.writeVarUint8Array(e, headerBytes);
  encoding.writeVarUint8Array(e, nonce);
  encoding.writeVarUint8Array(e, ciphertext);
  encoding.writeVarUint8Array(e, signature);
  return encoding.toUint8Array(e);
}

/**
 * The signature of an envelope `sealEnvelope` just made: the wire form ends with it (a 64-byte
 * field), so the author need not parse its own envelope back to name it.
 */
export const signatureOfSealed = (sealed: Uint8Array): Uint8Array => sealed.subarray(sealed.length - 64);

/** Parses the wire form; throws EnvelopeError on anything malformed (never reads past the end). */
export function parseEnvelope(bytes: unknown): Envelope {
  if (!(bytes instanceof Uint8Array)) throw new EnvelopeError('not binary');
  if (bytes.length > MAX_ENVELOPE_BYTES) throw new EnvelopeError('envelope too large');
  try {
    const d = decoding.createDecoder(bytes);
    const headerBytes = decoding.readVarUint8Array(d);
    const nonce = decoding.readVarUint8Array(d);
    const ciphertext = decoding.readVarUint8Array(d);
    const signature = decoding.readVarUint8Array(d);
    if (decoding.hasContent(d)) throw new EnvelopeError('trailing bytes after the envelope');
    if (nonce.length !== 24 || signature.length !== 64) throw new EnvelopeError('bad nonce or signature length');
    return { header: decodeHeader(headerBytes), headerBytes, nonce, ciphertext, signature };
  } catch (e) {
    if (e instanceof EnvelopeError) throw e;
    throw new EnvelopeError('truncated or malformed envelope');
  }
}

/** True if the author named in the header signed exactly these bytes. */
export const envelopeSignatureValid = (env: Envelope): boolean =>
  verify(
    SignatureDomain.envelope,
    signedParts(env.headerBytes, env.nonce, env.ciphertext),
    env.signature,
    env.header.author,
  );

/** Decrypts a verified envelope; throws DecryptionError if the key is wrong or bytes were altered. */
export const openEnvelope = (env: Envelope, epochKey: Uint8Array): Uint8Array =>
  aeadOpen(epochKey, env.nonce, env.ciphertext, env.headerBytes);

/** Opens with whichever of `keys` fits (several after concurrent rotations); null if none does. */
export function openEnvelopeWithAny(env: Envelope, keys: Uint8Array[]): Uint8Array | null {
  for (const key of keys) {
    try {
      return openEnvelope(env, key);
    } catch {
      // not this key: an AEAD failure costs microseconds
    }
  }
  return null;
}
