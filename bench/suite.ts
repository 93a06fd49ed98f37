import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { initCrypto } from '../shared/crypto';
import type { Log } from './harness';
import { PATH_MODES } from './harness';
import type { H1Config, H1Result } from './h1Strangers';
import { runH1 } from './h1Strangers';
import type { P1Config, P1Result } from './p1Latency';
import { runP1 } from './p1Latency';
import type { P2Config, P2Result } from './p2Trace';
import { runP2 } from './p2Trace';
import type { P3Config, P3Result } from './p3Board';
import { runP3 } from './p3Board';
import type { P4Config, P4Mode, P4Result } from './p4Reconnect';
import { runP4 } from './p4Reconnect';
import type { P5Config, P5Result } from './p5LargeNote';
import { runP5 } from './p5LargeNote';
import type { StoreConfig, StoreResult } from './storeAppend';
import { runStore } from './storeAppend';
import type { H2Config, H2Result } from './h2Roster';
import { runH2 } from './h2Roster';
import { formatCount, formatMs, formatRatio, round, table } from './stats';
import type { H3Config, H3Result } from './h3HostileSnapshots';
import { runH3 } from './h3HostileSnapshots';
import type { C1Config, C1Result } from './c1Compartments';
import { runC1 } from './c1Compartments';
import type { C2Config, C2Result } from './c2Release';
import { runC2 } from './c2Release';
import type { SummaryRow, TargetCheck } from './reportRows';
import { summaryRow, yesNo } from './reportRows';
import type { BundleBenchConfig, BundleResults } from './bundleRows';
import { runBundleBenches, summarizeBundles } from './bundleRows';
import type { MatchBenchConfig, MatchResults } from './matchRows';
import { runMatchBenches, summarizeMatches } from './matchRows';
import type { MetricsTabConfig, MetricsTabResult } from './metricsTab';
import { runMetricsTab } from './metricsTab';
import type { Issue17Row } from './issue17Rows';
import { formatIssue17, issue17Rows, issue17Targets } from './issue17Rows';
import { openSlowdownFromEnv } from './p3Open';
import type { W1Config, W1Result } from './w1Briefing';
import { runW1, summarizeW1 } from './w1Briefing';

export const RESULTS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'results');

export type BenchId =
  | 'p1'
  | 'p2'
  | 'p3'
  | 'p4'
  | 'p5'
  | 'store'
  | 'h1'
  | 'h2'
  | 'h3'
  | 'c1'
  | 'c2'
  | 'b1'
  | 'b2'
  | 'b3'
  | 'm1'
  | 'm2'
  | 'metrics'
  | 'w1';
export const BENCH_IDS: BenchId[] = [
  'p1',
  'p2',
  'p3',
  'p4',
  'p5',
  'store',
  'h1',
  'h2',
  'h3',
  'c1',
  'c2',
  'b1',
  'b2',
  'b3',
  'm1',
  'm2',
  'metrics',
  'w1',
];

export interface BenchConfig {
  name: 'full' | 'smoke';
  p1: P1Config;
  p2: P2Config;
  p3: P3Config;
  p4: P4Config;
  p5: P5Config;
  store: StoreConfig;
  h2: H2Config;
  h1: H1Config;
  h3: H3Config;
  c1: C1Config;
  c2: C2Config;
  /** B1–B3 (issue 14): bundles; B2 measures B1's workload. */
  bundles: BundleBenchConfig;
  /** M1–M2 (issue 15): matching identifiers over P3's workspace and field reports. */
  matches: MatchBenchConfig;
  /** Issue 16: the Metrics tab on P3's workspace, against the board tab. */
  metrics: MetricsTabConfig;
  /** W1 (issue 16): the weekly briefing of P3's workspace, open → PDF written. */
  w1: W1Config;
}

/** P3's workspace (2,000 organizations, 20,000 network entries, a year of history); C1 splits it. */
const FULL_DEMO = {
  seed: 2026,
  organizations: 2000,
  entitiesPerOrganization: 10,
  outcomesPerOrganization: 3,
  historyEdits: 50_000,
  days: 365,
};

/** P3: the board of that workspace, opened and edited by 30 members (Metrics reuses its workspace). */
const FULL_P3: P3Config = {
  demo: FULL_DEMO,
  clients: 30,
  editsPerSecondPerClient: 2,
  moveShare: 0.02,
  editSeconds: 20,
  probes: 20,
  coldOpenReps: 3,
  plainReps: 3,
  ownEdits: 20,
  openSlowdown: 1,
  seedFlushEvery: 100,
  targetOpenMs: 1000,
  responsiveP95Ms: 100,
  timeoutMs: 300_000,
};

