import { seedDemoWorkspace } from '../shared/demo';
import { coreCompartmentId } from '../shared/membership';
import { roomsWorld } from '../shared/testkit';
import { WorkspaceApi } from '../shared/workspace';
import type { Log } from './harness';
import { now } from './harness';
import type { FieldReportLike, MatchWorkloadConfig } from './matchWorkload';
import { median, round } from './stats';

/**
 * M1, the product's path (issue 15): a member's first `api.reports.connections()` over P3's
 * workspace in the core room and the workload's field reports filed (signed) there — reading the
 * merged board, checking every report's signature, keying, indexing and grouping.
 */
export interface M1ConnectionsConfig {
  reps: number;
}

export interface M1ConnectionsResult {
  config: M1ConnectionsConfig;
  notes: string[];
  reports: number;
  connections: number;
  setupMs: number;
  firstMs: number;
  firstRuns: number[];
  /** A second connections() on the same api: nothing changed, so nothing is recomputed. */
  againMs: number;
}

const NOTES = [
  'An in-memory workspace (shared/testkit roomsWorld): P3’s workspace seeded into the admin’s core room, then every report of the M workload filed with api.reports.add (signed, in the core room). Not measured.',
  'first: a new WorkspaceApi over the same workspace, then its first reports.connections() (builds ReportsApi and its index: the merged board, every report’s signature checked, identifiers keyed, MatchIndex, connections). Median of `reps`, each with a new WorkspaceApi.',
];

export function runM1Connections(
  config: M1ConnectionsConfig,
  workload: MatchWorkloadConfig,
  reports: readonly FieldReportLike[],
  log: Log,
): M1ConnectionsResult {
  const t0 = now();
  const w = roomsWorld();
  const admin = new WorkspaceApi(w.admin.workspace, w.admin.identity);
  const core = admin.board.rooms().get(coreCompartmentId(w.workspaceId));
  if (!core) throw new Error('M1: the admin holds no core room');
  seedDemoWorkspace(core, { ...workload.demo, now: Date.now() });
  // M1's reports: the demo is seeded from the same seed, so the entries they share identifiers with are here too.
  for (const r of reports) admin.reports.add({ text: 'Found in the field', identifiers: r.identifiers });
  const setupMs = now() - t0;
  log(`[M1] P3 workspace and ${reports.length} signed reports in one room, in ${Math.round(setupMs)} ms`);
  const firstRuns: number[] = [];
  let connections = 0;
  let againMs = 0;
  for (let rep = 0; rep < config.reps; rep++) {
    const api = new WorkspaceApi(w.admin.workspace, w.admin.identity);
    let t = now();
    connections = api.reports.connections().length;
    firstRuns.push(now() - t);
    t = now();
    api.reports.connections();
    againMs = now() - t;
    api.destroy();
  }
  const firstMs = round(median(firstRuns));
  log(`[M1] first reports.connections() ${Math.round(firstMs)} ms (${connections} connections)`);
  return {
    config,
    notes: NOTES,
    reports: reports.length,
    connections,
    setupMs: round(setupMs),
    firstMs,
    firstRuns: firstRuns.map((x) => round(x)),
    againMs: round(againMs),
  };
}
