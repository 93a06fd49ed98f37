import * as Y from 'yjs';

import { LOCAL_ORIGIN, snapshotIncludes } from '../protocol';
import type { RelayConnection } from '../sync';

/** How long one question to the relay waits for its answer. */
const ANSWER_WAIT_MS = 2000;
/** The wait before asking again while writes are still not held, doubling up to the last. */
const FIRST_RETRY_MS = 250;
const LAST_RETRY_MS = 10_000;

/**
 * This session's local writes to the transport document that the relay has not yet said it holds.
 * A write counts from the moment it is made, online or not, until the relay's answer to the state
 * query (MESSAGE_STATE_QUERY) includes it: the same test `RelayConnection.upToDate` applies
 * (snapshotIncludes), write by write. y-websocket's "synced" is no such answer: it says the first
 * exchange of state vectors is over, not that the relay stored what we sent after it.
 */
export class PendingWrites {
  /** Per write: the clocks it reached and what it deleted, as a snapshot the relay's must include. */
  private marks: Y.Snapshot[] = [];
  private asking = false;
  private retryMs = FIRST_RETRY_MS;
  private cancelAsk: (() => void) | null = null;
  private destroyed = false;
  private readonly stops: Array<() => void> = [];

  constructor(
    private readonly transport: Y.Doc,
    private readonly connection: RelayConnection,
    private readonly schedule: (fn: () => void, ms: number) => () => void,
    private readonly onChange: () => void,
  ) {
    transport.on('afterTransaction', this.onTransaction);
    this.stops.push(() => transport.off('afterTransaction', this.onTransaction));
    this.stops.push(connection.onRelayState((remote) => this.settle(remote)));
    const onSync = (synced: boolean): void => {
      if (synced) this.askSoon(0);
    };
    connection.provider.on('sync', onSync);
    this.stops.push(() => connection.provider.off('sync', onSync));
  }

  get count(): number {
    return this.marks.length;
  }

  destroy(): void {
    this.destroyed = true;
    for (const stop of this.stops.splice(0)) stop();
    this.cancelAsk?.();
    this.cancelAsk = null;
    this.marks = [];
  }

  private readonly onTransaction = (tr: Y.Transaction): void => {
    if (tr.origin !== LOCAL_ORIGIN) return;
    const reached = new Map<number, number>();
    for (const [client, clock] of tr.afterState) {
      if (clock > (tr.beforeState.get(client) ?? 0)) reached.set(client, clock);
    }
    if (reached.size === 0 && tr.deleteSet.clients.size === 0) return;
    this.marks.push(Y.createSnapshot(tr.deleteSet, reached));
    this.onChange();
    // Asked on the next turn: the provider sends this write after every afterTransaction listener.
    this.retryMs = FIRST_RETRY_MS;
    this.askSoon(0);
  };

  private settle(remote: Y.Snapshot): void {
    const before = this.marks.length;
    this.marks = this.marks.filter((mark) => !snapshotIncludes(remote, mark));
    if (this.marks.length !== before) this.onChange();
  }

  private askSoon(ms: number): void {
    if (this.destroyed || this.marks.length === 0) return;
    this.cancelAsk?.();
    this.cancelAsk = this.schedule(() => {
      this.cancelAsk = null;
      this.ask().catch(() => this.askSoon(this.retryMs)); // a question that failed is asked again later
    }, ms);
  }

  /** One question at a time; while writes stay unheld on a synced connection, ask again, less and less often. */
  private async ask(): Promise<void> {
    if (this.asking) return;
    this.asking = true;
    try {
      await this.connection.relayState(ANSWER_WAIT_MS);
    } finally {
      this.asking = false;
    }
    if (this.destroyed || this.marks.length === 0 || !this.connection.provider.synced) return;
    this.askSoon(this.retryMs);
    this.retryMs = Math.min(this.retryMs * 2, LAST_RETRY_MS);
  }
}