export const FULL: BenchConfig = {
  name: 'full',
  p1: { clients: 30, edits: 200, warmupEdits: 20, gapMs: 5, editTimeoutMs: 5000, batchMs: 10, modes: PATH_MODES },
  p2: {
    targetRatio: 1.3,
    linear: [
      {
        id: 'automerge-paper/timer',
        label: 'automerge-paper (260k ops), 10 ms timer batching',
        ops: null,
        batching: { kind: 'timer', batchMs: 10, yieldEvery: 64 },
        deliverEvery: 64,
        reps: 3,
      },
      {
        id: 'automerge-paper/per-op',
        label: 'automerge-paper (first 20k ops), 1 envelope per op',
        ops: 20_000,
        batching: { kind: 'every', ops: 1 },
        deliverEvery: 64,
        reps: 1,
      },
    ],
    concurrent: [
      { id: 'friendsforever', label: 'friendsforever (2 agents), sealed at merge points', txns: null, reps: 3 },
    ],
  },
  p3: FULL_P3,

  p4: {
    localOps: 5000,
    remoteOps: 50_000,
    initialOps: 2000,
    modes: ['plain', 'relay-plain', 'encrypted', 'encrypted-compacted', 'encrypted-uncompacted'],
    plainReps: 3,
    encryptedReps: 1,
    timeoutMs: 180_000,
    targetMs: 2000,
  },
  p5: {
    largeParagraphs: 5000,
    smallParagraphs: 10,
    warmOpenReps: 5,
    coldOpenReps: 3,
    openTimeoutMs: 20_000,
    typedChars: 150,
    keyDelayMs: 30,
    targetP95Ms: 50,
    timeoutMs: 120_000,
  },
  store: { edits: 499, envelopeBytes: 300, reps: 5 },
  h2: { members: 100, junk: 10_000, reps: 5, targetRatio: 2 },
  h1: { strangers: 10_000, prefilledNonces: 10_000, window: 1000, chunk: 100, concurrency: 8, targetRatio: 2 },
  h3: { edits: 2000, hostileSnapshots: 10, reps: 9, targetRatio: 2 },
  c1: { demo: FULL_DEMO, compartments: 10, reps: 5, seedFlushEvery: 100, timeoutMs: 300_000 },
  c2: { releases: 20, entities: 12, outcomes: 7, timeoutMs: 30_000 },
  bundles: {
    b1: { workload: { writers: 4, envelopes: 10_000, seed: 14 }, reps: 5, targetMs: 2000 },
    b3: { demo: FULL_DEMO, members: 30, seedFlushEvery: 100, reps: 3 },
  },
  matches: {
    workload: { demo: FULL_DEMO, reports: 5000, fromBoard: 0.2, seed: 15 },
    m1: { reps: 5, targetMs: 300 },
    connections: { reps: 3 },
    m2: { samples: 200, rebuildReps: 3, targetMs: 10 },
  },
  metrics: { p3: FULL_P3, reps: 7, targetMs: 500 },
  w1: { demo: FULL_DEMO, members: 2, seedFlushEvery: 100, reps: 5, targetMs: 5000 },
};

/** Tiny sizes, the same code paths: for `npm run bench -- --smoke` and bench.test.ts (< 30 s). */
export const SMOKE: BenchConfig = {
  name: 'smoke',
  p1: { clients: 4, edits: 12, warmupEdits: 3, gapMs: 2, editTimeoutMs: 5000, batchMs: 10, modes: PATH_MODES },
  p2: {
    targetRatio: 1.3,
    linear: [
      {
        ...FULL.p2.linear[0]!,
        label: 'automerge-paper (first 3k ops), 10 ms timer batching',
        ops: 3000,
        reps: 1,
      },
      { ...FULL.p2.linear[1]!, label: 'automerge-paper (first 500 ops), 1 envelope per op', ops: 500, reps: 1 },
    ],
    concurrent: [
      {
        ...FULL.p2.concurrent[0]!,
        label: 'friendsforever (first 1500 txns), sealed at merge points',
        txns: 1500,
        reps: 1,
      },
    ],
  },
  p3: {
    ...FULL.p3,
    demo: {
      ...FULL.p3.demo,
      organizations: 20,
      entitiesPerOrganization: 4,
      outcomesPerOrganization: 2,
      historyEdits: 100,
      days: 30,
    },
    clients: 2,
    editSeconds: 3,
    probes: 4,
    coldOpenReps: 1,
    ownEdits: 5,
    seedFlushEvery: 20,
    timeoutMs: 30_000,
  },
  p4: {
    ...FULL.p4,
    localOps: 100,
    remoteOps: 1000,
    initialOps: 200,
    plainReps: 1,
    encryptedReps: 1,
    timeoutMs: 30_000,
  },
  p5: {
    ...FULL.p5,
    largeParagraphs: 200,
    warmOpenReps: 2,
    coldOpenReps: 1,
    openTimeoutMs: 3000,
    typedChars: 30,
    timeoutMs: 30_000,
  },
  store: { edits: 50, envelopeBytes: 300, reps: 1 },
  h2: { members: 10, junk: 500, reps: 1, targetRatio: 2 },
  h1: { ...FULL.h1, strangers: 300, prefilledNonces: 200, window: 100, chunk: 50 },
  h3: { ...FULL.h3, edits: 200, reps: 3 },
  c1: {
    ...FULL.c1,
    demo: { ...FULL_DEMO, organizations: 40, historyEdits: 100, days: 30 },
    reps: 2,
    seedFlushEvery: 20,
    timeoutMs: 30_000,
  },
  c2: { ...FULL.c2, releases: 3 },
  bundles: {
    b1: { ...FULL.bundles.b1, workload: { writers: 2, envelopes: 200, seed: 14 }, reps: 2 },
    b3: {
      ...FULL.bundles.b3,
      demo: { ...FULL_DEMO, organizations: 40, historyEdits: 100, days: 30 },
      members: 2,
      reps: 1,
    },
  },
  matches: {
    workload: {
      ...FULL.matches.workload,
      demo: { ...FULL_DEMO, organizations: 40, historyEdits: 100, days: 30 },
      reports: 200,
    },
    m1: { ...FULL.matches.m1, reps: 2 },
    connections: { reps: 1 },
    m2: { ...FULL.matches.m2, samples: 20, rebuildReps: 1 },
  },
  metrics: {
    ...FULL.metrics,
    p3: { ...FULL_P3, demo: { ...FULL_DEMO, organizations: 40, historyEdits: 400 } },
    reps: 2,
  },
  w1: { ...FULL.w1, demo: { ...FULL_DEMO, organizations: 40, historyEdits: 100, days: 30 }, reps: 1 },
};

