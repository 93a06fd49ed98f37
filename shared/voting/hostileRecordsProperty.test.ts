import * as prng from 'lib0/prng';
import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';

import { blake2b, generateIdentity, initCrypto, memberIdOf, SignatureDomain, toBase64Url } from '../crypto';
import {
  addOrganization,
  canonicalJson,
  documentJson,
  memberProfiles,
  PROFILES,
  putRecord,
  readRecords,
  recordValid,
  setProfile,
} from '../model';
import { createWorkspaceTransport } from '../membership';
import { WORKSPACE_DOC_ID } from '../protocol';
import { withSeededRandom } from '../testkit/seededRandom';
import { exchange, joinByInvite, testClient } from '../testkit/workspaces';
import type { TestClient } from '../testkit/workspaces';
import {
  castBallot,
  closeRound,
  currentPriorities,
  guardWorkspaceRecords,
  openRound,
  readRounds,
  roundKeyPair,
  scanRounds,
  SKEW_MS,
} from './index';
import type { VotingContext } from './index';
import { BALLOTS, CLOSES, ROUNDS } from './records';

await initCrypto();

// Each signed map, and the domain its records are signed under.
const DOMAINS = new Map<string, SignatureDomain>([
  [PROFILES, SignatureDomain.profile],
  [ROUNDS, SignatureDomain.roundOpen],
  [BALLOTS, SignatureDomain.ballot],
  [CLOSES, SignatureDomain.roundClose],
]);
const MAPS = [...DOMAINS.keys()];
const EPOCH = Date.UTC(2026, 0, 1);
const docOf = (c: TestClient) => c.workspace.document(WORKSPACE_DOC_ID);
const ctxOf = (c: TestClient): VotingContext => ({
  doc: docOf(c),
  workspaceId: c.workspace.roster.workspaceId,
  roster: c.workspace.roster,
  agencyOf: (m) => memberProfiles(docOf(c), c.workspace.roster).get(m)?.agency ?? null,
});

/**
 * Items 11 and 12 under partitions: honest members (an admin and two leads, each guarding its
 * signed records) open rounds, vote, close and rename themselves, while a hostile lead, writing
 * its own document as it likes, deletes and edits records in place, writes junk, forges profiles,
 * hijacks round ids and dates closes in the future. Honest members must converge, lose no record
 * they signed, show every profile as its member last signed it, and keep every round as its
 * opener signed it. A run is wholly decided by its seed (replay one with SEED=<n>): the scenario
 * draws from `gen`, keys, nonces and ids from a seeded stream of their own, the clock starts at a
 * fixed date and moves by drawn steps, and every document's Yjs client id is drawn. Returns a
 * digest of the relay's state and the honest document, to compare replays by.
 */
function run(seed: number): string {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(EPOCH);
  try {
    return withSeededRandom(seed ^ 0x5eed5, () => play(prng.create(seed)));
  } finally {
    vi.useRealTimers();
  }
}

