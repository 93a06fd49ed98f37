import { describe, expect, it } from 'vitest';

import {
  bundleFileName,
  exportSummaryLines,
  formatBytes,
  formatWhen,
  importCountsText,
  noteIdOfDoc,
  plural,
  progressText,
} from './bundleText';

describe('how bundles are told on screen', () => {
  it('says progress as a person reads it: envelopes counted, bytes sized', () => {
    expect(progressText({ phase: 'checking', done: 4210, total: 10000 })).toBe('Checking envelopes: 4,210 of 10,000');
    expect(progressText({ phase: 'applying', done: 1, total: 1 })).toBe('Applying envelopes: 1 of 1');
    expect(progressText({ phase: 'reading', done: 1_200_000, total: 3_400_000 })).toBe(
      'Reading the file: 1.2 MB of 3.4 MB',
    );
    expect(progressText({ phase: 'sealing', done: 0, total: 512 })).toBe('Sealing the file: 0 bytes of 512 bytes');
  });

  it('sizes files in bytes, kB, MB and GB', () => {
    expect(formatBytes(1)).toBe('1 byte');
    expect(formatBytes(999)).toBe('999 bytes');
    expect(formatBytes(12_345)).toBe('12 kB');
    expect(formatBytes(1_500)).toBe('1.5 kB');
    expect(formatBytes(4_500_000)).toBe('4.5 MB');
    expect(formatBytes(2_000_000_000_000)).toBe('2000 GB');
  });

  it('names the file after the workspace and the day, safe on any stick', () => {
    const day = new Date(2026, 11, 1, 23, 59);
    expect(bundleFileName('Border Table', day, 'utbundle')).toBe('unity-table-Border-Table-2026-12-01.utbundle');
    expect(bundleFileName('  ../Opération: Côte/Est  ', day, 'utstate')).toBe(
      'unity-table-Opération-Côte-Est-2026-12-01.utstate',
    );
    expect(bundleFileName('///', day, 'utbundle')).toBe('unity-table-workspace-2026-12-01.utbundle');
    const long = bundleFileName('x'.repeat(500), day, 'utbundle');
    // The IPC contract takes names of at most 120 characters.
    expect(long.length).toBeLessThanOrEqual(120);
  });

  it('counts an import in one line, and times in the form refusals use', () => {
    expect(importCountsText({ new: 12, duplicates: 3, rejected: 1 })).toBe(
      '12 new envelopes, 3 already here, 1 rejected',
    );
    expect(importCountsText({ new: 1, duplicates: 0, rejected: 0 })).toBe('1 new envelope, 0 already here, 0 rejected');
    expect(plural(10_000, 'envelope')).toBe('10,000 envelopes');
    expect(formatWhen(new Date(2026, 11, 1, 14, 3).getTime())).toBe('2026-12-01 14:03');
    // A hostile exporter's createdAt beyond any date JavaScript holds.
    expect(formatWhen(Number.MAX_SAFE_INTEGER)).toBe('at an impossible time');
  });
});

describe('what an export says it made', () => {
  it('names the file, its size, what it carries and whom it is sealed for', () => {
    const titles: Record<string, string> = { c1: 'Task force', c2: 'Webb County SO' };
    const names: Record<string, string> = { m1: 'Ana Example (Border Patrol)', m2: 'Pat Partner (Webb County SO)' };
    expect(
      exportSummaryLines(
        'unity-table-Border-Table-2026-12-01.utbundle',
        { bytes: 12_345, envelopes: 4210, compartments: ['c1', 'c2'], recipients: ['m1', 'm2'] },
        (c) => titles[c]!,
        (m) => names[m]!,
      ),
    ).toEqual([
      'Saved unity-table-Border-Table-2026-12-01.utbundle: 12 kB, 4,210 envelopes.',
      'Carries 2 compartments: Task force, Webb County SO.',
      'Sealed for 2 people: Ana Example (Border Patrol), Pat Partner (Webb County SO).',
    ]);
    expect(
      exportSummaryLines(
        'b.utbundle',
        { bytes: 900, envelopes: 1, compartments: ['c1'], recipients: ['m1'] },
        (c) => titles[c]!,
        (m) => names[m]!,
      ),
    ).toEqual([
      'Saved b.utbundle: 900 bytes, 1 envelope.',
      'Carries 1 compartment: Task force.',
      'Sealed for 1 person: Ana Example (Border Patrol).',
    ]);
  });

  it('links a changed note by its id, not its document’s', () => {
    expect(noteIdOfDoc('note-abc')).toBe('abc');
    expect(noteIdOfDoc('abc')).toBe('abc');
  });
});
