import * as decoding from 'lib0/decoding';
import type { Decoder } from 'lib0/decoding';
import * as Y from 'yjs';

/** An update's structs and deletions, by client: client → the clock just past its last struct, or deleted item. */
export interface UpdateShape {
  ends: Map<number, number>;
  deletes: Map<number, number>;
}

/**
 * Reads every struct of `update` (Item, GC and Skip, whatever its length: Yjs's own metadata
 * parser skips zero-length ones, which is how one under a stranger's client id passed a check built
 * on it) and its delete set. Throws on a zero-length struct or a client listed in two sections:
 * nothing honest writes either, and Yjs itself chokes on the first and half-reads the second.
 *
 * It walks the update as Yjs's decodeUpdate reads it (same lib0 readers, same branches, the same
 * errors), but checks strings as UTF-8 instead of decoding them and builds no struct: a 13.7 MiB
 * snapshot was decoded whole here, then again by Yjs applying it, ~11 % of a cold open (issue 17).
 * Rare content (JSON, embeds, formats, subdocuments) goes to decodeUpdate itself.
 */
export function shapeOf(update: Uint8Array): UpdateShape {
  try {
    return walk(update);
  } catch (e) {
    if (e instanceof Rare) return decodedShapeOf(update);
    throw e;
  }
}

/** The same answer from Yjs's own decodeUpdate (every struct and its content built). */
export function decodedShapeOf(update: Uint8Array): UpdateShape {
  const { structs, ds } = Y.decodeUpdate(update);
  const ends = new Map<number, number>();
  let section: number | null = null;
  for (const struct of structs) {
    const { client, clock } = struct.id;
    if (struct.length <= 0) throw new Error('a zero-length struct');
    if (client !== section && ends.has(client)) throw new Error('a client listed twice');
    section = client;
    ends.set(client, clock + struct.length);
  }
  return { ends, deletes: deletesOf(ds.clients) };
}

/** Thrown by the walk on content it leaves to decodeUpdate (never out of shapeOf). */
class Rare extends Error {}
const BITS5 = 31;
const BIT6 = 32;
const BIT7 = 64;
const BIT8 = 128;

/** Yjs's lazyStructReaderGenerator and readDeleteSet (UpdateDecoderV1), counting instead of building. */
function walk(update: Uint8Array): UpdateShape {
  const d = decoding.createDecoder(update);
  const ends = new Map<number, number>();
  let section: number | null = null;
  const sections = decoding.readVarUint(d);
  for (let s = 0; s < sections; s++) {
    const count = decoding.readVarUint(d);
    const client = decoding.readVarUint(d);
    let clock = decoding.readVarUint(d);
    for (let i = 0; i < count; i++) {
      const info = decoding.readUint8(d);
      let length: number;
      if (info === 10)
        length = decoding.readVarUint(d); // Skip
      else if ((BITS5 & info) !== 0) {
        const cantCopyParentInfo = (info & (BIT7 | BIT8)) === 0;
        if ((info & BIT8) === BIT8) readId(d); // origin
        if ((info & BIT7) === BIT7) readId(d); // right origin
        if (cantCopyParentInfo) {
          if (decoding.readVarUint(d) === 1)
            skipString(d); // parent's key in the document
          else readId(d); // parent item
        }
        if (cantCopyParentInfo && (info & BIT6) === BIT6) skipString(d); // key in a map
        length = contentLength(d, info & BITS5);
      } else length = decoding.readVarUint(d); // GC
      if (length <= 0) throw new Error('a zero-length struct');
      if (client !== section && ends.has(client)) throw new Error('a client listed twice');
      section = client;
      clock += length;
      ends.set(client, clock);
    }
  }
  const deleted = new Map<number, Array<{ clock: number; len: number }>>();
  const clients = decoding.readVarUint(d);
  for (let i = 0; i < clients; i++) {
    const client = decoding.readVarUint(d);
    const n = decoding.readVarUint(d);
    if (n === 0) continue;
    let items = deleted.get(client);
    if (!items) deleted.set(client, (items = []));
    for (let j = 0; j < n; j++) items.push({ clock: decoding.readVarUint(d), len: decoding.readVarUint(d) });
  }
  return { ends, deletes: deletesOf(deleted) };
}

