import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import * as decoding from 'lib0/decoding';
import type { LeveldbPersistence } from 'y-leveldb';
import * as Y from 'yjs';

/** The part of the LevelDB handle y-leveldb hands its transactions that the check reads. */
interface StoreDb {
  open(): Promise<void>;
  iterator(): AsyncIterable<[Array<string | number>, Uint8Array]>;
}

/** The store's directory, created private to the relay's user (0700). */
export function prepareDataDir(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
}

/**
 * Makes every file of the store private (0600): LevelDB creates its files under the process
 * umask. The relay process sets umask 077 (main.ts); this covers an embedding host that does not.
 */
export function privatizeDataDir(dataDir: string): void {
  for (const name of readdirSync(dataDir)) {
    const path = join(dataDir, name);
    const stat = statSync(path);
    if ((stat.mode & 0o777) !== (stat.isDirectory() ? 0o700 : 0o600))
      chmodSync(path, stat.isDirectory() ? 0o700 : 0o600);
  }
}

const message = (e: unknown): string => {
  const cause = e instanceof Error && e.cause instanceof Error ? `: ${e.cause.message}` : '';
  return `${e instanceof Error ? e.message : String(e)}${cause}`;
};

/**
 * Reads the whole store once, at start, and says what is wrong with it, or null if nothing is:
 * LevelDB cannot open it; LevelDB dropped records while recovering (its LOG says so); a room's
 * updates are not one unbroken run after its last flush (y-leveldb numbers them 0, 1, 2…); an
 * update does not decode. Any of these means some room cannot be read whole, and a room served
 * half would look complete to a newcomer.
 */
export async function checkStore(store: LeveldbPersistence, dataDir: string): Promise<string | null> {
  const problem = await store._transact(async (db: StoreDb) => {
    try {
      await db.open();
      const updates = new Map<string, number[]>();
      const flushedAt = new Map<string, number>();
      for await (const [key, value] of db.iterator()) {
        const [kind, room, what, clock] = key;
        if (kind === 'v1_sv' && typeof room === 'string') {
          flushedAt.set(room, decoding.readVarUint(decoding.createDecoder(value)));
        } else if (kind === 'v1' && what === 'update' && typeof room === 'string' && typeof clock === 'number') {
          Y.decodeUpdate(value);
          updates.set(room, [...(updates.get(room) ?? []), clock]);
        }
      }
      for (const [room, clocks] of updates) {
        const from = flushedAt.get(room);
        if (from === undefined) return `room ${room} has updates but no record of its state`;
        const live = clocks.filter((c) => c >= from).sort((a, b) => a - b);
        if (live.some((c, i) => c !== from + i)) return `room ${room} is missing stored updates`;
      }
      return null;
    } catch (e) {
      return message(e);
    }
  });
  if (problem !== null) return problem;
  let recovery = '';
  try {
    recovery = readFileSync(join(dataDir, 'LOG'), 'utf8');
  } catch {
    // no LOG: nothing was recovered
  }
  const dropped = recovery.split('\n').find((line) => /corrupt|dropped|checksum/i.test(line));
  return dropped ? `LevelDB reported while recovering: ${dropped.replace(/^\S+\s+\S+\s+/, '').trim()}` : null;
}
