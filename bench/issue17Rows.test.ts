import { describe, expect, it } from 'vitest';

import type { P2Result } from './p2Trace';
import type { P3Result } from './p3Board';
import type { P5Result } from './p5LargeNote';
import { formatIssue17, ISSUE17_LIMITS, issue17Rows, issue17Targets } from './issue17Rows';

// Only the fields issue17Rows reads: the benchmarks themselves are exercised by bench.test.ts and p3Gate.test.ts.
const p2 = {
  variants: [
    { id: 'automerge-paper/per-op', contentOk: true, ratio: 42, medianPlainMs: 232, medianEncryptedMs: 9650 },
    { id: 'friendsforever', contentOk: true, ratio: 1.4, medianPlainMs: 419, medianEncryptedMs: 587 },
  ],
} as unknown as P2Result;
const percent = (p50: number, p95: number) => ({ p50, p95 });
const p3 = {
  workspace: { organizations: 2000 },
  open: {
    coldOpenMs: 4100,
    shownMs: 420,
    liveMs: 4262,
    firstJoinMs: 2900,
    heapUsedMiB: 124.9,
    heapPlainDocMiB: 96.4,
    plain: { openMs: 1000, joinMs: 1450 },
    ownEdit: percent(12, 15),
    ownEditPlain: percent(8, 10),
  },
  idle: { click: percent(300, 400) },
  editing: { editors: 30, click: percent(290, 517) },
} as unknown as P3Result;
const p5 = {
  large: { paragraphs: 5000 },
  small: { paragraphs: 10, typing: { all: { painted: { p95: 15.8 } } } },
  targets: { typing: { valueMs: 63.5 } },
} as unknown as P5Result;

describe('issue 17 table', () => {
  it('reports every row of the issue, each against its baseline and target', () => {
    const rows = issue17Rows({ p2, p3, p5 });
    expect(rows.map((r) => r.id)).toEqual([
      'cold open shown',
      'cold open',
      'first join',
      'click p95',
      'heap',
      'own edit p95',
      'P2 per keystroke',
      'P2 merge points',
      'P5 painted p95',
    ]);
    const by = Object.fromEntries(rows.map((r) => [r.id, r]));
    // Shown (the preview) meets the target; live and interactive does not: both said, neither hides the other.
    expect(by['cold open shown']).toMatchObject({ value: 420, baseline: 1000, limit: 1000, met: true });
    expect(by['cold open']).toMatchObject({ value: 4262, baseline: 1000, ratio: 4.262, limit: 1000, met: false });
    expect(by['first join']).toMatchObject({ value: 2900, baseline: 1450, ratio: 2, limit: 3000, met: true });
    expect(by['click p95']).toMatchObject({ value: 517, baseline: 400, limit: ISSUE17_LIMITS.clickP95Ms, met: false });
    expect(by['heap']).toMatchObject({ value: 124.9, baseline: 96.4, ratio: 1.296, limit: 80, met: false });
    expect(by['own edit p95']).toMatchObject({ value: 15, baseline: 10, ratio: 1.5, limit: 16, met: true });
    expect(by['P2 per keystroke']).toMatchObject({ value: 42, baseline: 232, limit: 5, met: false });
    expect(by['P2 merge points']).toMatchObject({ value: 1.4, limit: 1.5, met: true });
    expect(by['P5 painted p95']).toMatchObject({ value: 63.5, baseline: 15.8, limit: 40, met: false });
    expect(
      issue17Targets(rows)
        .filter((t) => t.met === false)
        .map((t) => t.id),
    ).toEqual(['17 cold open', '17 click p95', '17 heap', '17 P2 per keystroke', '17 P5 painted p95']);
    const text = formatIssue17(rows);
    expect(text).toContain('Issue 17: open and interaction');
    for (const r of rows) expect(text).toContain(r.measure);
  });

  it('keeps a row whose benchmark did not run, saying so, with no verdict', () => {
    const rows = issue17Rows({ p2, p3: null, p5: null });
    expect(rows).toHaveLength(9);
    const open = rows.find((r) => r.id === 'cold open')!;
    expect(open).toMatchObject({ value: null, baseline: null, ratio: null, met: null });
    expect(formatIssue17(rows)).toContain('not run');
    expect(issue17Targets(rows).find((t) => t.id === '17 cold open')!.met).toBeNull();
  });

  it('fails a P2 row whose replicas ended different, however fast', () => {
    const broken = { variants: p2.variants.map((v) => ({ ...v, contentOk: false })) } as unknown as P2Result;
    const rows = issue17Rows({ p2: broken, p3: null, p5: null });
    expect(rows.find((r) => r.id === 'P2 merge points')!.met).toBe(false);
  });
});
