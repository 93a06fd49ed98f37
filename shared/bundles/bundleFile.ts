import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

import {
  aeadOpen,
  aeadSeal,
  concatBytes,
  generateSymmetricKey,
  KEY_BYTES,
  NONCE_BYTES,
  openSealedBox,
  randomBytes,
  sealToPublicKey,
  sign,
  SignatureDomain,
  verify,
  wipe,
} from '../crypto';
import type { Identity } from '../crypto';
import { BundleRefused } from './BundleRefused';
import { padmeLength } from './padme';

/** The container's format version (docs/protocol.md, "Bundle files"). */
export const BUNDLE_VERSION = 1;
/** No bundle or state file is larger: a bigger file is refused before anything is read. */
export const MAX_BUNDLE_BYTES = 512 * 1024 * 1024;

/** "UTBN": a Unity Table bundle (or state file: which one is sealed inside). */
const MAGIC = new Uint8Array([0x55, 0x54, 0x42, 0x4e]);
/** crypto_box_seal of a 32-byte file key: 32-byte ephemeral key, 16-byte tag. */
export const SLOT_BYTES = KEY_BYTES + 48;
const MIN_SLOTS = 4;
const MAX_SLOTS = 4096;
/** Padded inners below this are all this size: small bundles look alike. */
const PAD_FLOOR = 4096;
const TAG_BYTES = 16;
const MAX_SECTIONS = 4097;

export type BundleKind = 'bundle' | 'state';
const KINDS: readonly BundleKind[] = ['bundle', 'state'];

/** One room's part: `""` is the directory, anything else a compartment id. */
export interface BundleSection {
  room: string;
  /** A Yjs update (kind `bundle`) or a Yjs state vector (kind `state`). */
  data: Uint8Array;
}

/** What a bundle or state file says, once opened and its signature checked. */
export interface BundleContent {
  kind: BundleKind;
  workspaceId: string;
  /** The exporter's Ed25519 public key; its signature covers the header and every inner byte. */
  exporter: Uint8Array;
  createdAt: number;
  /** 16 random bytes: what the importer's replay log records. */
  bundleId: Uint8Array;
  sections: BundleSection[];
}

export const DAMAGED = 'this file is damaged or is not a Unity Table bundle';

/**
 * Seals `content` for `recipients` (their X25519 box keys): a fresh file key in a slot per
 * recipient, padded with random slots; the signed inner padded (Padmé) and sealed under the file key.
 */
export function sealBundle(
  content: Pick<BundleContent, 'kind' | 'workspaceId' | 'sections'> & { createdAt?: number },
  signer: Pick<Identity, 'signPublicKey' | 'signSecretKey'>,
  recipients: readonly Uint8Array[],
): Uint8Array {
  const unique = [...new Map(recipients.map((k) => [k.join(','), k])).values()];
  if (unique.length === 0) throw new Error('a bundle needs at least one recipient');
  if (unique.length > MAX_SLOTS) throw new Error(`a bundle is sealed for at most ${MAX_SLOTS} recipients`);
  const fileKey = generateSymmetricKey();
  const slotCount = Math.max(MIN_SLOTS, 2 ** Math.ceil(Math.log2(unique.length)));
  const slots = unique.map((k) => sealToPublicKey(fileKey, k));
  // The real slots sit among the random ones in random order: a slot's place says nothing.
  while (slots.length < slotCount) slots.push(randomBytes(SLOT_BYTES));
  shuffle(slots);
  const header = encodeHeader(slots, randomBytes(NONCE_BYTES));

  const body = encoding.createEncoder();
  encoding.writeVarUint(body, KINDS.indexOf(content.kind));
  encoding.writeVarString(body, content.workspaceId);
  encoding.writeVarUint8Array(body, signer.signPublicKey);
  encoding.writeVarUint(body, content.createdAt ?? Date.now());
  encoding.writeVarUint8Array(body, randomBytes(16));
  encoding.writeVarUint(body, content.sections.length);
  for (const s of content.sections) {
    encoding.writeVarString(body, s.room);
    encoding.writeVarUint8Array(body, s.data);
  }
  const signed = encoding.toUint8Array(body);
  const signature = sign(SignatureDomain.bundle, concatBytes(header, signed), signer.signSecretKey);
  const tail = encoding.createEncoder();
  encoding.writeVarUint8Array(tail, signature);
  const inner = concatBytes(signed, encoding.toUint8Array(tail));

  // uint32 length ‖ inner ‖ zeros, to a Padmé length.
  const padded = new Uint8Array(padmeLength(4 + inner.length, PAD_FLOOR));
  new DataView(padded.buffer).setUint32(0, inner.length, true);
  padded.set(inner, 4);
  const nonce = header.subarray(header.length - NONCE_BYTES);
  const { ciphertext } = aeadSeal(fileKey, padded, header, nonce);
  wipe(fileKey);
  if (header.length + ciphertext.length > MAX_BUNDLE_BYTES)
    throw new BundleRefused(
      'this bundle would be larger than 512 MiB: export fewer compartments, or with a state file',
    );
  return concatBytes(header, ciphertext);
}