export type { SummaryRow, TargetCheck } from './reportRows';

export interface BenchReport {
  name: string;
  startedAt: string;
  durationMs: number;
  environment: { node: string; platform: string; arch: string; cpus: number; cpuModel: string; memoryGiB: number };
  credits: string;
  notes: string[];
  p1: P1Result | null;
  p2: P2Result | null;
  p3: P3Result | null;
  p4: P4Result | null;
  p5: P5Result | null;
  store: StoreResult | null;
  h2: H2Result | null;
  h1: H1Result | null;
  h3: H3Result | null;
  c1: C1Result | null;
  c2: C2Result | null;
  /** B1–B3 (issue 14): each null unless run. */
  bundles: BundleResults;
  /** M1–M2 (issue 15): each null unless run. */
  matches: MatchResults;
  /** Issue 16: the Metrics tab on P3, null unless run. */
  metrics: MetricsTabResult | null;
  /** W1 (issue 16): null unless run. */
  w1: W1Result | null;
  targets: TargetCheck[];
  summary: SummaryRow[];
  /** Issue 17's table: every row, its plain baseline from this run where one exists, its target. */
  issue17: Issue17Row[];
  /** Derived observations on where the time goes (from the measurements above). */
  breakdown: string[];
}

export async function runBench(config: BenchConfig, log: Log, only: BenchId[] = BENCH_IDS): Promise<BenchReport> {
  await initCrypto();
  const startedAt = new Date();
  const t0 = performance.now();
  const p1 = only.includes('p1') ? await runP1(config.p1, log) : null;
  const p2 = only.includes('p2') ? await runP2(config.p2, log) : null;
  // UNITY_P3_OPEN_SLOWDOWN (the bench's own, never the app's): P3's cold opens on a throttled CPU.
  const p3 = only.includes('p3') ? await runP3({ ...config.p3, openSlowdown: openSlowdownFromEnv() }, log) : null;
  const p4 = only.includes('p4') ? await runP4(config.p4, log) : null;
  const p5 = only.includes('p5') ? await runP5(config.p5, log) : null;
  const store = only.includes('store') ? await runStore(config.store, log) : null;
  const h2 = only.includes('h2') ? runH2(config.h2, log) : null;
  const h1 = only.includes('h1') ? await runH1(config.h1, log) : null;
  const h3 = only.includes('h3') ? await runH3(config.h3, log) : null;
  const c1 = only.includes('c1') ? await runC1(config.c1, log) : null;
  const c2 = only.includes('c2') ? await runC2(config.c2, log) : null;
  const bundles = await runBundleBenches(config.bundles, only, log);
  const matches = runMatchBenches(config.matches, only, log);
  const metrics = only.includes('metrics') ? await runMetricsTab(config.metrics, log) : null;
  const w1 = only.includes('w1') ? await runW1(config.w1, log) : null;
  const report: BenchReport = {
    name: config.name,
    startedAt: startedAt.toISOString(),
    durationMs: round(performance.now() - t0),
    environment: {
      node: process.version,
      platform: process.platform,
      arch: process.arch,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memoryGiB: round(totalmem() / 2 ** 30, 1),
    },
    credits:
      'Editing traces automerge-paper and friendsforever from the editing-traces collection by Joseph Gentle (CC BY 4.0).',
    notes: [
      'All clients, the relay and the plain server run in this one Node process on 127.0.0.1: in P1 a receiver’s latency includes the other receivers’ work.',
      'plain = stock y-websocket server (no access control, no store); relay-plain = the content document through our relay without encryption; encrypted = SecureWorkspace + RelayConnection through the relay.',
      'Times are medians of the repetitions listed in each result; ratios are encrypted / plain.',
    ],
    p1,
    p2,
    p3,
    p4,
    p5,
    store,
    h2,
    h1,
    h3,
    c1,
    c2,
    bundles,
    matches,
    metrics,
    w1,
    targets: [],
    summary: [],
    issue17: [],
    breakdown: [],
  };
  summarize(report);
  // Only when one of its benchmarks ran: a run of, say, M1 alone has nothing to say about it.
  if (p2 || p3 || p5) {
    report.issue17 = issue17Rows(report);
    report.targets.push(...issue17Targets(report.issue17));
  }
  return report;
}