function deletesOf(clients: Map<number, Array<{ clock: number; len: number }>>): Map<number, number> {
  const deletes = new Map<number, number>();
  for (const [client, items] of clients) {
    for (const { clock, len } of items) deletes.set(client, Math.max(deletes.get(client) ?? 0, clock + len));
  }
  return deletes;
}

function readId(d: Decoder): void {
  decoding.readVarUint(d);
  decoding.readVarUint(d);
}

/** An item's content length, as Yjs's contentRefs read it (1 deleted, 3 binary, 4 string, 7 type, 8 any). */
function contentLength(d: Decoder, ref: number): number {
  switch (ref) {
    case 1:
      return decoding.readVarUint(d);
    case 3:
      decoding.readVarUint8Array(d);
      return 1;
    case 4:
      return skipString(d);
    case 8: {
      const len = decoding.readVarUint(d);
      for (let i = 0; i < len; i++) skipAny(d);
      return len;
    }
    case 7: {
      // A nested type (typeRefs: array, map, text, XML element, fragment, hook, XML text); an element or a hook names itself.
      const typeRef = decoding.readVarUint(d);
      if (typeRef === 3 || typeRef === 5) skipString(d);
      else if (typeRef > 6) throw new TypeError(`unknown type ${typeRef}`);
      return 1;
    }
    case 2:
    case 5:
    case 6:
    case 9:
      throw new Rare('content decodeUpdate reads itself');
    default:
      throw new Error(`unexpected content type ${ref}`);
  }
}

/** lib0's readAny, checking instead of building (its lookup table: 127 undefined … 116 bytes). */
function skipAny(d: Decoder): void {
  const tag = decoding.readUint8(d);
  switch (tag) {
    case 127:
    case 126:
    case 121:
    case 120:
      return;
    case 125:
      decoding.readVarInt(d);
      return;
    case 124:
      decoding.readFloat32(d);
      return;
    case 123:
      decoding.readFloat64(d);
      return;
    case 122:
      decoding.readBigInt64(d);
      return;
    case 119:
      skipString(d);
      return;
    case 118: {
      const len = decoding.readVarUint(d);
      for (let i = 0; i < len; i++) {
        skipString(d);
        skipAny(d);
      }
      return;
    }
    case 117: {
      const len = decoding.readVarUint(d);
      for (let i = 0; i < len; i++) skipAny(d);
      return;
    }
    case 116:
      decoding.readVarUint8Array(d);
      return;
    default:
      throw new TypeError(`unknown value type ${tag}`);
  }
}

/**
 * Consumes a string as lib0's readVarString does and returns its length in UTF-16 code units;
 * throws where its decoder (UTF-8, fatal, BOM kept) would: on any ill-formed sequence.
 */
function skipString(d: Decoder): number {
  const len = decoding.readVarUint(d);
  // Past the end, lib0 makes a view on the underlying buffer (or throws): do exactly that.
  if (d.pos + len > d.arr.length) return utf16Length(decoding.readUint8Array(d, len));
  // Else the bytes are checked in place: a view per string costs more than the check.
  const units = utf16Length(d.arr, d.pos, d.pos + len);
  d.pos += len;
  return units;
}

/** Well-formed UTF-8 (Unicode table 3-7, as WHATWG's fatal decoder): the string's UTF-16 length; else throws. */
export function utf16Length(b: Uint8Array, start = 0, end = b.length): number {
  let units = 0;
  let i = start;
  const n = end;
  while (i < n) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      units++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      if (c === 0xe0) lo = 0xa0;
      else if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      if (c === 0xf0) lo = 0x90;
      else if (c === 0xf4) hi = 0x8f;
    } else throw new TypeError('ill-formed UTF-8 in a string');
    if (i + need >= n) throw new TypeError('ill-formed UTF-8 in a string');
    const second = b[i + 1]!;
    if (second < lo || second > hi) throw new TypeError('ill-formed UTF-8 in a string');
    for (let k = 2; k <= need; k++) {
      const next = b[i + k]!;
      if (next < 0x80 || next > 0xbf) throw new TypeError('ill-formed UTF-8 in a string');
    }
    i += need + 1;
    units += need === 3 ? 2 : 1;
  }
  return units;
}
