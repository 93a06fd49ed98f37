import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';

import { afterAll, describe, expect, it } from 'vitest';

import { readHeapSnapshot, summarizeHeap } from './heapSummary';

class ProbeHolder {
  readonly cards = Array.from({ length: 50_000 }, (_, i) => ({ name: `Org ${i}`, lane: [i] }));
}

describe('heapSummary', () => {
  const dir = mkdtempSync(join(tmpdir(), 'heap-summary-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds what holds the heap: the retainer, its path, and the bytes by constructor and holder', () => {
    const held = new ProbeHolder();
    (globalThis as { heapSummaryProbe?: ProbeHolder }).heapSummaryProbe = held;
    const file = writeHeapSnapshot(join(dir, 'probe.heapsnapshot'));
    delete (globalThis as { heapSummaryProbe?: ProbeHolder }).heapSummaryProbe;
    const summary = summarizeHeap(readHeapSnapshot(file), 20);
    // 50,000 objects, strings and arrays: at least a few MiB, all under the holder.
    const holder = summary.retainers.find((r) => r.node === 'Array' && r.path.endsWith('ProbeHolder.cards'));
    expect(holder?.retainedMiB).toBeGreaterThan(2);
    expect(holder?.path).toContain('heapSummaryProbe');
    const objects = summary.constructors.find((c) => c.constructor === 'Object');
    expect(objects?.count).toBeGreaterThanOrEqual(50_000);
    expect(
      summary.heldBy.some((h) => h.what.startsWith('(array) ← ') && h.what.includes('Object.lane → Array.elements')),
    ).toBe(true);
  });
});
