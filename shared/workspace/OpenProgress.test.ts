import { describe, expect, it } from 'vitest';

import { OPEN_PHASES, progressReporter, PROGRESS_INTERVAL_MS } from './OpenProgress';
import type { OpenProgress } from './OpenProgress';

/** A reporter over a clock the test moves, and everything its listener heard. */
function reporterAt() {
  let t = 0;
  const heard: Array<OpenProgress & { at: number }> = [];
  const report = progressReporter(
    (p) => void heard.push({ ...p, at: t }),
    () => t,
  )!;
  return { heard, report, advance: (ms: number) => void (t += ms) };
}

const bytes = (done: number): OpenProgress => ({ phase: 'downloading', done, total: null, unit: 'bytes' });

describe('progressReporter', () => {
  it('tells at most 10 updates a second within a phase, and each phase ends on its last count', () => {
    const { heard, report, advance } = reporterAt();
    // 10,000 socket messages over 2 s of a download, then the checks.
    for (let i = 1; i <= 10_000; i++) {
      report(bytes(i * 1000));
      advance(0.2);
    }
    report({ phase: 'checking', done: 0, total: 5, unit: 'envelopes' });
    const downloads = heard.filter((p) => p.phase === 'downloading');
    expect(downloads.length).toBeLessThanOrEqual(2000 / PROGRESS_INTERVAL_MS + 2);
    for (let i = 1; i < downloads.length - 1; i++) {
      expect(downloads[i]!.at - downloads[i - 1]!.at).toBeGreaterThanOrEqual(PROGRESS_INTERVAL_MS);
    }
    expect(downloads.at(-1)!.done).toBe(10_000_000);
    expect(heard.at(-1)!.phase).toBe('checking');
  });

  it('only moves forward: an earlier phase or a count going back is dropped', () => {
    const { heard, report, advance } = reporterAt();
    report({ phase: 'connecting', done: 10, total: null, unit: 'bytes' });
    report({ phase: 'downloading', done: 500, total: null, unit: 'bytes' });
    advance(500);
    report({ phase: 'connecting', done: 900, total: null, unit: 'bytes' }); // a late answer of the invite's socket
    report(bytes(400));
    report({ phase: 'checking', done: 3, total: 10, unit: 'envelopes' });
    advance(500);
    report({ phase: 'checking', done: 3, total: 8, unit: 'envelopes' });
    report({ phase: 'opening', done: 0, total: null, unit: null });
    expect(heard.map((p) => [p.phase, p.done])).toEqual([
      ['connecting', 10],
      ['downloading', 500],
      ['checking', 3],
      ['opening', 0],
    ]);
    const ranks = heard.map((p) => OPEN_PHASES.indexOf(p.phase));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  });

  it('a held-back count lower than one held before it is dropped too', () => {
    const { heard, report } = reporterAt();
    report(bytes(0));
    report(bytes(800));
    report(bytes(300));
    report({ phase: 'ready', done: 0, total: null, unit: null });
    expect(heard.map((p) => p.done)).toEqual([0, 800, 0]);
  });

  it('wraps once: the steps of one join share it, and nothing is asked of no listener', () => {
    const { report } = reporterAt();
    expect(progressReporter(report, () => 0)).toBe(report);
    expect(progressReporter(undefined, () => 0)).toBeUndefined();
  });
});
