import { openDB } from 'idb';
import type { DBSchema, IDBPDatabase } from 'idb';

import type { RecordBackend } from '../../shared/storage';

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

  /**
   * Records that are not binary, or that `authentic` refuses, are moved aside in one transaction
   * (same store, under `damaged:<workspaceId>`), so a rewrite never deletes them and nothing reads them.
   */
  async readAll(authentic?: (record: Uint8Array) => boolean): Promise<{ records: Uint8Array[]; problems: string[] }> {
    const tx = (await database()).transaction('records', 'readwrite');
    const index = tx.store.index('byWorkspace');
    const [rows, keys] = await Promise.all([index.getAll(this.workspaceId), index.getAllKeys(this.workspaceId)]);
    const records: Uint8Array[] = [];
    const problems: string[] = [];
    const aside = `damaged:${this.workspaceId}`;
    for (const [i, row] of rows.entries()) {
      const binary = row.record instanceof Uint8Array;
      if (binary && (!authentic || authentic(row.record))) {
        records.push(row.record);
        continue;
      }
      const key = keys[i]!;
      await tx.store.add({ workspaceId: aside, record: row.record });
      await tx.store.delete(key);
      const what = binary ? 'does not decrypt' : 'is not binary';
      problems.push(
        `record ${i + 1} of workspace ${this.workspaceId} (IndexedDB unity-table-transport, key ${key}) ${what}: skipped, kept aside under ${aside}`,
      );
    }
    await tx.done;
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

/**
 * Deletes everything this profile keeps for `workspaceId`, in one transaction: its own records, each
 * room's (`<id>/<room>`), the board cache (`board-cache:<id>`) and what was moved aside as damaged
 * (`damaged:<id>`, `damaged:<id>/<room>`). Ids are base64url, so no other workspace's name starts
 * with `<id>/`. "Leave" uses it: a lost laptop keeps no ciphertext of a workspace it left.
 */
export async function deleteWorkspaceRecords(workspaceId: string): Promise<void> {
  if (workspaceId === '' || workspaceId.includes('/')) throw new Error('not a workspace id');
  const tx = (await database()).transaction('records', 'readwrite');
  const index = tx.store.index('byWorkspace');
  const ranges = [workspaceId, `damaged:${workspaceId}`, `board-cache:${workspaceId}`].flatMap((name) => [
    IDBKeyRange.only(name),
    // Every `<name>/<room>`: '0' is the code unit after '/'.
    IDBKeyRange.bound(`${name}/`, `${name}0`, false, true),
  ]);
  for (const range of ranges) {
    let cursor = await index.openKeyCursor(range);
    while (cursor) {
      await tx.store.delete(cursor.primaryKey);
      cursor = await cursor.continue();
    }
  }
  await tx.done;
}
