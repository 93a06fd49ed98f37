import { parseArgs } from 'node:util';

import type { BenchId } from './suite';
import { BENCH_IDS, formatSummary, FULL, runBench, SMOKE, writeReport } from './suite';

/**
 * `npm run bench` — P1 (propagation latency, 30 clients), P2 (trace replay, encrypted / plain)
 * and P4 (reconnect after offline edits), each against plain y-websocket in the same run; in
 * Chromium (the built browser host): P3 (a 2,000-organization board opens and stays responsive
 * under 30 editors, against the same board with no one editing) and P5 (a 5,000-paragraph note:
 * opening and keystroke latency, against a 10-paragraph note); C1 (P3's workspace split across ten
 * compartments: opening and a fresh member's sync, against one) and C2 (releasing an organization with
 * its 30 facts until a partner's board shows it, against adding them in the partner's room); B1
 * (importing a bundle of 10,000 envelopes, against the wire path and a bare Y.applyUpdate), B2 (a
 * bundle's size against its plaintext, full and a delta after a state file), B3 (a full export of
 * P3's workspace); M1 (every match over P3's workspace and 5,000 field reports, against grouping by
 * exact text) and M2 (one new report or entry with its matches updated, against a full rebuild); W1
 * (the weekly briefing of P3's workspace, open → PDF written, against JSON.stringify and the note PDF).
 * `--smoke`: tiny sizes (seconds). `--only p3,p5`: a subset. Writes bench/results/<name>-<time>.json.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { smoke: { type: 'boolean', default: false }, only: { type: 'string' } },
    strict: true,
  });
  const only = (values.only?.split(',').map((s) => s.trim().toLowerCase()) ?? BENCH_IDS) as BenchId[];
  const unknown = only.filter((id) => !BENCH_IDS.includes(id));
  if (unknown.length) throw new Error(`--only: unknown benchmark ${unknown.join(', ')} (have ${BENCH_IDS.join(', ')})`);
  // 30 y-websocket providers each add a process 'exit' listener.
  process.setMaxListeners(100);
  const config = values.smoke ? SMOKE : FULL;
  const started = performance.now();
  const log = (line: string) =>
    console.log(`${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s  ${line}`);
  log(`${config.name} run: ${only.join(', ')}`);
  const report = await runBench(config, log, only);
  const path = writeReport(report);
  console.log(`\n${formatSummary(report)}\n\nResults: ${path}`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(`bench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exit(1);
  },
);
