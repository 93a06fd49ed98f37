import type * as Y from 'yjs';

/**
 * True if `remote` holds everything `local` does: every insertion (state vector) and every
 * deletion (delete set). Used to know the relay has all we sent, not just that we have its state.
 */
export function snapshotIncludes(remote: Y.Snapshot, local: Y.Snapshot): boolean {
  for (const [client, clock] of local.sv) if ((remote.sv.get(client) ?? 0) < clock) return false;
  for (const [client, ranges] of local.ds.clients) {
    const theirs = [...(remote.ds.clients.get(client) ?? [])].sort((a, b) => a.clock - b.clock);
    for (const { clock, len } of ranges) if (!covered(theirs, clock, clock + len)) return false;
  }
  return true;
}

function covered(ranges: Array<{ clock: number; len: number }>, from: number, to: number): boolean {
  let at = from;
  for (const r of ranges) {
    if (r.clock > at) break;
    at = Math.max(at, r.clock + r.len);
    if (at >= to) return true;
  }
  return at >= to;
}
