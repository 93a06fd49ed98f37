import { copyFile, mkdir, open, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

import type { RecordBackend } from '../../shared/sync';

const MAGIC = Buffer.from('UTREC1\n');
const MAX_RECORD = 256 * 1024 * 1024;

/**
 * Sealed records in one append-only file: a magic line, then [u32 little-endian length][record].
 * A torn write leaves an incomplete tail, which is reported and skipped; a damaged file is copied
 * aside before it is rewritten, so nothing is ever thrown away.
 */
export class FileRecordBackend implements RecordBackend {
  constructor(private readonly path: string) {}

  async readAll(): Promise<{ records: Uint8Array[]; problems: string[] }> {
    let data: Buffer;
    try {
      data = await readFile(this.path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], problems: [] };
      throw e;
    }
    const problems: string[] = [];
    const records: Uint8Array[] = [];
    if (!data.subarray(0, MAGIC.length).equals(MAGIC)) {
      problems.push(`${this.path} is not a Unity Table store: ignored (kept as ${await this.keepAside()})`);
      return { records, problems };
    }
    let at = MAGIC.length;
    while (at < data.length) {
      if (at + 4 > data.length) break;
      const length = data.readUInt32LE(at);
      if (length > MAX_RECORD || at + 4 + length > data.length) break;
      records.push(new Uint8Array(data.subarray(at + 4, at + 4 + length)));
      at += 4 + length;
    }
    if (at < data.length) {
      problems.push(
        `the last ${data.length - at} bytes of ${this.path} are incomplete (an interrupted write?): skipped, kept in ${await this.keepAside()}`,
      );
    }
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
