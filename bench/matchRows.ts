import { cpus } from 'node:os';

import type { Log } from './harness';
import type { M1ConnectionsConfig, M1ConnectionsResult } from './m1Connections';
import { runM1Connections } from './m1Connections';
import type { M1Config, M1Result } from './m1Matching';
import { runM1 } from './m1Matching';
import type { M2Config, M2Result } from './m2Incremental';
import { runM2 } from './m2Incremental';
import type { MatchWorkloadConfig } from './matchWorkload';
import { makeMatchWorkload } from './matchWorkload';
import type { SummaryRow, TargetCheck } from './reportRows';
import { summaryRow, yesNo } from './reportRows';
import { formatCount, formatMs, formatRatio } from './stats';

/** M1–M2 (issue 15): matching identifiers. Both share one workload of `workload`. */
export interface MatchBenchConfig {
  workload: MatchWorkloadConfig;
  m1: M1Config;
  /** M1 through the product: a fresh api.reports.connections() over the same facts, signed. */
  connections: M1ConnectionsConfig;
  m2: M2Config;
}

export interface MatchResults {
  /** Seeding P3's workspace and drawing the reports (not measured). */
  seedMs: number | null;
  m1: M1Result | null;
  connections: M1ConnectionsResult | null;
  m2: M2Result | null;
}

export function runMatchBenches(config: MatchBenchConfig, only: readonly string[], log: Log): MatchResults {
  const results: MatchResults = { seedMs: null, m1: null, connections: null, m2: null };
  if (!only.includes('m1') && !only.includes('m2')) return results;
  const workload = makeMatchWorkload(config.workload, log);
  results.seedMs = Math.round(workload.seedMs);
  if (only.includes('m1')) results.m1 = runM1(config.m1, workload, log);
  if (only.includes('m2')) results.m2 = runM2(config.m2, workload, log);
  if (only.includes('m1')) {
    results.connections = runM1Connections(config.connections, config.workload, workload.reports, log);
  }
  return results;
}

/** M rows: as compared in the "encrypted" column, the baseline in "plain"; M1's ratio compared / exact, M2's rebuild / one change. */
export function summarizeMatches(
  { m1, connections, m2 }: MatchResults,
  summary: SummaryRow[],
  targets: TargetCheck[],
  breakdown: string[],
): void {
  if (m1) {
    const what = `${formatCount(m1.entries)} entries + ${formatCount(m1.reports)} reports`;
    summary.push(
      summaryRow(
        `M1 all matches (${what}): exact text / as compared`,
        formatMs(m1.exactMs),
        formatMs(m1.builtMs),
        formatRatio(m1.ratio),
        `≤ ${formatMs(m1.target.limitMs)}`,
        yesNo(m1.target.met),
      ),
    );
    targets.push({
      id: 'M1',
      description: `MatchIndex built and shared() over ${what}, identifiers keyed`,
      limit: `≤ ${formatMs(m1.target.limitMs)}`,
      value: formatMs(m1.target.valueMs),
      met: m1.target.met,
    });
    breakdown.push(
      `M1: ${formatCount(m1.occurrences)} occurrences; ${formatCount(m1.shared)} identifiers shared as compared, ` +
        `${formatCount(m1.sharedExact)} by exact text; keying alone ${formatMs(m1.keysMs)} of ${formatMs(m1.builtMs)} ` +
        `(CPU time of a build ${formatMs(m1.builtCpuMs)}, load average ${m1.loadAverage} on ${cpus().length} cores); ` +
        `runs ${m1.builtRuns.map((r) => formatMs(r)).join(', ')} / exact ${m1.exactRuns.map((r) => formatMs(r)).join(', ')}.`,
    );
  }
  if (connections) {
    summary.push(
      summaryRow(
        `M1 first api.reports.connections() (same facts, ${formatCount(connections.reports)} signed reports)`,
        '',
        formatMs(connections.firstMs),
      ),
    );
    breakdown.push(
      `M1 through ReportsApi: ${formatCount(connections.connections)} connections; runs ` +
        `${connections.firstRuns.map((r) => formatMs(r)).join(', ')}; a second call ${formatMs(connections.againMs)}; ` +
        `setup (seeding, filing the reports) ${formatMs(connections.setupMs)}.`,
    );
  }
  if (m2) {
    const both = (a: number, b: number) => `${formatMs(a)} / ${formatMs(b)}`;
    /** One M2 row: a kind of change's p50 / p95 against the full rebuild, and its p95 against the target. */
    const m2Row = (label: string, kind: 'report' | 'entry') =>
      summaryRow(
        label,
        formatMs(m2.rebuildMs),
        both(m2[kind].p50, m2[kind].p95),
        formatRatio(m2.ratios[kind]),
        `≤ ${formatMs(m2.target.limitMs)}`,
        yesNo(m2[kind].p95 <= m2.target.limitMs),
      );
    summary.push(
      m2Row('M2 one new report, matches updated, p50 / p95 (plain: full rebuild)', 'report'),
      m2Row('M2 one new network entry, matches updated, p50 / p95', 'entry'),
    );
    targets.push({
      id: 'M2',
      description: 'one new report or network entry with its matches updated (the larger p95)',
      limit: `≤ ${formatMs(m2.target.limitMs)}`,
      value: formatMs(m2.target.valueMs),
      met: m2.target.met,
    });
    breakdown.push(
      `M2: ${m2.report.count} reports and ${m2.entry.count} entries added, ${formatCount(m2.matchesFound)} matches found; ` +
        `max ${both(m2.report.max, m2.entry.max)} (report / entry); rebuild runs ${m2.rebuildRuns.map((r) => formatMs(r)).join(', ')}.`,
    );
  }
}
