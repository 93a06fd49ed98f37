/** The largest record a store holds (a whole-document compaction of a big table). */
export const MAX_RECORD = 256 * 1024 * 1024;
/** A sealed record is nonce (24) ‖ AEAD with its 16-byte tag: nothing shorter can authenticate. */
export const MIN_RECORD = 24 + 16;
/**
 * Bytes the resynchronising scan may hand to `authentic` per read, beyond the records it keeps:
 * a damaged stretch full of plausible lengths would otherwise cost quadratic time.
 */
export const RESYNC_BUDGET_BYTES = 64 * 1024 * 1024;
/** Candidates that do not chain to a plausible next frame, kept to be tried before a chained hit. */
const LOOSE_CANDIDATES = 256;

export interface Damage {
  /** 'record': one record, length intact, that does not authenticate; 'stretch': bytes skipped to the next good record; 'tail': no record after; 'gave-up': the budget ran out. */
  kind: 'record' | 'stretch' | 'tail' | 'gave-up';
  from: number;
  to: number;
  /** 1-based position of the damaged record among the frames read ('record' only). */
  index?: number;
}

/**
 * Reads `[u32 LE length][record]` frames from `start`, keeping those `authentic` accepts. After a
 * frame that does not authenticate or does not fit, it scans forward byte by byte for the next
 * offset whose frame authenticates: records are nonce ‖ AEAD, so a false match is as unlikely as a
 * forgery. Frames whose end also starts a plausible frame are tried first; the total cost is
 * bounded by RESYNC_BUDGET_BYTES.
 */
export function resyncRecords(
  data: Uint8Array,
  start: number,
  authentic?: (record: Uint8Array) => boolean,
): { records: Uint8Array[]; damage: Damage[] } {
  // Without a way to tell a record from noise, a damaged length ends the reading: nothing to scan for.
  if (!authentic) return framesUntilDamage(data, start);
  const check = authentic;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const lengthAt = (p: number) => (p + 4 <= data.length ? view.getUint32(p, true) : -1);
  const fits = (p: number) => {
    const l = lengthAt(p);
    return l >= 0 && l <= MAX_RECORD && p + 4 + l <= data.length;
  };
  const recordAt = (p: number) => new Uint8Array(data.subarray(p + 4, p + 4 + lengthAt(p)));
  let budget = RESYNC_BUDGET_BYTES;
  const tryAt = (p: number): Uint8Array | null => {
    const l = lengthAt(p);
    budget -= l;
    if (budget < 0) return null;
    const record = recordAt(p);
    return check(record) ? record : null;
  };

  /** The next offset after `from` whose frame authenticates, or null ('gave-up' if the budget ran out). */
  const scan = (from: number): { at: number; record: Uint8Array } | { at: null; gaveUp: boolean } => {
    const loose: number[] = [];
    const tryLoose = (before: number) => {
      for (const p of loose.filter((x) => x < before)) {
        const record = tryAt(p);
        if (record) return { at: p, record };
      }
      return null;
    };
    for (let q = from; q + 4 + MIN_RECORD <= data.length; q++) {
      if (budget <= 0) return { at: null, gaveUp: true };
      const l = lengthAt(q);
      if (l < MIN_RECORD || !fits(q)) continue;
      const end = q + 4 + l;
      if (end === data.length || (lengthAt(end) >= MIN_RECORD && fits(end))) {
        const early = tryLoose(q);
        if (early) return early;
        loose.length = 0;
        const record = tryAt(q);
        if (record) return { at: q, record };
      } else if (loose.length < LOOSE_CANDIDATES) loose.push(q);
    }
    const late = tryLoose(data.length);
    return late ?? { at: null, gaveUp: budget <= 0 };
  };

  const records: Uint8Array[] = [];
  const damage: Damage[] = [];
  let at = start;
  let index = 0;
  while (at < data.length) {
    index++;
    if (fits(at)) {
      const record = recordAt(at);
      if (check(record)) {
        records.push(record);
        at += 4 + record.length;
        continue;
      }
    }
    const found = scan(at + 1);
    const end = at + 4 + Math.max(0, lengthAt(at));
    if (found.at !== null) {
      damage.push(
        found.at === end ? { kind: 'record', from: at, to: end, index } : { kind: 'stretch', from: at, to: found.at },
      );
      records.push(found.record);
      at = found.at + 4 + found.record.length;
    } else if (fits(at) && end === data.length) {
      damage.push({ kind: 'record', from: at, to: end, index });
      at = end;
    } else {
      damage.push({ kind: found.gaveUp ? 'gave-up' : 'tail', from: at, to: data.length });
      at = data.length;
    }
  }
  return { records, damage };
}

function framesUntilDamage(data: Uint8Array, start: number): { records: Uint8Array[]; damage: Damage[] } {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const records: Uint8Array[] = [];
  let at = start;
  while (at + 4 <= data.length) {
    const l = view.getUint32(at, true);
    if (l > MAX_RECORD || at + 4 + l > data.length) break;
    records.push(new Uint8Array(data.subarray(at + 4, at + 4 + l)));
    at += 4 + l;
  }
  return { records, damage: at < data.length ? [{ kind: 'tail', from: at, to: data.length }] : [] };
}
