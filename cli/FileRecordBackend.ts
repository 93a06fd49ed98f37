import { copyFile, mkdir, open, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

import type { RecordBackend } from '../shared/storage';
import { resyncRecords } from './resyncRecords';

const MAGIC = Buffer.from('UTREC1\n');

/**
 * Sealed records in one append-only file: a magic line, then [u32 little-endian length][record].
 * A record that does not authenticate is skipped; a damaged length is got over by scanning for the
 * next record that authenticates (resyncRecords); a torn write leaves an incomplete tail. Each is
 * reported with its byte range, and a damaged file is copied aside before it is rewritten, so
 * nothing is ever thrown away.
 */
export class FileRecordBackend implements RecordBackend {
  constructor(private readonly path: string) {}

  async readAll(authentic?: (record: Uint8Array) => boolean): Promise<{ records: Uint8Array[]; problems: string[] }> {
    let data: Buffer;
    try {
      data = await readFile(this.path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], problems: [] };
      throw e;
    }
    if (!data.subarray(0, MAGIC.length).equals(MAGIC)) {
      return {
        records: [],
        problems: [`${this.path} is not a Unity Table store: ignored (kept as ${await this.keepAside()})`],
      };
    }
    const { records, damage } = resyncRecords(data, MAGIC.length, authentic ?? (() => true));
    if (damage.length === 0) return { records, problems: [] };
    const aside = await this.keepAside();
    const problems = damage.map((d) => {
      const bytes = `bytes ${d.from}–${d.to} of ${this.path}`;
      switch (d.kind) {
        case 'record':
          return `record ${d.index} (${bytes}) does not decrypt: skipped, kept in ${aside}`;
        case 'stretch':
          return `${bytes} do not hold a readable record (a damaged length or record): skipped, kept in ${aside}; reading resumed at byte ${d.to}`;
        case 'tail':
          return `the last ${d.to - d.from} bytes of ${this.path} (${bytes}) are incomplete (an interrupted write?): skipped, kept in ${aside}`;
        case 'gave-up':
          return `${bytes} hold no record found within the scan's limit: skipped, kept in ${aside}`;
      }
    });
    return { records, problems };
  }

  async append(record: Uint8Array): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    const file = await open(this.path, 'a', 0o600);
    try {
      const { size } = await file.stat();
      await file.write(Buffer.concat([size === 0 ? MAGIC : Buffer.alloc(0), frame(record)]));
    } finally {
      await file.close();
    }
  }

  async replaceAll(records: Uint8Array[]): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    const temp = `${this.path}.tmp`;
    const file = await open(temp, 'w', 0o600);
    try {
      await file.write(Buffer.concat([MAGIC, ...records.map(frame)]));
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, this.path);
  }

  private async keepAside(): Promise<string> {
    const aside = `${this.path}.damaged-${Date.now()}`;
    await copyFile(this.path, aside);
    return aside;
  }
}

function frame(record: Uint8Array): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt32LE(record.length);
  return Buffer.concat([head, record]);
}

/** Writes a whole file atomically (temp file, fsync, rename): the vault and workspace list. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temp = `${path}.tmp`;
  await writeFile(temp, data, { mode: 0o600 });
  const file = await open(temp, 'r+');
  try {
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temp, path);
}
