import { describe, expect, it } from 'vitest';

import { NonceLog } from './NonceLog';
import type { NonceFile } from './NonceLog';

/** A log file in memory that counts how it is written. */
function countingFile(initial = ''): NonceFile & { text: string; appends: number; replaces: number } {
  const file = {
    text: initial,
    appends: 0,
    replaces: 0,
    read: () => file.text,
    append: (line: string) => {
      file.appends++;
      file.text += line;
    },
    replace: (text: string) => {
      file.replaces++;
      file.text = text;
    },
  };
  return file;
}

const nonce = (i: number) => `n${i.toString(36)}`;

describe('NonceLog (issue 11, item 2)', () => {
  it('is not rewritten per request past 10,000 live nonces: one append each, rewrites only on compaction', () => {
    const file = countingFile();
    const log = new NonceLog(file, 0);
    const replacesAtOpen = file.replaces;
    for (let i = 0; i < 25_000; i++) expect(log.use(nonce(i), 600_000, 1000)).toBe(true);
    expect(file.appends).toBe(25_000);
    expect(file.replaces).toBe(replacesAtOpen);
    expect(log.use(nonce(7), 600_000, 1000)).toBe(false);
  });

  it('compaction keeps only live nonces, and a reopened log still refuses them', () => {
    const file = countingFile();
    const log = new NonceLog(file, 0);
    for (let i = 0; i < 100; i++) log.use(nonce(i), i < 50 ? 1000 : 9000, 0);
    log.compact(5000);
    expect(file.text.trim().split('\n')).toHaveLength(50);
    const reopened = new NonceLog(file, 5000);
    expect(reopened.use(nonce(60), 9000, 5000)).toBe(false);
    expect(reopened.use(nonce(10), 9000, 5000)).toBe(true); // expired: forgotten, harmless (its credential is stale)
  });

  it('refuses a nonce of the wrong shape without writing it', () => {
    const file = countingFile();
    const log = new NonceLog(file, 0);
    expect(log.use('bad nonce\nwith newline', 1000, 0)).toBe(false);
    expect(file.appends).toBe(0);
  });
});
