import { openDB } from 'idb';
import type { DBSchema, IDBPDatabase } from 'idb';

import type { RecordBackend } from '../../shared/sync';

interface TransportDb extends DBSchema {
  records: {
    key: number;
    value: { workspaceId: string; record: Uint8Array };
    indexes: { byWorkspace: string };
  };
}

let db: Promise<IDBPDatabase<TransportDb>> | null = null;
const database = () =>
  (db ??= openDB<TransportDb>('unity-table-transport', 1, {
    upgrade(d) {
      d.createObjectStore('records', { autoIncrement: true }).createIndex('byWorkspace', 'workspaceId');
    },
  }));

/**
 * The renderer's store for sealed transport records: one IndexedDB object store, records in
 * insertion order per workspace. It only ever holds what LocalTransportStore sealed.
 */
export class IndexedDbRecordBackend implements RecordBackend {
  constructor(private readonly workspaceId: string) {}

  async readAll(): Promise<{ records: Uint8Array[]; problems: string[] }> {
    const rows = await (await database()).getAllFromIndex('records', 'byWorkspace', this.workspaceId);
    const records: Uint8Array[] = [];
    const problems: string[] = [];
    for (const [i, row] of rows.entries()) {
      if (row.record instanceof Uint8Array) records.push(row.record);
      else problems.push(`stored record ${i + 1} is not binary: skipped`);
    }
    return { records, problems };
  }

  async append(record: Uint8Array): Promise<void> {
    await (await database()).add('records', { workspaceId: this.workspaceId, record });
  }

  /** One transaction: the old records go and the new arrive together, or neither. */
  async replaceAll(records: Uint8Array[]): Promise<void> {
    const tx = (await database()).transaction('records', 'readwrite');
    let cursor = await tx.store.index('byWorkspace').openKeyCursor(this.workspaceId);
    while (cursor) {
      await tx.store.delete(cursor.primaryKey);
      cursor = await cursor.continue();
    }
    for (const record of records) await tx.store.add({ workspaceId: this.workspaceId, record });
    await tx.done;
  }
}