function summarize(report: BenchReport): void {
  const { p1, p2, p3, p4, p5, store, h2, summary, targets, breakdown } = report;
  if (p1) {
    const m = p1.modes;
    const n = p1.config.clients;
    summary.push({
      benchmark: `P1 edit → applied, p50 (${n} clients)`,
      plain: formatMs(m.plain?.latency.p50),
      relayPlain: formatMs(m['relay-plain']?.latency.p50),
      encrypted: formatMs(m.encrypted?.latency.p50),
      ratio: formatRatio(p1.ratios.p50),
      target: '',
      met: '',
    });
    summary.push({
      benchmark: `P1 edit → applied, p99 (${n} clients)`,
      plain: formatMs(m.plain?.latency.p99),
      relayPlain: formatMs(m['relay-plain']?.latency.p99),
      encrypted: formatMs(m.encrypted?.latency.p99),
      ratio: formatRatio(p1.ratios.p99),
      target: `≤ ${p1.target.limitMs} ms`,
      met: yesNo(p1.target.met),
    });
    targets.push({
      id: 'P1',
      description: `propagation latency p99, ${n} clients, encrypted`,
      limit: `≤ ${p1.target.limitMs} ms`,
      value: formatMs(p1.target.valueMs),
      met: p1.target.met,
    });
    const enc = m.encrypted;
    if (enc?.sealDelay && enc.afterSeal) {
      summary.push({
        benchmark: '  of which edit → sealed (batch window), p50 / p99',
        plain: '',
        relayPlain: '',
        encrypted: `${formatMs(enc.sealDelay.p50)} / ${formatMs(enc.sealDelay.p99)}`,
        ratio: '',
        target: '',
        met: '',
      });
      summary.push({
        benchmark: '  of which sealed → applied, p50 / p99',
        plain: '',
        relayPlain: '',
        encrypted: `${formatMs(enc.afterSeal.p50)} / ${formatMs(enc.afterSeal.p99)}`,
        ratio: '',
        target: '',
        met: '',
      });
      breakdown.push(
        `P1: the encrypted p50 of ${formatMs(enc.latency.p50)} is the ${p1.config.batchMs} ms batching window ` +
          `(edit → sealed p50 ${formatMs(enc.sealDelay.p50)}) plus sealed → applied p50 ${formatMs(enc.afterSeal.p50)}; ` +
          `first receiver p99 ${formatMs(enc.firstReceiver.p99)} vs last receiver p99 ${formatMs(enc.lastReceiver.p99)} ` +
          `(the ${n - 1} receivers verify and decrypt one after another on this one thread).`,
      );
    }
  }
  if (p2) {
    for (const v of p2.variants) {
      summary.push({
        benchmark: `P2 ${v.label}`,
        plain: formatMs(v.medianPlainMs),
        relayPlain: '',
        encrypted: formatMs(v.medianEncryptedMs),
        ratio: formatRatio(v.ratio),
        target: `≤ ${formatRatio(v.target.limitRatio)}`,
        met: yesNo(v.target.met && v.contentOk),
      });
      targets.push({
        id: `P2 ${v.id}`,
        description: `encrypted / plain replay time, ${v.label}`,
        limit: `≤ ${formatRatio(v.target.limitRatio)}`,
        value: formatRatio(v.ratio),
        met: v.target.met && v.contentOk,
      });
      const bytes = (runs: typeof v.plain) => runs[0] && runs[0].bytes / Math.max(1, runs[0].messages);
      breakdown.push(
        `P2 ${v.id}: ${formatCount(v.opsPerEnvelope)} ops per envelope; sender ${formatRatio(v.senderRatio)}, ` +
          `receiver ${formatRatio(v.receiverRatio)}; ${formatCount(bytes(v.encrypted) ?? NaN)} bytes per envelope vs ` +
          `${formatCount(bytes(v.plain) ?? NaN)} per plain update; content ${v.contentOk ? 'identical' : 'DIFFERS'}.`,
      );
    }
  }
  if (p3) summarizeP3(p3, summary, targets, breakdown);
  if (p4) {
    const m = p4.modes;
    const label = `${p4.config.localOps} local vs ${p4.config.remoteOps} remote ops`;
    const rows: [P4Mode, string][] = [
      ['encrypted', `P4 reconnect, ${label}`],
      ['encrypted-compacted', `P4 reconnect, ${label}, both compacted first`],
      ['encrypted-uncompacted', `P4 reconnect, ${label}, no compaction at all`],
    ];
    for (const [mode, benchmark] of rows) {
      const r = m[mode];
      if (!r) continue;
      summary.push({
        benchmark,
        plain: formatMs(m.plain?.medianTotalMs),
        relayPlain: formatMs(m['relay-plain']?.medianTotalMs),
        encrypted: formatMs(r.medianTotalMs),
        ratio: formatRatio(p4.ratios[mode]),
        target: `≤ ${formatMs(p4.config.targetMs)}`,
        met: yesNo(r.target?.met),
      });
      targets.push({
        id: mode === 'encrypted' ? 'P4' : mode === 'encrypted-compacted' ? 'P4 compacted' : 'P4 uncompacted',
        description: `reconnect until up to date and converged, ${label}${mode === 'encrypted' ? '' : mode === 'encrypted-compacted' ? ', compacted' : ', no compaction'}`,
        limit: `≤ ${formatMs(p4.config.targetMs)}`,
        value: formatMs(r.medianTotalMs),
        met: r.target?.met ?? null,
      });
      const run = r.runs[0];
      if (run) {
        breakdown.push(
          `P4 ${mode}: A held B's edits after ${formatMs(r.medianLocalHasRemoteMs)}, B held A's after ` +
            `${formatMs(r.medianRemoteHasLocalMs)}, up to date after ${formatMs(r.medianUpToDateMs)}` +
            (run.envelopes
              ? `; envelopes in the list when A reconnects: A's copy ${run.envelopes.local}, the relay's ${run.envelopes.relay}`
              : '') +
            `; setup (not measured): B's edits ${formatMs(run.setupMs.remoteEdits)}, A's ${formatMs(run.setupMs.localEdits)}` +
            (mode === 'encrypted-compacted' ? `, compact() of both ${formatMs(run.setupMs.compaction)}.` : '.'),
        );
      }
    }
  }
  if (p5) summarizeP5(p5, summary, targets, breakdown);
  if (store) summarizeStore(store, summary);
  if (report.h1) summarizeH1(report.h1, summary, targets, breakdown);
  if (h2) summarizeH2(h2, summary, targets);
  if (report.h3) summarizeH3(report.h3, summary, targets);
  if (report.c1) summarizeC1(report.c1, summary, breakdown);
  if (report.c2) summarizeC2(report.c2, summary, breakdown);
  summarizeBundles(report.bundles, summary, targets, breakdown);
  summarizeMatches(report.matches, summary, targets, breakdown);
  if (report.metrics) summarizeMetricsTab(report.metrics, summary, targets, breakdown);
  summarizeW1(report.w1, summary, targets, breakdown);
}

