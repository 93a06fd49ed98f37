import { describe, expect, it } from 'vitest';

import { initCrypto } from '../crypto';
import { convergenceRun } from '../testkit/convergenceRun';
import type { Outcome } from '../testkit/convergenceRun';
import { BALLOTS } from '../voting';

await initCrypto();

/** Seeds every run of the suite replays; fresh ones are drawn besides (a seed that failed once belongs here). */
// 871030297: a voter demoted after the close voided the counted ballot (roles are judged at the close now).
// 886559522: a close counted the ballot of a lead demoted before it, which the closer had not heard of.
const FIXED_SEEDS = [1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 871030297, 886559522];
// At least as many runs as before the runs widened (40 fresh): the fixed ones and 28 fresh. `Y1_RUNS` (the
// old knob) sets the total, `Y1_FRESH` the fresh ones.
const RUNS = process.env['Y1_RUNS'];
const FRESH = Number(process.env['Y1_FRESH'] ?? (RUNS ? Math.max(0, Number(RUNS) - FIXED_SEEDS.length) : 28));
const only = process.env['SEED'];
const seeds = only
  ? [Number(only)]
  : [...FIXED_SEEDS, ...Array.from({ length: FRESH }, (_, i) => (Date.now() + i * 7919) % 2 ** 31)];
console.log(`Y1 seeds: ${seeds.join(' ')} (replay one: SEED=<n> npx vitest run shared/sync/convergence.test.ts)`);

/**
 * Y1: any number of clients editing under any interleaving of partitions converge once they all
 * reconnect — here with board edits, notes, rounds, ballots and closes, role changes and
 * removals, and updates delivered out of order, twice or not at all (see convergenceRun).
 */
function expectConverged(o: Outcome): void {
  expect(o.settled, 'everything settles').toBe(true);
  // Members removed are out of sight: the relay refuses them (their clients go on alone).
  const current = o.seats.filter((s) => s.current);
  expect(current.length).toBeGreaterThanOrEqual(2);
  for (const s of current) {
    expect(s.stateVector, `${s.name} holds what the relay holds`).toBe(o.hubStateVector);
    expect(s.roster, `${s.name} agrees on the roster`).toBe(o.hubRoster);
  }
  expect(current.flatMap((s) => s.reports.filter((r) => r.level === 'error'))).toEqual([]);
  const reference = current[0]!.rebuilt!;
  expect(reference.stuck, 'no update waits for something that never comes').toEqual([]);
  for (const s of current) {
    expect(s.view, `${s.name} sees the same`).toEqual(reference);
    expect(s.rebuilt, `${s.name} rebuilt from the relay alone sees the same`).toEqual(reference);
    expect(s.sealing, `${s.name} seals under the current key`).toBe(current[0]!.sealing);
    expect(s.gaps, `${s.name} misses none of anyone's updates`).toEqual([]);
  }
  expect(current[0]!.sealing).not.toBeNull();
  // Nothing is lost: every paragraph written into a note, every ballot cast (rounds keep them whole).
  for (const [noteId, paragraphs] of Object.entries(o.paragraphs))
    for (const p of paragraphs) expect(reference.notes[noteId], `${noteId} keeps "${p}"`).toContain(p);
  const board = JSON.parse(reference.board) as Record<string, Record<string, unknown>>;
  for (const id of o.ballots) expect(board[BALLOTS]?.[id], `ballot ${id} is kept`).toBeDefined();
  // A closed round verifies, except where its closer counted a ballot whose voter had lost the role by
  // a roster entry dated before the close that the closer had not heard of yet (a demotion or removal
  // while it was offline). The rules judge roles at the close (ADR 0006), so that ballot does not
  // count: every member says alike which one and why, and a holder's recount verifies (rounds.test.ts
  // "a close that counted a ballot whose voter had lost the role before it, …"; SEED=886559522).
  for (const round of o.rounds) {
    if (!round.closed) continue;
    const unseen = round.unseenLosses.map(
      (id) => `ballot ${id} is listed but its voter is not a lead or admin (or was removed)`,
    );
    const differs = 'the published order differs from the recount of the signed ballots';
    const problems = unseen.length > 0 ? round.problems.filter((p) => p !== differs) : round.problems;
    expect(problems.sort(), `round ${round.roundId} verifies`).toEqual(unseen.sort());
    if (unseen.length === 0) expect(round.verified, `round ${round.roundId} verifies`).toBe(true);
  }
}

describe('Y1: convergence under random partitions', () => {
  it.each(seeds)('converges, seed %i', (seed) => {
    try {
      expectConverged(convergenceRun(seed));
    } catch (e) {
      console.error(
        `Y1 failed with SEED=${seed} (replay: SEED=${seed} npx vitest run shared/sync/convergence.test.ts)`,
      );
      throw e;
    }
  });

  it('replays a seed exactly: the same seed twice gives the same trace, step by step, to the last byte', () => {
    const seed = seeds[0]!;
    const first = convergenceRun(seed, { tracing: true });
    // Every step's label, every document's and queue's digest, the final state vectors and
    // exports, every report and what every member sees.
    expect(first.trace.length).toBeGreaterThan(40);
    expect(convergenceRun(seed, { tracing: true })).toEqual(first);
    // The trace does tell runs apart.
    expect(convergenceRun(seed + 1, { tracing: true }).trace).not.toEqual(first.trace);
  });
});
