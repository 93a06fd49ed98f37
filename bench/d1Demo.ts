import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import * as Y from 'yjs';

import { generateIdentity, initCrypto } from '../shared/crypto';
import { DEMO_SMALL, seedDemoWorkspace } from '../shared/demo';
import { buildDemoTable, DEMO_TABLE_SEED } from '../shared/demotable';
import { median, ratio, round } from './stats';

/**
 * D1 (issue 16): building the demo table (shared/demotable: eight members with their own
 * workspaces, every fact signed and sealed, a year of outcomes, rounds, notes and reports), against
 * the demo before it (seedDemoWorkspace's DEMO_SMALL written into one plain document, nothing
 * signed or sealed). Target: under 3 s (the browser builds it when a newcomer opens the demo).
 * `npx tsx bench/d1Demo.ts [--runs N]`; writes bench/results/d1-demo-<time>.json.
 */
const TARGET_MS = 3_000;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } }, strict: true });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a whole number, 1 or more');
  await initCrypto();
  const startedAt = new Date().toISOString();
  const table: number[] = [];
  const baseline: number[] = [];
  let summary: unknown = null;
  for (let i = 0; i < runs + 1; i++) {
    let t0 = performance.now();
    const built = buildDemoTable(
      { identity: generateIdentity(), profile: { name: 'Bench Opener', agency: 'HSI' }, title: 'Demo' },
      { seed: DEMO_TABLE_SEED, now: Date.now() },
    );
    const tableMs = performance.now() - t0;
    t0 = performance.now();
    seedDemoWorkspace(new Y.Doc(), { ...DEMO_SMALL, now: Date.now() });
    const baselineMs = performance.now() - t0;
    if (i === 0) continue; // warm-up
    table.push(tableMs);
    baseline.push(baselineMs);
    summary = built.summary;
  }
  const report = {
    name: 'd1-demo',
    startedAt,
    notes: [
      'table: buildDemoTable with the seed the app uses, in Node (libsodium wasm, as in the browser): every member joins by invite, signs its facts through its own WorkspaceApi, every envelope is sealed and opened by the others.',
      'baseline: the previous demo, seedDemoWorkspace(DEMO_SMALL) into one plain Y.Doc (unsigned, unsealed).',
      'The first run of each is a warm-up and not counted.',
    ],
    summary,
    tableMs: { median: round(median(table)), runs: table.map(round) },
    baselineMs: { median: round(median(baseline)), runs: baseline.map(round) },
    ratio: ratio(median(table), median(baseline)),
    target: { limitMs: TARGET_MS, valueMs: round(median(table)), met: median(table) < TARGET_MS },
  };
  const dir = join(import.meta.dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `d1-demo-${startedAt.replace(/[:.]/g, '-')}.json`);
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
  console.log(
    JSON.stringify({ table: report.tableMs, baseline: report.baselineMs, ratio: report.ratio, target: report.target }),
  );
  console.log(`Results: ${path}`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(`bench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exit(1);
  },
);