function summarizeMetricsTab(
  m: MetricsTabResult,
  summary: SummaryRow[],
  targets: TargetCheck[],
  breakdown: string[],
): void {
  const w = m.workspace;
  summary.push(
    summaryRow(
      `Metrics tab on P3: first chart shown, p50 (plain: the board tab on the same page)`,
      formatMs(m.board.p50),
      formatMs(m.metrics.p50),
      formatRatio(m.ratio),
      `≤ ${formatMs(m.target.limitMs)}`,
      yesNo(m.target.met),
    ),
  );
  targets.push({
    id: 'Metrics tab',
    description: `P3 (${formatCount(w.organizations)} orgs, ${formatCount(w.outcomesLastYear)} outcomes in the last year): tab click → first chart shown, p50`,
    limit: `≤ ${formatMs(m.target.limitMs)}`,
    value: formatMs(m.metrics.p50),
    met: m.target.met,
  });
  breakdown.push(
    `Metrics tab: ${formatCount(w.outcomes)} outcomes dated ${w.oldestOutcome} to ${w.newestOutcome}, ` +
      `${formatCount(w.outcomesLastYear)} in the last twelve months; first opening ${formatMs(m.metrics.first)}, ` +
      `runs ${m.metricsRuns.map((x) => formatMs(x)).join(', ')}; board tab runs ${m.boardRuns.map((x) => formatMs(x)).join(', ')}.`,
  );
}

function summarizeStore(store: StoreResult, summary: SummaryRow[]): void {
  const row = (benchmark: string, value: string, baseline: string, ratio: number): SummaryRow => ({
    benchmark,
    plain: baseline,
    relayPlain: '',
    encrypted: value,
    ratio: formatRatio(ratio),
    target: '',
    met: '',
  });
  const { ours, baseline, ratios, config } = store;
  const n = `${formatCount(config.edits)} offline edits`;
  summary.push(
    row(
      `Store append per edit, ${n} (plain: each record alone; encrypted: with the overlap)`,
      `${ours.appendUsPerEdit} µs`,
      `${baseline.appendUsPerEdit} µs`,
      ratios.append,
    ),
    row(`Store reopen, ${n}`, formatMs(ours.reopenMs), formatMs(baseline.reopenMs), ratios.reopen),
    row(
      `Store file size, ${n}`,
      `${formatCount(ours.fileBytes)} B`,
      `${formatCount(baseline.fileBytes)} B`,
      ratios.fileBytes,
    ),
  );
}

function summarizeH2(h2: H2Result, summary: SummaryRow[], targets: TargetCheck[]): void {
  const clean = h2.variants.find((v) => v.id === 'clean')!;
  for (const v of h2.variants.filter((x) => x.id !== 'clean')) {
    summary.push({
      benchmark: `H2 computeRoster, ${formatCount(v.entries - clean.entries)} ${v.id} vs clean (${formatCount(clean.entries)} entries), cold`,
      plain: formatMs(clean.medianMs),
      relayPlain: '',
      encrypted: formatMs(v.medianMs),
      ratio: formatRatio(v.ratio),
      target: v.id === 'observer-junk' ? `≤ ${formatRatio(h2.target.limitRatio)}` : '',
      met: v.id === 'observer-junk' ? yesNo(h2.target.met) : '',
    });
  }
  targets.push({
    id: 'H2',
    description: `computeRoster with ${formatCount(h2.config.junk)} junk entries from one observer / the clean roster`,
    limit: `≤ ${formatRatio(h2.target.limitRatio)}`,
    value: formatRatio(h2.target.value),
    met: h2.target.met,
  });
}