function play(gen: prng.PRNG): string {
  const newDoc = () => {
    const doc = new Y.Doc();
    doc.clientID = prng.uint32(gen, 1, 2 ** 31);
    return doc;
  };
  const hub = newDoc();
  const adminId = generateIdentity();
  const adminTransport = newDoc();
  const workspaceId = createWorkspaceTransport(adminTransport, adminId, Date.now() - 60_000);
  const honest: TestClient[] = [testClient(workspaceId, adminTransport, adminId)];
  for (let i = 0; i < 2; i++) {
    const { transport, identity } = joinByInvite(
      adminTransport,
      workspaceId,
      adminId,
      'lead',
      generateIdentity(),
      newDoc(),
    );
    honest.push(testClient(workspaceId, transport, identity));
  }
  const joined = joinByInvite(adminTransport, workspaceId, adminId, 'lead', generateIdentity(), newDoc());
  const hostile = testClient(workspaceId, joined.transport, joined.identity);
  const all = [...honest, hostile];
  const orgs = ['A', 'B', 'C'].map((name) => addOrganization(docOf(honest[0]!), { name }));
  honest[0]!.workspace.flush();
  for (let r = 0; r < 2; r++) for (const c of all) exchange(c.transport, hub);
  for (const c of honest)
    guardWorkspaceRecords(
      docOf(c),
      () => c.workspace.roster,
      (fn) => c.clock.schedule(fn),
    );
  const names = new Map<string, string>();
  const signed = new Set<string>(); // "map/id" of every record an honest member signed
  const rounds = new Map<string, { openedBy: string; candidates: string[] }>();
  const closed = new Set<string>();
  // By signature, not by mention: the hostile's forged profile names an honest member in its body,
  // yet only the hostile signed it, so no guard owes it anything when the hostile deletes it again.
  const remember = (c: TestClient) => {
    for (const [map, domain] of DOMAINS)
      for (const record of readRecords(docOf(c), map))
        if (recordValid(record, domain, c.identity.signPublicKey)) signed.add(`${map}/${record.id}`);
  };
  const sign = (c: TestClient, name: string) => {
    setProfile(docOf(c), c.workspace.roster, c.identity, { name, agency: `Agency ${name}` });
    names.set(memberIdOf(c.identity), name);
  };
  honest.forEach((c, i) => sign(c, `Member ${i}`));
  honest.forEach(remember);
  const online = all.map(() => true);

  const steps = prng.int32(gen, 30, 80);
  for (let step = 0; step < steps; step++) {
    vi.setSystemTime(Date.now() + prng.int32(gen, 1, 2_000));
    const i = prng.int32(gen, 0, all.length - 1);
    const c = all[i]!;
    const open = [...rounds.keys()].filter((r) => !closed.has(r));
    const pickRound = open.length > 0 ? prng.oneOf(gen, open) : null;
    if (c === hostile && prng.int32(gen, 0, 2) > 0) attack(gen, hostile, orgs);
    else
      switch (prng.int32(gen, 0, 6)) {
        case 0:
          if (c === hostile) break;
          try {
            const r = openRound(ctxOf(c), c.identity, {
              title: `Round ${step}`,
              candidates: orgs,
              per: 'lead',
              method: 'schulze',
              closesAt: null,
            });
            rounds.set(r, { openedBy: memberIdOf(c.identity), candidates: orgs });
          } catch {
            // not on the board yet on this partition
          }
          break;
        case 1:
          if (pickRound && c !== hostile && scanRounds(ctxOf(c)).rounds.some((r) => r.body.roundId === pickRound))
            try {
              castBallot(ctxOf(c), c.identity, pickRound, [[prng.oneOf(gen, orgs)]]);
            } catch {
              // closed on this partition already
            }
          break;
        case 2:
          if (pickRound && c !== hostile && roundKeyPair(ctxOf(c), c.identity, pickRound)) {
            closeRound(ctxOf(c), c.identity, pickRound);
            closed.add(pickRound);
          }
          break;
        case 3:
          if (c !== hostile) sign(c, `Renamed ${prng.word(gen, 3, 8)}`);
          break;
        case 4:
          online[i] = !online[i];
          break;
        default:
          c.clock.tick();
          for (const [k, other] of all.entries()) if (online[k] && prng.bool(gen)) exchange(other.transport, hub);
      }
    if (c !== hostile) remember(c);
  }
  // Everyone back online; batches sealed, guards run, synced until nothing moves.
  for (let r = 0; r < 4; r++)
    for (const c of all) {
      c.clock.tick();
      exchange(c.transport, hub);
    }

  const states = honest.map((c) => canonicalJson(documentJson(docOf(c))));
  for (const s of states) expect(s).toBe(states[0]);
  for (const c of honest) {
    for (const key of signed) {
      const [map, id] = key.split('/') as [string, string];
      expect(docOf(c).getMap(map).has(id), `${key} lost`).toBe(true);
    }
    const profiles = memberProfiles(docOf(c), c.workspace.roster);
    for (const [member, name] of names) expect(profiles.get(member)?.name).toBe(name);
    const standing = new Map(scanRounds(ctxOf(c)).rounds.map((r) => [r.body.roundId, r.body]));
    for (const [roundId, opened] of rounds) {
      expect(standing.get(roundId)).toMatchObject(opened);
      const view = readRounds(ctxOf(c)).find((v) => v.roundId === roundId)!;
      if (closed.has(roundId)) expect(view.verification?.verified, `${roundId} verifies`).toBe(true);
    }
    const now = Date.now();
    for (const view of readRounds(ctxOf(c), now))
      if (view.close) expect(view.close.publishedAt).toBeLessThan(now + SKEW_MS);
    expect([...currentPriorities(readRounds(ctxOf(c)))]).toEqual([...currentPriorities(readRounds(ctxOf(honest[0]!)))]);
  }
  return `${toBase64Url(blake2b(Y.encodeStateAsUpdate(hub), 16))} ${states[0]}`;
}

