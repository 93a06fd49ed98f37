import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { initCrypto } from '../shared/crypto';
import { offlineEdits, reopenOffline } from '../shared/testkit/localStore';
import { FileRecordBackend } from './FileRecordBackend';
import { RESYNC_BUDGET_BYTES } from './resyncRecords';

await initCrypto();

const MAGIC_BYTES = 7;
const storePath = () => join(mkdtempSync(join(tmpdir(), 'unity-store-')), 'transport.utrec');

/** [offset of the length prefix, record length] of every record in a store file. */
function frames(data: Buffer): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let at = MAGIC_BYTES; at < data.length; at += 4 + data.readUInt32LE(at)) out.push([at, data.readUInt32LE(at)]);
  return out;
}

function asideFiles(path: string): string[] {
  return readdirSync(dirname(path)).filter((f) => f.includes('.damaged-'));
}

describe('FileRecordBackend: damage in the middle of a store', () => {
  it('a flipped bit in record k of n: every offline edit after it is still applied, and the damage is named', async () => {
    const path = storePath();
    const copy = await offlineEdits(new FileRecordBackend(path), 8);
    const data = readFileSync(path);
    const all = frames(data);
    expect(all.length).toBeGreaterThanOrEqual(8);
    const k = all.length - 4;
    const [at, length] = all[k]!;
    data[at + 4 + Math.floor(length / 2)]! ^= 0x10;
    writeFileSync(path, data);

    const { problems, visible } = await reopenOffline(new FileRecordBackend(path), copy);
    expect(visible.sort()).toEqual([...copy.edits].sort());
    const aside = asideFiles(path);
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(dirname(path), aside[0]!)).equals(data)).toBe(true);
    expect(problems).toEqual([
      `record ${k + 1} (bytes ${at}–${at + 4 + length} of ${path}) does not decrypt: skipped, kept in ${join(dirname(path), aside[0]!)}`,
    ]);
  });

  for (const [label, bad] of [
    ['too long for the file', 0xfffffff0],
    ['a few bytes off', 5],
  ] as const) {
    it(`a damaged length prefix (${label}) in record k of n: reading resynchronises and every later edit is applied`, async () => {
      const path = storePath();
      const copy = await offlineEdits(new FileRecordBackend(path), 8);
      const data = readFileSync(path);
      const all = frames(data);
      const k = all.length - 4;
      const [at, length] = all[k]!;
      data.writeUInt32LE(bad === 5 ? length + 5 : bad, at);
      writeFileSync(path, data);

      const { problems, visible } = await reopenOffline(new FileRecordBackend(path), copy);
      expect(visible.sort()).toEqual([...copy.edits].sort());
      const aside = join(dirname(path), asideFiles(path)[0]!);
      expect(readFileSync(aside).equals(data)).toBe(true);
      expect(problems).toEqual([
        `bytes ${at}–${at + 4 + length} of ${path} do not hold a readable record (a damaged length or record): skipped, kept in ${aside}; reading resumed at byte ${at + 4 + length}`,
      ]);
    });
  }

  it('bounds the cost of the scan: a stretch full of plausible lengths is given up within the budget', async () => {
    const path = storePath();
    const good = [Buffer.alloc(100, 1), Buffer.alloc(100, 2)];
    // Every 4-aligned word says "a 64 KiB record follows", and each such frame chains to another:
    // tried one by one, 4 MiB of this would cost about 64 GiB of authentication.
    const garbage = Buffer.alloc(4 * 1024 * 1024);
    for (let i = 0; i < garbage.length; i += 4) garbage.writeUInt32LE(65536, i);
    const frame = (b: Buffer) => Buffer.concat([Buffer.from([b.length, 0, 0, 0]), b]);
    writeFileSync(path, Buffer.concat([Buffer.from('UTREC1\n'), frame(good[0]!), garbage, frame(good[1]!)]));
    let checked = 0;
    const { records, problems } = await new FileRecordBackend(path).readAll((r) => {
      checked += r.length;
      return good.some((g) => g.equals(r));
    });
    expect(records).toEqual([new Uint8Array(good[0]!)]);
    expect(checked).toBeLessThanOrEqual(RESYNC_BUDGET_BYTES + 2 * 65536);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/hold no record found within the scan's limit: skipped, kept in .*\.damaged-/);
  });

  it('finds the next record after random noise in the middle, and names the stretch', async () => {
    const path = storePath();
    const good = [Buffer.alloc(60, 1), Buffer.alloc(70, 2)];
    const noise = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919 + 13) % 251));
    const frame = (b: Buffer) => Buffer.concat([Buffer.from([b.length, 0, 0, 0]), b]);
    writeFileSync(path, Buffer.concat([Buffer.from('UTREC1\n'), frame(good[0]!), noise, frame(good[1]!)]));
    const { records, problems } = await new FileRecordBackend(path).readAll((r) => good.some((g) => g.equals(r)));
    expect(records).toEqual(good.map((g) => new Uint8Array(g)));
    const from = 7 + 64;
    expect(problems[0]).toMatch(new RegExp(`^bytes ${from}–${from + 5000} of .* do not hold a readable record`));
  });
});
