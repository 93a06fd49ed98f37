import * as Y from 'yjs';

/**
 * Appends binary entries to one Y.Array in time proportional to what others appended since, not
 * to the list's length. `list.insert(list.length, …)` asks Yjs's search markers for the position,
 * and findMarker then walks left over every item of the same client with consecutive clocks (a
 * merge guard meant for text): a member's own envelopes are exactly such a run, so each append
 * walked the whole run (quadratic: 20,000 envelopes cost about 250 µs each, bench P2). `push` walks
 * right from the highest marker, which nothing moves forward. This keeps the item it appended last
 * and integrates the next one after the list's last item, as Yjs's own push does.
 */
export class ListTail {
  private last: Y.Item | null = null;

  constructor(private readonly list: Y.Array<Uint8Array>) {}

  /** Appends `bytes` inside `tr` (a transaction of the list's document); returns the entry Yjs stores. */
  append(tr: Y.Transaction, bytes: Uint8Array): Uint8Array {
    const doc = tr.doc;
    let left = this.last;
    // A deleted item may be merged into a neighbour at cleanup (its pointers go stale); a live item
    // stays linked, and every item to its right is the list's. Anything else: the public path.
    if (left === null || left.deleted || left.parent !== this.list) {
      this.list.insert(this.list.length, [bytes]);
      // Our client's newest struct: binary content never merges with a neighbour.
      const mine = doc.store.clients.get(doc.clientID)!;
      this.last = mine[mine.length - 1] as Y.Item;
    } else {
      while (left.right !== null) left = left.right;
      const id = Y.createID(doc.clientID, Y.getState(doc.store, doc.clientID));
      // As Yjs's push does: after the last item (deleted or not), with it as origin.
      const item = new Y.Item(id, left, left.lastId, null, null, this.list, null, new Y.ContentBinary(bytes));
      item.integrate(tr, 0);
      this.last = item;
    }
    return this.last.content.getContent()[0] as Uint8Array;
  }
}
