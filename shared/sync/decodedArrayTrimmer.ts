import * as Y from 'yjs';

/** Structs looked at per task: some 10–20 ms in Chromium, under a long task, so the page stays responsive. */
const STRUCTS_PER_SLICE = 20_000;

/**
 * Gives back the room V8 reserves in the arrays Yjs decodes (issue 17, heap after open).
 *
 * Yjs reads each `ContentAny` (a map value, a list entry) by pushing onto an empty array, and V8
 * gives such an array room for 17 values; almost every one holds a single value. On the P3 board
 * (346,000 map values) those spare slots were 25 MiB of a 125 MiB heap, a fifth of the page. A
 * local edit builds its content from a literal of the right size, so only what a remote transaction
 * decoded is trimmed: each value is copied into an array of its own length, the same values in the
 * same order, so no reader of the document can tell. The copy runs in slices after `delayMs` (after
 * the first paint of an open), each scheduled as its own task.
 */
export class DecodedArrayTrimmer {
  /** Clock ranges `[client, from, to)` of structs remote transactions added, not yet trimmed. */
  private readonly ranges: Array<[client: number, from: number, to: number]> = [];
  private cancel: (() => void) | null = null;
  private readonly onTransaction = (tr: Y.Transaction): void => {
    if (tr.local) return;
    for (const [client, after] of tr.afterState) {
      const before = tr.beforeState.get(client) ?? 0;
      if (after > before) this.ranges.push([client, before, after]);
    }
    if (this.ranges.length > 0) this.cancel ??= this.schedule(this.slice, this.delayMs);
  };

  constructor(
    private readonly doc: Y.Doc,
    private readonly schedule: (fn: () => void, ms: number) => () => void,
    private readonly delayMs: number,
  ) {
    doc.on('afterTransaction', this.onTransaction);
  }

  /** Structs still waiting to be looked at (their clock ranges' total length). */
  get pending(): number {
    return this.ranges.reduce((n, [, from, to]) => n + (to - from), 0);
  }

  destroy(): void {
    this.doc.off('afterTransaction', this.onTransaction);
    this.cancel?.();
    this.cancel = null;
    this.ranges.length = 0;
  }

  private readonly slice = (): void => {
    this.cancel = null;
    let budget = STRUCTS_PER_SLICE;
    while (budget > 0 && this.ranges.length > 0) {
      const range = this.ranges[0]!;
      const [client, from, to] = range;
      const structs = this.doc.store.clients.get(client);
      // Structs split and merge as later edits arrive: the range is found again by clock each slice.
      let i = structs && from < Y.getState(this.doc.store, client) ? Y.findIndexSS(structs, from) : Infinity;
      for (; structs && i < structs.length && budget > 0; i++, budget--) {
        const struct = structs[i]!;
        if (struct.id.clock >= to) break;
        if (struct instanceof Y.Item && struct.content instanceof Y.ContentAny) {
          struct.content.arr = struct.content.arr.slice();
        }
        range[1] = struct.id.clock + struct.length;
      }
      if (!structs || i >= structs.length || range[1] >= to) this.ranges.shift();
    }
    if (this.ranges.length > 0) this.cancel = this.schedule(this.slice, 0);
  };
}