function summarizeP3(p3: P3Result, summary: SummaryRow[], targets: TargetCheck[], breakdown: string[]): void {
  const { workspace: w, open, idle, editing, ratios } = p3;
  const size = `${formatCount(w.organizations)} orgs, ${formatCount(w.entities)} entries`;
  const row = (benchmark: string, encrypted: string, ratio = '', target = '', met = ''): SummaryRow => ({
    benchmark,
    plain: '',
    relayPlain: '',
    encrypted,
    ratio,
    target,
    met,
  });
  const both = (a: number, b: number) => `${formatMs(a)} / ${formatMs(b)}`;
  const percent = (share: number) => `${Math.round(share * 100)} %`;
  const { open: openTarget, responsive } = p3.targets;
  summary.push(
    row(
      `P3 open (${size}): cold open → board`,
      formatMs(open.coldOpenMs),
      '',
      `≤ ${formatMs(openTarget.limitMs)}`,
      yesNo(openTarget.met),
    ),
    row('P3 first join: download, decrypt, render', formatMs(open.firstJoinMs)),
    row(
      'P3 JS heap after open, used / total; a bare Y.Doc of the content',
      `${open.heapUsedMiB} / ${open.heapTotalMiB} MiB; ${open.heapPlainDocMiB} MiB`,
    ),
    row('P3 click → dialog p50 / p95, no one editing', both(idle.click.p50, idle.click.p95)),
    row(
      `P3 click → dialog p50 / p95, ${editing.editors} editing (ratio: / idle)`,
      both(editing.click.p50, editing.click.p95),
      formatRatio(ratios.clickP95),
      `p95 ≤ ${formatMs(responsive.limitMs)}`,
      yesNo(responsive.met),
    ),
    row(
      'P3 remote edit → on screen p50, idle / editing',
      both(idle.remoteEdit.p50, editing.remoteEdit.p50),
      formatRatio(ratios.remoteEditP50),
    ),
    row('P3 page timer lag p95, idle / editing', both(idle.lag.p95, editing.lag.p95), formatRatio(ratios.lagP95)),
  );
  targets.push(
    {
      id: 'P3 open',
      description: `cold open from the local copy to an interactive board, ${size}, ${formatCount(w.historyEdits)} history edits`,
      limit: `≤ ${formatMs(openTarget.limitMs)}`,
      value: formatMs(openTarget.valueMs),
      met: openTarget.met,
    },
    {
      id: 'P3 responsive',
      description: `click → dialog p95 while ${editing.editors} members edit (RAIL's 100 ms input budget)`,
      limit: `≤ ${formatMs(responsive.limitMs)}`,
      value: formatMs(responsive.valueMs),
      met: responsive.met,
    },
  );
  breakdown.push(
    `P3 workspace: ${size}, ${formatCount(w.links)} links, ${formatCount(w.outcomes)} outcomes, ` +
      `${formatCount(w.historyEdits)} history edits; content ${formatCount(w.contentBytes / 2 ** 20)} MiB as one update, ` +
      `${w.envelopesAtJoin} envelope(s) in the core room at join (${w.directoryEnvelopes} in the directory); seeded in ${formatMs(w.seedMs)}, uploaded in ${formatMs(w.uploadMs)}.`,
    `P3 open: cold opens ${open.coldOpenRuns.map((r) => formatMs(r)).join(', ')} (unlock before it ${formatMs(open.unlockMs)}); ` +
      `first dialog after the join ${formatMs(open.firstDialogMs)}.`,
    `P3 plain baselines in the same page: join ${open.plain.joinRuns.map((r) => formatMs(r)).join(', ')}; ` +
      `open ${open.plain.openRuns.map((r) => formatMs(r)).join(', ')}; cold open ÷ plain open ${formatRatio(open.ratios.coldOverPlain)}` +
      `${open.slowdown > 1 ? ` (cold opens with the CPU ${open.slowdown}× slower)` : ''}; own edit → on own screen p50 / p95 ` +
      `${formatMs(open.ownEdit.p50)} / ${formatMs(open.ownEdit.p95)} (a bare input ${formatMs(open.ownEditPlain.p50)} / ${formatMs(open.ownEditPlain.p95)}).`,
    `P3 load: ${editing.editsSent} edits in ${formatMs(editing.durationMs)} (${editing.editsPerSecond}/s); remote edit → on screen ` +
      `p50 / p95 ${both(idle.remoteEdit.p50, idle.remoteEdit.p95)} idle, ${both(editing.remoteEdit.p50, editing.remoteEdit.p95)} editing; ` +
      `probes timed out ${idle.missedProbes} idle, ${editing.missedProbes} editing; long tasks ` +
      `${percent(idle.longTasks.busyShare)} of the time idle, ${percent(editing.longTasks.busyShare)} while editing; heap ${editing.heapUsedMiB} MiB after.`,
  );
}

