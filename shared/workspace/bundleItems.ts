import * as Y from 'yjs';

import { docIdOfList, isValidDocId } from '../protocol';

/**
 * Whether the entry `id` now sits in a content document's envelope list (a top-level `doc:<id>`
 * array), the only lists a room's channels read and check. An entry anywhere else is stored, as the
 * relay stores it, but nothing judges its signature: the summary must not count it as anyone's.
 */
export function inDocumentList(transport: Y.Doc, id: Y.ID): boolean {
  if (id.clock >= Y.getState(transport.store, id.client)) return false; // pending: not applied
  const struct = Y.getItem(transport.store, id) as Y.Item | Y.GC;
  if (!(struct instanceof Y.Item) || struct.parentSub !== null) return false;
  const parent = struct.parent;
  if (!(parent instanceof Y.AbstractType) || parent._item !== null) return false;
  const docId = docIdOfList(Y.findRootTypeKey(parent));
  return docId !== null && isValidDocId(docId);
}

/**
 * How far an update reaches per Yjs client: the end of its last struct or deletion. Kept instead
 * of the decoded update, so a large bundle is not held decoded while it is applied.
 */
export function reachOf(update: ReturnType<typeof Y.decodeUpdate>): Map<number, number> {
  const reach = new Map<number, number>();
  const extend = (client: number, end: number) => reach.set(client, Math.max(reach.get(client) ?? 0, end));
  for (const s of update.structs) if (!(s instanceof Y.Skip)) extend(s.id.client, s.id.clock + s.length);
  for (const [client, ranges] of update.ds.clients) for (const r of ranges) extend(client, r.clock + r.len);
  return reach;
}

/**
 * Whether part of an update that reaches `reach` (its structs or its deletions) is not in
 * `transport` after it was applied: Yjs keeps it pending until what it follows arrives. Only this
 * update's own parts count, so something pending from elsewhere (another bundle, the wire) does
 * not make it wait too. A client's structs are held from clock 0 up to its state, without gaps.
 */
export function waitsIn(transport: Y.Doc, reach: ReadonlyMap<number, number>): boolean {
  for (const [client, end] of reach) if (end > Y.getState(transport.store, client)) return true;
  return false;
}
