import * as Y from 'yjs';

import { aeadOpen, aeadSeal, concatBytes, NONCE_BYTES, utf8 } from '../crypto';

/**
 * Where a platform keeps opaque records: files under Node, IndexedDB in the renderer. It never
 * sees plaintext — every record is sealed here first.
 */
export interface RecordBackend {
  /**
   * Every record in order, and a line for each stretch it could not read (corruption), naming
   * where the damaged bytes are kept aside. `authentic` tells a sealed record from noise: with it,
   * a backend skips records that fail it and finds the next good one after a damaged frame.
   */
  readAll(authentic?: (record: Uint8Array) => boolean): Promise<{ records: Uint8Array[]; problems: string[] }>;
  append(record: Uint8Array): Promise<void>;
  /** Atomically replaces everything with `records` (compaction). */
  replaceAll(records: Uint8Array[]): Promise<void>;
}

/** Rewrite the store as one record once it holds this many. */
const COMPACT_AFTER_RECORDS = 500;

/**
 * An update at most this large is repeated at the start of the next record. A larger one from a relay
 * (its first sync: the whole workspace; see `fromRelay`) is not: each next record would copy it again,
 * and every later open would read, decrypt and merge it twice (issue 17); lost, it is re-sent by the
 * relay. Any other large one (a migration, a long paste, an imported bundle, the demo: maybe offline)
 * is repeated like any: no relay may hold it yet, and this session's later edits follow it in Yjs's
 * order (review17). The rewrite on open (WASTE_FACTOR) drops the second copy.
 */
const OVERLAP_MAX_BYTES = 1 << 20;

/**
 * On open, a store whose records hold this many times more bytes than the document they make (past
 * WASTE_FLOOR_BYTES) is rewritten whole: deleted content (a migrated or compacted list) would be
 * read, decrypted and applied again at every open.
 */
const WASTE_FACTOR = 1.5;
const WASTE_FLOOR_BYTES = 1 << 20;

/**
 * The encrypted local copy of a workspace's transport document (S3): each Yjs update is sealed
 * with the profile's storage key (XChaCha20-Poly1305, bound to the workspace id) and appended.
 * On open, unreadable records are skipped and reported, never fatal: the rest loads, and the relay
 * re-sends what the copy lacks.
 *
 * Each appended record also carries the update before it. Yjs applies a client's updates only in
 * order, so one lost record would otherwise hide every later offline edit until a relay re-sent
 * it (issue 11, item 15); with the overlap, any single damaged record is recovered from the next.
 */
export class LocalTransportStore {
  private chain: Promise<void> = Promise.resolve();
  private records = 0;
  private failure: Error | null = null;
  /** The update the last appended record ended with, repeated at the start of the next one. */
  private previous: Uint8Array | null = null;
  /** The origins of updates a relay sent (its providers): they hold what they sent. */
  private readonly relayOrigins = new Set<unknown>();
  private readonly onUpdate = (update: Uint8Array, origin: unknown) => {
    const record = this.seal(this.previous ? Y.mergeUpdates([this.previous, update]) : update);
    this.previous = update.length <= OVERLAP_MAX_BYTES || !this.relayOrigins.has(origin) ? update : null;
    this.enqueue(() => this.backend.append(record), 1);
  };

  private constructor(
    private readonly transport: Y.Doc,
    private readonly backend: RecordBackend,
    private readonly key: Uint8Array,
    private readonly workspaceId: string,
    private readonly room: string | null,
  ) {}

