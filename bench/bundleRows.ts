import type { B1Config, B1Result } from './b1BundleImport';
import { runB1 } from './b1BundleImport';
import type { B2Result } from './b2BundleSize';
import { runB2 } from './b2BundleSize';
import type { B3Config, B3Result } from './b3P3Export';
import { runB3 } from './b3P3Export';
import type { EnvelopeWorkloadConfig } from './bundleWorkload';
import { makeEnvelopeWorkload } from './bundleWorkload';
import type { Log } from './harness';
import type { SummaryRow, TargetCheck } from './reportRows';
import { summaryRow, yesNo } from './reportRows';
import { formatCount, formatMs, formatRatio } from './stats';

/** B1–B3 (issue 14): signed, sealed bundles. B1 and B2 share one workload of `b1.workload`. */
export interface BundleBenchConfig {
  b1: B1Config & { workload: EnvelopeWorkloadConfig };
  b3: B3Config;
}

export interface BundleResults {
  b1: B1Result | null;
  b2: B2Result | null;
  b3: B3Result | null;
}

export async function runBundleBenches(
  config: BundleBenchConfig,
  only: readonly string[],
  log: Log,
): Promise<BundleResults> {
  const results: BundleResults = { b1: null, b2: null, b3: null };
  if (only.includes('b1') || only.includes('b2')) {
    const workload = await makeEnvelopeWorkload(config.b1.workload, log);
    try {
      if (only.includes('b1')) results.b1 = await runB1(config.b1, workload, log);
      if (only.includes('b2')) results.b2 = await runB2(workload, log);
    } finally {
      await workload.close();
    }
  }
  if (only.includes('b3')) results.b3 = await runB3(config.b3, log);
  return results;
}

const bytes = (n: number): string =>
  n >= 2 ** 20 ? `${(n / 2 ** 20).toFixed(1)} MiB` : n >= 10_000 ? `${Math.round(n / 1024)} KiB` : `${n} B`;

/** B rows: the bundle in the "encrypted" column, its baseline in "plain", the ratio bundle / baseline. */
export function summarizeBundles(
  { b1, b2, b3 }: BundleResults,
  summary: SummaryRow[],
  targets: TargetCheck[],
  breakdown: string[],
): void {
  if (b1) {
    const n = `${formatCount(b1.envelopes)} envelopes`;
    summary.push(
      summaryRow(
        `B1 import a bundle of ${n} (plain: the same updates over the wire path)`,
        formatMs(b1.wireMs),
        formatMs(b1.importMs),
        formatRatio(b1.ratios.importOverWire),
        `≤ ${formatMs(b1.target.limitMs)}`,
        yesNo(b1.target.met),
      ),
      summaryRow(
        `B1 the same, plain: Y.applyUpdate without checks`,
        formatMs(b1.plainMs),
        formatMs(b1.importMs),
        formatRatio(b1.ratios.importOverPlain),
      ),
    );
    targets.push({
      id: 'B1',
      description: `importBundle of ${n} from ${b1.writers} writers, median of ${b1.config.reps}`,
      limit: `≤ ${formatMs(b1.target.limitMs)}`,
      value: formatMs(b1.target.valueMs),
      met: b1.target.met && b1.contentEqual && b1.counts.rejected === 0,
    });
    breakdown.push(
      `B1: of an import, open the file and check the exporter ${formatMs(b1.openMs)}, apply through the checks ` +
        `${formatMs(b1.applyMs)}, store and summarize ${formatMs(b1.storeMs)}; import runs ${b1.importRuns.map((x) => formatMs(x)).join(', ')}, ` +
        `wire runs ${b1.wireRuns.map((x) => formatMs(x)).join(', ')}; the wire path is ${formatRatio(b1.ratios.wireOverPlain)} a bare ` +
        `Y.applyUpdate (${Math.round((1000 * b1.wireMs) / b1.envelopes)} µs an envelope); ${b1.counts.new} new, ${b1.counts.duplicates} duplicates, ` +
        `${b1.counts.rejected} rejected; same board as the wire: ${b1.contentEqual ? 'yes' : 'NO'}.`,
    );
  }
  if (b2) {
    const { full, delta } = b2;
    summary.push(
      summaryRow(
        `B2 bundle size, full, ${formatCount(full.envelopes)} envelopes (plain: plaintext state)`,
        bytes(full.plaintextBytes),
        bytes(full.bundleBytes),
        formatRatio(full.ratio),
      ),
      summaryRow(
        `B2 bundle size, delta after one edit, with a state file (plain: Yjs diff)`,
        bytes(delta.plaintextBytes),
        bytes(delta.bundleBytes),
        formatRatio(delta.ratio),
      ),
      summaryRow(
        `B2 the same delta (plain: the edit's own update)`,
        bytes(delta.editBytes),
        bytes(delta.bundleBytes),
        formatRatio(delta.editRatio),
      ),
    );
    breakdown.push(
      `B2: ${formatCount(b2.bytesPerEnvelope)} B an envelope in the full bundle; the state file is ${bytes(delta.stateFileBytes)}; ` +
        `the delta carries ${delta.envelopes} envelope(s), imported as new and shown: ${delta.applied ? 'yes' : 'NO'}.`,
    );
  }
  if (b3) {
    const size = `${formatCount(b3.organizations)} orgs, ${b3.recipients} recipients`;
    summary.push(
      summaryRow(
        `B3 full export of P3's workspace (${size}), time (plain: encode the transports)`,
        formatMs(b3.encodeMs),
        formatMs(b3.exportMs),
        formatRatio(b3.ratios.exportOverEncode),
      ),
      summaryRow(
        `B3 its size (plain: plaintext state)`,
        bytes(b3.plaintextBytes),
        bytes(b3.bundleBytes),
        formatRatio(b3.ratios.bytesOverPlaintext),
      ),
    );
    breakdown.push(
      `B3: ${b3.envelopes} envelope(s) after compaction; the sealed file is ${formatRatio(b3.ratios.bytesOverTransport)} the ` +
        `transport updates it carries (${bytes(b3.transportBytes)}); export runs ${b3.exportRuns.map((x) => formatMs(x)).join(', ')}; seeded in ${formatMs(b3.seedMs)}.`,
    );
  }
}
