import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import type { BenchReport } from './suite';
import { formatSummary, runBench, SMOKE, writeReport } from './suite';

/**
 * Runs the smoke sizes of the sync benchmarks, so the bench cannot silently rot. P3 needs Chromium
 * and the built browser host: it runs in the slow gate, `npm run bench -- --smoke --only p3`.
 */
describe('bench (smoke)', () => {
  it('runs P1, P2 and P4 and reports every field', { timeout: 90_000 }, async () => {
    const report = await runBench(SMOKE, () => {}, ['p1', 'p2', 'p4']);
    const dir = mkdtempSync(join(tmpdir(), 'unity-bench-'));
    try {
      const written = JSON.parse(readFileSync(writeReport(report, dir), 'utf8')) as BenchReport;
      expect(written.name).toBe('smoke');
      expect(written.environment.cpus).toBeGreaterThan(0);

      const p1 = written.p1!;
      for (const mode of ['plain', 'relay-plain', 'encrypted'] as const) {
        const m = p1.modes[mode]!;
        expect(m.latency.count).toBe(SMOKE.p1.edits * (SMOKE.p1.clients - 1));
        expect(m.latency.p50).toBeGreaterThan(0);
        expect(m.latency.p99).toBeGreaterThanOrEqual(m.latency.p50);
        expect(m.lostDeliveries).toBe(0);
      }
      expect(p1.modes.encrypted!.afterSeal!.p50).toBeGreaterThan(0);
      expect(p1.ratios.p99).toBeGreaterThan(0);
      expect(typeof p1.target.met).toBe('boolean');

      const p2 = written.p2!;
      expect(p2.variants.map((v) => v.id)).toEqual([
        ...SMOKE.p2.linear.map((v) => v.id),
        ...SMOKE.p2.concurrent.map((c) => c.id),
      ]);
      for (const v of p2.variants) {
        expect(v.contentOk).toBe(true);
        expect(v.medianPlainMs).toBeGreaterThan(0);
        expect(v.medianEncryptedMs).toBeGreaterThan(0);
        expect(v.ratio).toBeGreaterThan(0);
        expect(v.opsPerEnvelope).toBeGreaterThanOrEqual(1);
        expect(typeof v.target.met).toBe('boolean');
      }
      expect(p2.variants.find((v) => v.id === 'automerge-paper/per-op')!.opsPerEnvelope).toBe(1);

      const p4 = written.p4!;
      for (const mode of SMOKE.p4.modes) {
        const m = p4.modes[mode]!;
        expect(m.contentEqual).toBe(true);
        expect(m.medianTotalMs).toBeGreaterThan(0);
        expect(m.medianUpToDateMs).toBeLessThanOrEqual(m.medianTotalMs);
        expect(p4.ratios[mode]).toBeGreaterThan(0);
      }
      expect(p4.modes['encrypted-uncompacted']!.runs[0]!.envelopes!.relay).toBeGreaterThan(SMOKE.p4.remoteOps);
      expect(p4.modes['encrypted-compacted']!.runs[0]!.envelopes!.relay).toBe(1);

      expect(written.targets.map((t) => t.id)).toEqual([
        'P1',
        ...p2.variants.map((v) => `P2 ${v.id}`),
        'P4',
        'P4 compacted',
        'P4 uncompacted',
        ...written.issue17.map((r) => `17 ${r.id}`),
      ]);
      // Issue 17's table lists every row; P2's carry this run's ratios, P3's and P5's say they did not run.
      expect(written.issue17).toHaveLength(9);
      const perKeystroke = written.issue17.find((r) => r.id === 'P2 per keystroke')!;
      expect(perKeystroke.value).toBe(p2.variants.find((v) => v.id === 'automerge-paper/per-op')!.ratio);
      expect(written.issue17.find((r) => r.id === 'cold open')!.met).toBeNull();
      expect(formatSummary(written)).toContain('P4 reconnect');
      expect(formatSummary(written)).toContain('Issue 17: open and interaction');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs the store benchmark, ours against the baseline, and reports every field', { timeout: 60_000 }, async () => {
    const { store } = await runBench(SMOKE, () => {}, ['store']);
    for (const side of [store!.ours, store!.baseline]) {
      expect(side.appendUsPerEdit).toBeGreaterThan(0);
      expect(side.reopenMs).toBeGreaterThan(0);
      expect(side.fileBytes).toBeGreaterThan(SMOKE.store.edits * SMOKE.store.envelopeBytes);
    }
    // The overlap repeats each update once: more bytes than the baseline, never twice plus change.
    expect(store!.ratios.fileBytes).toBeGreaterThan(1);
    expect(store!.ratios.fileBytes).toBeLessThan(2.2);
  });

  it('runs H2 (the roster with junk) and reports each variant against the clean roster', async () => {
    const report = await runBench(SMOKE, () => {}, ['h2']);
    const h2 = report.h2!;
    expect(h2.variants.map((v) => v.id)).toEqual([
      'clean',
      'observer-junk',
      'forged-admin-junk',
      'removed-admin-flips',
    ]);
    for (const v of h2.variants) {
      expect(v.sameRoster).toBe(true);
      expect(v.runsMs).toHaveLength(SMOKE.h2.reps);
      expect(v.ratio).toBeGreaterThan(0);
    }
    expect(report.targets.map((t) => t.id)).toContain('H2');
  });
  it(
    'runs C1 (one compartment against ten) and C2 (a release against an addition) and reports every field',
    { timeout: 90_000 },
    async () => {
      const report = await runBench(SMOKE, () => {}, ['c1', 'c2']);
      const { one, split, ratios } = report.c1!;
      expect([one.compartments, split.compartments]).toEqual([1, SMOKE.c1.compartments]);
      // The same content either way, every card on the board, each room compacted to the admin's one envelope.
      expect(split.facts).toBe(one.facts);
      expect([one.cards, split.cards]).toEqual([SMOKE.c1.demo.organizations, SMOKE.c1.demo.organizations]);
      expect([one.envelopes, split.envelopes]).toEqual([1, SMOKE.c1.compartments]);
      for (const v of [one, split]) {
        expect(v.openRuns).toHaveLength(SMOKE.c1.reps);
        expect(v.syncRuns).toHaveLength(SMOKE.c1.reps);
        expect(v.openMs).toBeGreaterThanOrEqual(v.openLoadMs);
        expect(v.syncMs).toBeGreaterThan(0);
      }
      expect(ratios.open).toBeGreaterThan(0);
      expect(ratios.sync).toBeGreaterThan(0);

      const c2 = report.c2!;
      expect(c2.factsPerOrganization).toBe(30);
      for (const d of [c2.release, c2.baseline]) {
        expect(d.count).toBe(SMOKE.c2.releases);
        expect(d.p95).toBeGreaterThanOrEqual(d.p50);
        expect(d.p50).toBeGreaterThan(0);
      }
      expect(c2.move.count).toBe(SMOKE.c2.releases);
      expect(c2.move.p50).toBeLessThanOrEqual(c2.release.max);
      expect(c2.releaseRuns).toHaveLength(SMOKE.c2.releases);
      expect(formatSummary(report)).toContain('C2 release');
    },
  );

  it(
    'runs B1–B3 (a bundle imported against the wire path, its size against its plaintext, a full export) and reports every field',
    { timeout: 60_000 },
    async () => {
      const report = await runBench(SMOKE, () => {}, ['b1', 'b2', 'b3']);
      const { b1, b2, b3 } = report.bundles;
      const { workload } = SMOKE.bundles.b1;
      // Every writer's envelope arrives, none refused, and the import makes the board the wire makes.
      expect(b1!.counts.new).toBe(workload.envelopes);
      expect(b1!.counts.rejected).toBe(0);
      expect(b1!.wireErrors).toBe(0);
      expect(b1!.contentEqual).toBe(true);
      expect(b1!.importRuns).toHaveLength(SMOKE.bundles.b1.reps);
      expect(b1!.wireRuns).toHaveLength(SMOKE.bundles.b1.reps);
      // Checks cost more than a bare Y.applyUpdate of the same bytes; the import does all the wire does and more.
      expect(b1!.ratios.wireOverPlain).toBeGreaterThan(1);
      expect(b1!.importMs).toBeGreaterThanOrEqual(b1!.applyMs);

      // A sealed envelope costs more than its plaintext; a delta carries the one edit and is far smaller.
      expect(b2!.full.ratio).toBeGreaterThan(1);
      expect(b2!.delta.envelopes).toBe(1);
      expect(b2!.delta.applied).toBe(true);
      expect(b2!.delta.bundleBytes).toBeLessThan(b2!.full.bundleBytes / 10);
      // Against the edit's own update, the delta pays the file's floor (padding, key slots, signature).
      expect(b2!.delta.editBytes).toBeGreaterThan(0);
      expect(b2!.delta.editRatio).toBeGreaterThan(1);

      expect(b3!.organizations).toBe(SMOKE.bundles.b3.demo.organizations);
      expect(b3!.recipients).toBe(SMOKE.bundles.b3.members + 1);
      expect(b3!.bundleBytes).toBeGreaterThan(b3!.transportBytes);
      expect(b3!.ratios.bytesOverPlaintext).toBeGreaterThan(1);
      expect(b3!.exportRuns).toHaveLength(SMOKE.bundles.b3.reps);

      expect(report.targets.map((t) => t.id)).toEqual(['B1']);
      expect(formatSummary(report)).toContain('B3 full export');
    },
  );
  it(
    'runs M1 (all matches, as compared and by exact text, and through ReportsApi) and M2 (one change against a rebuild)',
    { timeout: 90_000 },
    async () => {
      const report = await runBench(SMOKE, () => {}, ['m1', 'm2']);
      const { m1, connections, m2 } = report.matches;
      const { workload } = SMOKE.matches;
      expect(m1!.reports).toBe(workload.reports);
      expect(m1!.entries).toBe(workload.demo.organizations * workload.demo.entitiesPerOrganization);
      // Reports share identifiers with the board and with one another: matches exist either way.
      expect(m1!.shared).toBeGreaterThan(0);
      expect(m1!.sharedExact).toBeGreaterThan(0);
      expect(m1!.builtRuns).toHaveLength(SMOKE.matches.m1.reps);
      // Comparing as people mean it costs more than grouping raw text; keying is part of a build.
      expect(m1!.ratio).toBeGreaterThan(1);
      expect(m1!.keysMs).toBeGreaterThan(0);
      // The product's path finds what the bare index finds, and a second call recomputes nothing.
      expect(connections!.connections).toBe(m1!.shared);
      expect(connections!.reports).toBe(workload.reports);
      expect(connections!.againMs).toBeLessThan(connections!.firstMs);
      // One change costs a small share of a rebuild.
      for (const d of [m2!.report, m2!.entry]) {
        expect(d.count).toBe(SMOKE.matches.m2.samples);
        expect(d.p95).toBeGreaterThanOrEqual(d.p50);
      }
      expect(m2!.matchesFound).toBeGreaterThan(0);
      expect(m2!.ratios.report).toBeGreaterThan(1);
      expect(m2!.ratios.entry).toBeGreaterThan(1);
      expect(report.targets.map((t) => t.id)).toEqual(['M1', 'M2']);
      expect(formatSummary(report)).toContain('M1 all matches');
    },
  );
});