  /**
   * Loads the stored copy into `transport` and keeps storing every update it gets from now on.
   * `room` names a compartment's room (ADR 0012 §5): bound into each record, so one room's records
   * never load as another's or as the directory's; none (the directory) keeps the pre-room binding.
   */
  static async open(
    transport: Y.Doc,
    backend: RecordBackend,
    key: Uint8Array,
    workspaceId: string,
    room: string | null = null,
  ): Promise<{ store: LocalTransportStore; problems: string[] }> {
    const store = new LocalTransportStore(transport, backend, key, workspaceId, room);
    // A document that already holds state (fetched before the store was opened) is written whole.
    const hadState = transport.store.clients.size > 0;
    // The backend authenticates each record to find its way past damage; keep what it opened.
    const opened = new WeakMap<Uint8Array, Uint8Array>();
    const authentic = (record: Uint8Array) => {
      const update = store.tryOpen(record);
      if (update) opened.set(record, update);
      return update !== null;
    };
    const { records, problems } = await backend.readAll(authentic);
    const updates: Uint8Array[] = [];
    records.forEach((record, i) => {
      const update = opened.get(record) ?? store.tryOpen(record);
      if (update) updates.push(update);
      else problems.push(`record ${i + 1} of the local copy does not decrypt: skipped`);
    });
    try {
      if (updates.length > 0) Y.applyUpdate(transport, Y.mergeUpdates(updates), store);
    } catch {
      // One bad update poisons a merge: apply them one by one, keeping every good one.
      for (const [i, u] of updates.entries()) {
        try {
          Y.applyUpdate(transport, u, store);
        } catch {
          problems.push(`record ${i + 1} of the local copy is not a valid update: skipped`);
        }
      }
    }
    if (transport.store.pendingStructs) {
      problems.push(
        'some stored edits depend on records that are lost: they are kept and will show once the relay re-sends what they need',
      );
    }
    store.records = records.length;
    // A store with damage is rewritten whole from what loaded, so the damage is not read again.
    if (hadState || problems.length > 0 || records.length > COMPACT_AFTER_RECORDS) store.compact();
    else if (records.length > 1) {
      const bytes = records.reduce((n, r) => n + r.length, 0);
      if (bytes > WASTE_FLOOR_BYTES) {
        const whole = Y.encodeStateAsUpdate(transport);
        if (bytes > WASTE_FACTOR * whole.length) store.compact(whole);
      }
    }
    transport.on('update', store.onUpdate);
    return { store, problems };
  }

  /** Updates applied with `origin` (a relay connection's provider) come from a relay, which holds them. */
  fromRelay(origin: unknown): void {
    this.relayOrigins.add(origin);
  }

  /** Waits for every pending write; rejects if one failed (disk full, store removed). */
  async flush(): Promise<void> {
    await this.chain;
    if (this.failure) throw this.failure;
  }

  /** Rewrites the store as one sealed record of the whole document (`whole`, if just encoded). */
  compact(whole: Uint8Array = Y.encodeStateAsUpdate(this.transport)): void {
    this.previous = null;
    const record = this.seal(whole);
    this.enqueue(() => this.backend.replaceAll([record]), 1 - this.records);
  }

  async close(): Promise<void> {
    this.transport.off('update', this.onUpdate);
    await this.flush();
  }

  private enqueue(write: () => Promise<void>, recordsAdded: number): void {
    this.records += recordsAdded;
    this.chain = this.chain.then(write).catch((e: unknown) => {
      this.failure ??= e instanceof Error ? e : new Error(String(e));
    });
    if (this.records > COMPACT_AFTER_RECORDS) this.compact();
  }

  private ad(): Uint8Array {
    const room = this.room === null ? '' : `/${this.room}`;
    return utf8(`unity-table/v1/local-transport/${this.workspaceId}${room}`);
  }

  private seal(update: Uint8Array): Uint8Array {
    const { nonce, ciphertext } = aeadSeal(this.key, update, this.ad());
    return concatBytes(nonce, ciphertext);
  }

  private tryOpen(record: Uint8Array): Uint8Array | null {
    if (record.length < NONCE_BYTES) return null;
    try {
      return aeadOpen(this.key, record.subarray(0, NONCE_BYTES), record.subarray(NONCE_BYTES), this.ad());
    } catch {
      return null;
    }
  }
}