/** One hostile write into its own document (sealed and sent like any lead's edit). */
function attack(gen: prng.PRNG, hostile: TestClient, orgs: string[]): void {
  const doc = docOf(hostile);
  const map = doc.getMap<unknown>(prng.oneOf(gen, MAPS));
  const keys = [...map.keys()];
  const key = keys.length > 0 ? prng.oneOf(gen, keys) : null;
  const me = memberIdOf(hostile.identity);
  switch (prng.int32(gen, 0, 5)) {
    case 0:
      if (key) map.delete(key);
      break;
    case 1: {
      const value = key ? map.get(key) : null;
      const body = value instanceof Y.Map ? value.get('body') : null;
      if (value instanceof Y.Map && typeof body === 'string') value.set('body', body.replace(/"(\w+)":/, '"$1" :'));
      break;
    }
    case 2:
      map.set(key ?? 'junk', prng.bool(gen) ? 'just a string' : 42);
      break;
    case 3: {
      // A profile of its own signing that names someone else.
      const victim = prng.oneOf(gen, [...hostile.workspace.roster.members.keys()]);
      const body = { v: 1, kind: 'profile', workspaceId: hostile.workspace.roster.workspaceId, memberId: victim };
      putRecord(
        doc,
        PROFILES,
        SignatureDomain.profile,
        { ...body, seq: 1e9, at: 0, name: 'Mallory', agency: 'X' },
        hostile.identity,
      );
      break;
    }
    case 4: {
      // Someone's round id under its own key.
      const round = scanRounds(ctxOf(hostile)).rounds.find((r) => r.body.openedBy !== me);
      if (round)
        putRecord(
          doc,
          ROUNDS,
          SignatureDomain.roundOpen,
          { ...round.body, openedBy: me, candidates: orgs.slice(0, 2) },
          hostile.identity,
        );
      break;
    }
    default: {
      // Its own round, closed a year from now.
      const roundId = openRound(ctxOf(hostile), hostile.identity, {
        title: 'Mine',
        candidates: orgs,
        per: 'lead',
        method: 'schulze',
        closesAt: null,
      });
      const pair = roundKeyPair(ctxOf(hostile), hostile.identity, roundId)!;
      const later = Date.now() + 300 * 24 * 3_600_000;
      putRecord(
        doc,
        CLOSES,
        SignatureDomain.roundClose,
        {
          v: 1,
          kind: 'close',
          roundId,
          closer: me,
          closedAt: later,
          publishedAt: later,
          secretKey: toBase64Url(pair.secretKey),
          ballots: [],
          order: [orgs],
        },
        hostile.identity,
      );
    }
  }
}

const REPLAY = 'SEED=<n> npx vitest run shared/voting/hostileRecordsProperty.test.ts';
/**
 * Seeds every run replays; fresh ones are drawn besides (a seed that failed once belongs here).
 * 854592968 failed before runs replayed; 28 replays its case: the hostile deletes its own forged
 * profile that names an honest member, which no guard owes a restore.
 */
const FIXED_SEEDS = [854592968, 28, 1, 2, 3];
// As many fresh runs as before the fixed ones came (8). `VOTES_RUNS` (the old knob) sets the
// total, `VOTES_FRESH` the fresh ones.
const RUNS = process.env['VOTES_RUNS'];
const FRESH = Number(process.env['VOTES_FRESH'] ?? (RUNS ? Math.max(0, Number(RUNS) - FIXED_SEEDS.length) : 8));
const only = process.env['SEED'];
const seeds = only
  ? [Number(only)]
  : [...FIXED_SEEDS, ...Array.from({ length: FRESH }, (_, i) => (Date.now() + i * 7919) % 2 ** 31)];
console.log(`Votes property seeds: ${seeds.join(' ')} (replay one: ${REPLAY})`);

describe('profiles and votes against a hostile lead, under random partitions', () => {
  it.each(seeds)('keeps every honest record, profile and round, seed %i', (seed) => {
    try {
      run(seed);
    } catch (e) {
      console.error(`Votes property failed with SEED=${seed} (replay: ${REPLAY.replace('<n>', String(seed))})`);
      throw e;
    }
  });

  it('replays a seed exactly: the same seed twice ends in the same bytes, another seed does not', () => {
    const first = run(seeds[0]!);
    expect(run(seeds[0]!)).toBe(first);
    expect(run(seeds[0]! + 1)).not.toBe(first);
  });
});