function summarizeP5(p5: P5Result, summary: SummaryRow[], targets: TargetCheck[], breakdown: string[]): void {
  const { large: l, small: s, ratios: r, targets: t } = p5;
  const row = (benchmark: string, encrypted: string, ratio = '', limit = '', met = ''): SummaryRow => ({
    benchmark,
    plain: '',
    relayPlain: '',
    encrypted,
    ratio,
    target: limit,
    met,
  });
  const both = (a: number, b: number) => `${formatMs(a)} / ${formatMs(b)}`;
  const size = `${formatCount(l.paragraphs)} / ${formatCount(s.paragraphs)} paragraphs`;
  const [lt, st] = [l.typing.all, s.typing.all];
  summary.push(
    row(`P5 keystroke → painted p50 (${size})`, both(lt.painted.p50, st.painted.p50), formatRatio(r.paintedP50)),
    row(
      'P5 keystroke → painted p95',
      both(t.typing.valueMs, st.painted.p95),
      formatRatio(r.paintedP95),
      `≤ ${formatMs(t.typing.limitMs)}`,
      yesNo(t.typing.met),
    ),
    row('P5 keystroke → handled p50', both(lt.handled.p50, st.handled.p50), formatRatio(r.handledP50)),
    row('P5 keystroke → handled p95', both(lt.handled.p95, st.handled.p95), formatRatio(r.handledP95)),
    row(
      'P5 open warm, Notes tab → note shown',
      both(l.warmOpen.medianMs, s.warmOpen.medianMs),
      formatRatio(r.warmOpen),
      'shown',
      yesNo(l.warmOpen.failed + s.warmOpen.failed === 0),
    ),
    row(
      'P5 open cold, click on the note → shown',
      both(l.coldOpen.medianMs, s.coldOpen.medianMs),
      formatRatio(r.coldOpen),
      'shown',
      yesNo(l.coldOpen.failed + s.coldOpen.failed === 0),
    ),
    row(
      'P5 open cold, reload → note shown',
      both(l.coldOpen.reloadToShownMs, s.coldOpen.reloadToShownMs),
      formatRatio(r.reloadToShown),
    ),
    row(
      'P5 JS heap used after a cold open',
      `${l.coldOpen.heapUsedMiB} / ${s.coldOpen.heapUsedMiB} MiB`,
      formatRatio(r.heapAfterColdOpen),
    ),
  );
  targets.push(
    {
      id: 'P5',
      description: `keystroke → painted p95 in a note of ${formatCount(l.paragraphs)} paragraphs`,
      limit: `≤ ${formatMs(t.typing.limitMs)}`,
      value: formatMs(t.typing.valueMs),
      met: t.typing.met,
    },
    {
      id: 'P5 opens',
      description: `an opened note shows its text (its last paragraph within ${formatMs(p5.config.openTimeoutMs)})`,
      limit: 'every open',
      value: `${t.opens.shown} of ${t.opens.attempted}`,
      met: t.opens.met,
    },
  );
  const at = (x: P5Result['large']['typing']['end']) =>
    `painted p50 / p95 / max ${formatMs(x.painted.p50)} / ${formatMs(x.painted.p95)} / ${formatMs(x.painted.max)}, handled p95 ${formatMs(x.handled.p95)}`;
  breakdown.push(
    `P5 notes: ${formatCount(l.characters)} / ${formatCount(s.characters)} characters, one paste each shown after ` +
      `${both(l.pasteMs, s.pasteMs)}; JS heap with the note in the editor ${l.heapWithNoteMiB} / ${s.heapWithNoteMiB} MiB.`,
    `P5 typing in the large note: at the end ${at(l.typing.end)}; in the middle ${at(l.typing.middle)}; ` +
      `input waiting for the main thread p95 ${both(lt.queued.p95, st.queued.p95)} (large / small).`,
    `P5 opens: warm ${l.warmOpen.runs.map((ms) => formatMs(ms)).join(', ') || 'none shown'} (large); cold ` +
      `${l.coldOpen.runs.map((ms) => formatMs(ms)).join(', ') || 'none shown'} (large), unlock before them ${formatMs(l.coldOpen.unlockMs)}; ` +
      `failed opens: warm ${l.warmOpen.failed} / ${s.warmOpen.failed}, cold ${l.coldOpen.failed} / ${s.coldOpen.failed} (large / small).`,
  );
}

function summarizeH1(h1: H1Result, summary: SummaryRow[], targets: TargetCheck[], breakdown: string[]): void {
  const { config: c } = h1;
  const perSecond = (x: number) => `${formatCount(Math.round(x))}/s`;
  summary.push({
    benchmark: `H1 strangers refused, median rate: fresh relay / first ${formatCount(c.window)} / last ${formatCount(c.window)}`,
    plain: '',
    relayPlain: '',
    encrypted: `${perSecond(h1.baselinePerSecond)} / ${perSecond(h1.firstPerSecond)} / ${perSecond(h1.lastPerSecond)}`,
    ratio: `${formatRatio(h1.ratios.baselineOverLast)} / ${formatRatio(h1.ratios.firstOverLast)}`,
    target: `≤ ${c.targetRatio}×`,
    met: yesNo(h1.target.met),
  });
  targets.push({
    id: 'H1',
    description: `refusing ${formatCount(c.strangers)} strangers past ${formatCount(c.prefilledNonces)} live nonces: fresh / last and first / last throughput`,
    limit: `≤ ${c.targetRatio}×`,
    value: formatRatio(h1.target.value),
    met: h1.target.met && h1.allRefused,
  });
  breakdown.push(
    `H1: ${formatCount(c.strangers)} upgrades with valid signatures by keys not in the roster, ${c.concurrency} in flight, ` +
      `sampled every ${c.chunk}; every one refused with 4403: ${h1.allRefused ? 'yes' : 'NO'}.`,
  );
}