/**
 * Opens a bundle or state file with this member's box key and checks its exporter's signature over
 * the header and the inner bytes. Throws BundleRefused with one line for anything else. Whether the
 * exporter is a member of the workspace is the caller's to judge (it alone holds the roster).
 */
export function openBundle(file: Uint8Array, identity: Pick<Identity, 'boxPublicKey' | 'boxSecretKey'>): BundleContent {
  if (file.length > MAX_BUNDLE_BYTES) throw new BundleRefused('this file is larger than a bundle may be (512 MiB)');
  if (file.length < MAGIC.length + 3 || MAGIC.some((b, i) => file[i] !== b))
    throw new BundleRefused('this file is not a Unity Table bundle');
  const version = file[MAGIC.length]!;
  if (version !== BUNDLE_VERSION)
    throw new BundleRefused(
      `this bundle is in format version ${version}; this Unity Table reads version ${BUNDLE_VERSION}`,
    );
  const slotCount = file[MAGIC.length + 1]! | (file[MAGIC.length + 2]! << 8);
  const headerLength = MAGIC.length + 3 + slotCount * SLOT_BYTES + NONCE_BYTES;
  if (slotCount < MIN_SLOTS || slotCount > MAX_SLOTS || file.length < headerLength + TAG_BYTES + PAD_FLOOR)
    throw new BundleRefused(DAMAGED);
  const header = file.subarray(0, headerLength);
  const nonce = header.subarray(headerLength - NONCE_BYTES);
  const ciphertext = file.subarray(headerLength);

  let padded: Uint8Array | null = null;
  let addressed = false;
  const pair = { publicKey: identity.boxPublicKey, secretKey: identity.boxSecretKey };
  for (let i = 0; i < slotCount && !padded; i++) {
    const at = MAGIC.length + 3 + i * SLOT_BYTES;
    const fileKey = openSealedBox(file.subarray(at, at + SLOT_BYTES), pair);
    if (!fileKey || fileKey.length !== KEY_BYTES) continue;
    addressed = true;
    try {
      padded = aeadOpen(fileKey, nonce, ciphertext, header);
    } catch {
      // Another slot may hold the key (a recipient listed twice is not made, but a hostile exporter may).
    } finally {
      wipe(fileKey);
    }
  }
  if (!padded) throw new BundleRefused(addressed ? DAMAGED : 'this bundle is not addressed to you (or it is damaged)');
  return parseInner(header, padded);
}

function encodeHeader(slots: Uint8Array[], nonce: Uint8Array): Uint8Array {
  const count = new Uint8Array([slots.length & 0xff, slots.length >> 8]);
  return concatBytes(MAGIC, new Uint8Array([BUNDLE_VERSION]), count, ...slots, nonce);
}

function parseInner(header: Uint8Array, padded: Uint8Array): BundleContent {
  const length = new DataView(padded.buffer, padded.byteOffset, padded.byteLength).getUint32(0, true);
  if (length > padded.length - 4 || padded.subarray(4 + length).some((b) => b !== 0)) throw new BundleRefused(DAMAGED);
  const inner = padded.subarray(4, 4 + length);
  let content: BundleContent;
  let signedLength: number;
  let signature: Uint8Array;
  try {
    const d = decoding.createDecoder(inner);
    const kind = KINDS[decoding.readVarUint(d)];
    const workspaceId = decoding.readVarString(d);
    const exporter = decoding.readVarUint8Array(d);
    const createdAt = decoding.readVarUint(d);
    const bundleId = decoding.readVarUint8Array(d);
    const count = decoding.readVarUint(d);
    if (!kind || exporter.length !== 32 || bundleId.length !== 16 || count > MAX_SECTIONS) throw new Error('fields');
    const sections: BundleSection[] = [];
    for (let i = 0; i < count; i++) {
      const room = decoding.readVarString(d);
      sections.push({ room, data: decoding.readVarUint8Array(d) });
    }
    signedLength = d.pos;
    signature = decoding.readVarUint8Array(d);
    if (decoding.hasContent(d)) throw new Error('trailing bytes');
    content = { kind, workspaceId, exporter, createdAt, bundleId, sections };
  } catch {
    throw new BundleRefused(DAMAGED);
  }
  if (
    !verify(SignatureDomain.bundle, concatBytes(header, inner.subarray(0, signedLength)), signature, content.exporter)
  )
    throw new BundleRefused('this bundle’s signature does not verify: it was changed after its exporter signed it');
  if (new Set(content.sections.map((s) => s.room)).size !== content.sections.length) throw new BundleRefused(DAMAGED);
  return content;
}

function shuffle<T>(items: T[]): void {
  const draws = randomBytes(4 * items.length);
  const view = new DataView(draws.buffer, draws.byteOffset, draws.byteLength);
  for (let i = items.length - 1; i > 0; i--) {
    const j = view.getUint32(4 * i, true) % (i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}
