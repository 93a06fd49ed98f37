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
 * Whether part of `update` (its structs or its deletions) is not in `transport` after it was
 * applied: Yjs keeps it pending until what it follows arrives. Only this update's own parts count,
 * so something pending from elsewhere (another bundle, the wire) does not make it wait too.
 */
export function waitsIn(transport: Y.Doc, update: ReturnType<typeof Y.decodeUpdate>): boolean {
  const held = (client: number, end: number) => end <= Y.getState(transport.store, client);
  return (
    update.structs.some((s) => !(s instanceof Y.Skip) && !held(s.id.client, s.id.clock + s.length)) ||
    [...update.ds.clients].some(([client, ranges]) => ranges.some((r) => !held(client, r.clock + r.len)))
  );
}