export function formatSummary(report: BenchReport): string {
  const rows = report.summary.map((r) => [r.benchmark, r.plain, r.relayPlain, r.encrypted, r.ratio, r.target, r.met]);
  const head = ['benchmark', 'plain', 'relay-plain', 'encrypted', 'enc/plain', 'target', 'met'];
  const missed = report.targets.filter((t) => t.met === false).map((t) => t.id);
  return [
    `Unity Table sync benchmarks (${report.name}), ${report.environment.cpus} × ${report.environment.cpuModel}, Node ${report.environment.node}`,
    '',
    table(head, rows),
    '',
    ...(report.issue17.length ? [formatIssue17(report.issue17), ''] : []),
    ...report.breakdown.map((line) => `- ${line}`),
    '',
    missed.length ? `Targets missed: ${missed.join(', ')}` : 'All targets met.',
  ].join('\n');
}

/** Writes bench/results/<name>-<timestamp>.json (or into `dir`); returns the path. */
export function writeReport(report: BenchReport, dir = RESULTS_DIR): string {
  mkdirSync(dir, { recursive: true });
  const stamp = report.startedAt.replace(/[:.]/g, '-');
  const path = join(dir, `${report.name}-${stamp}.json`);
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
  return path;
}

function summarizeH3(h3: H3Result, summary: SummaryRow[], targets: TargetCheck[]): void {
  summary.push({
    benchmark: `H3 open a list of ${h3.config.edits} envelopes, clean / with ${h3.config.hostileSnapshots} hostile snapshots`,
    plain: formatMs(h3.cleanMs.median),
    relayPlain: '',
    encrypted: formatMs(h3.hostileMs.median),
    ratio: formatRatio(h3.ratio),
    target: `≤ ${h3.config.targetRatio}×`,
    met: yesNo(h3.met),
  });
  targets.push({
    id: 'h3',
    description: `open with ${h3.config.hostileSnapshots} hostile snapshots (${h3.hostileBytes} B) vs clean, each reported`,
    limit: `≤ ${h3.config.targetRatio}×`,
    value: `${formatRatio(h3.ratio)}, ${h3.reports} reports`,
    met: h3.met,
  });
}

/** C1 and C2 measure what compartments cost; the issue sets no limit, so they report without a target. */
const compartmentRow = (benchmark: string, encrypted: string, ratio = ''): SummaryRow => ({
  benchmark,
  plain: '',
  relayPlain: '',
  encrypted,
  ratio,
  target: '',
  met: '',
});

function summarizeC1(c1: C1Result, summary: SummaryRow[], breakdown: string[]): void {
  const { one, split, ratios } = c1;
  const size = `${formatCount(one.cards)} orgs, ${formatCount(one.facts)} facts`;
  const both = (a: number, b: number) => `${formatMs(a)} / ${formatMs(b)}`;
  summary.push(
    compartmentRow(
      `C1 open from the local copy (${size}), 1 / ${split.compartments} compartments (ratio: ${split.compartments} / 1)`,
      both(one.openMs, split.openMs),
      formatRatio(ratios.open),
    ),
    compartmentRow(
      `C1 fresh member syncs through the relay, 1 / ${split.compartments} compartments`,
      both(one.syncMs, split.syncMs),
      formatRatio(ratios.sync),
    ),
  );
  breakdown.push(
    `C1 open: load the sealed files ${both(one.openLoadMs, split.openLoadMs)}, decrypt the rooms and read the merged board ` +
      `${both(one.openBoardMs, split.openBoardMs)} (1 / ${split.compartments}); runs ${one.openRuns.map((r) => formatMs(r)).join(', ')} / ` +
      `${split.openRuns.map((r) => formatMs(r)).join(', ')}; sync runs ${one.syncRuns.map((r) => formatMs(r)).join(', ')} / ` +
      `${split.syncRuns.map((r) => formatMs(r)).join(', ')}; ${one.envelopes} / ${split.envelopes} envelope(s) after compaction.`,
  );
}

function summarizeC2(c2: C2Result, summary: SummaryRow[], breakdown: string[]): void {
  const { release, baseline, ratios } = c2;
  const both = (a: number, b: number) => `${formatMs(a)} / ${formatMs(b)}`;
  const what = `an organization and its ${c2.factsPerOrganization} facts`;
  summary.push(
    compartmentRow(`C2 release ${what} → on a partner's board, p50 / p95`, both(release.p50, release.p95)),
    compartmentRow(
      `C2 the same added in the partner's room → on its board, p50 / p95 (ratio: release / added, p50)`,
      both(baseline.p50, baseline.p95),
      formatRatio(ratios.p50),
    ),
  );
  breakdown.push(
    `C2: of a release, moveFacts on the admin's client p50 ${formatMs(c2.move.p50)}; ${release.count} releases, in order ` +
      `${c2.releaseRuns.map((r) => formatMs(r)).join(', ')}; ${baseline.count} additions, max ${formatMs(baseline.max)}; ` +
      `p95 ratio ${formatRatio(ratios.p95)}.`,
  );
}
