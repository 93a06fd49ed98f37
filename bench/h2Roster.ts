import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

import { generateIdentity, identityFromSeed, memberIdOf, randomBytes } from '../shared/crypto';
import type { Identity } from '../shared/crypto';
import {
  addInvite,
  completeJoin,
  computeRoster,
  createRemoveEntry,
  createRoleEntry,
  createWorkspaceTransport,
  maintainKeys,
  removeMember,
} from '../shared/membership';
import { decodeSignedEntry, entryIdOf, ROSTER_LIST } from '../shared/protocol';
import type { Log } from './harness';
import { now } from './harness';
import { median, ratio, round } from './stats';

/**
 * H2 (hardening item 13, roster half): computeRoster over a clean roster, and over the same roster
 * plus junk entries from one observer, side by side in one run. The junk is of two kinds: what an
 * observer can sign (its own key: ignored without a signature check) and entries that claim an
 * admin as signer with a bad signature (one failed check each, never repeated). A fourth variant
 * (red-team finding F6) adds a second admin, removes it, and appends up to 1,000 backdated role
 * flips it signed, each naming the last 512: every flip costs a signature check and the graph work
 * a removed admin's entries cost (the unit test counts that work; this measures it).
 */
export interface H2Config {
  members: number;
  junk: number;
  reps: number;
  targetRatio: number;
}

export interface H2Variant {
  id: 'clean' | 'observer-junk' | 'forged-admin-junk' | 'removed-admin-flips';
  entries: number;
  runsMs: number[];
  medianMs: number;
  /** Against the clean roster's median. */
  ratio: number;
  /** Computed again over the same bytes objects (what a running client does on each membership change). */
  warmMedianMs: number;
  sameRoster: boolean;
}

export interface H2Result {
  config: H2Config;
  variants: H2Variant[];
  target: { limitRatio: number; value: number; met: boolean };
}

function cleanRoster(members: number): {
  workspaceId: string;
  entries: Uint8Array[];
  admin: Identity;
  observer: Identity;
  doc: Y.Doc;
} {
  const admin = generateIdentity();
  const t = new Y.Doc();
  const at = Date.now();
  const workspaceId = createWorkspaceTransport(t, admin, at);
  let observer = admin;
  for (let i = 0; i < members; i++) {
    const seed = addInvite(t, workspaceId, admin, i === 0 ? 'observer' : 'analyst', at + 3_600_000, at);
    const member = generateIdentity();
    completeJoin(t, workspaceId, seed, member, at);
    if (i === 0) observer = member;
    if (i % 10 === 9 || i === members - 1) maintainKeys(t, workspaceId, admin, at); // confirms the joins
  }
  return { workspaceId, entries: t.getArray<Uint8Array>(ROSTER_LIST).toArray(), admin, observer, doc: t };
}

/** The clean roster plus a second admin, removed (`base`), and that admin's backdated role flips of the observer. */
function removedAdminFlips(
  workspaceId: string,
  doc: Y.Doc,
  admin: Identity,
  observer: Identity,
  count: number,
): { base: Uint8Array[]; flips: Uint8Array[] } {
  const t = new Y.Doc();
  Y.applyUpdate(t, Y.encodeStateAsUpdate(doc));
  const at = Date.now();
  const x = generateIdentity();
  completeJoin(t, workspaceId, addInvite(t, workspaceId, admin, 'admin', at + 3_600_000, at), x, at);
  maintainKeys(t, workspaceId, admin, at); // confirms the join
  const stale = computeRoster(workspaceId, t.getArray<Uint8Array>(ROSTER_LIST).toArray(), at).heads;
  removeMember(t, workspaceId, admin, memberIdOf(x), at);
  const ids: string[] = [];
  const flips = Array.from({ length: count }, (_, i) => {
    const prev = i === 0 ? stale : ids.slice(-512);
    const role = i % 2 ? 'observer' : 'admin';
    const e = createRoleEntry(workspaceId, x, memberIdOf(observer), role, 1, at - 3_600_000 + i, { prev });
    ids.push(entryIdOf(e));
    return e;
  });
  return { base: t.getArray<Uint8Array>(ROSTER_LIST).toArray(), flips };
}

export function runH2(config: H2Config, log: Log): H2Result {
  const { workspaceId, entries, admin, observer, doc } = cleanRoster(config.members);
  const adminId = memberIdOf(admin);
  const observerJunk = Array.from({ length: config.junk }, (_, i) => {
    // Old-style (no prev: it waits for its signer to become admin) and new-style, by the observer.
    const victim = i % 2 === 0 ? adminId : memberIdOf(identityFromSeed(randomBytes(32)));
    return createRemoveEntry(workspaceId, observer, victim, i, Date.now() - i, i % 2 === 0 ? {} : { prev: [] });
  });
  const forged = Array.from({ length: config.junk }, (_, i) => {
    const entry = createRemoveEntry(workspaceId, observer, memberIdOf(observer), i, Date.now(), { prev: [] });
    // The body rewritten to name the admin as signer, under the observer's signature: it cannot check out.
    const { body, signatures } = decodeSignedEntry(entry)!;
    const text = new TextDecoder().decode(body).replace(`"by":"${memberIdOf(observer)}"`, `"by":"${adminId}"`);
    const e = encoding.createEncoder();
    encoding.writeVarUint8Array(e, new TextEncoder().encode(text));
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint8Array(e, signatures[0]!);
    return encoding.toUint8Array(e);
  });
  const flipped = removedAdminFlips(workspaceId, doc, admin, observer, Math.min(config.junk, 1000));
  const variants: Array<[H2Variant['id'], Uint8Array[]]> = [
    ['clean', entries],
    ['observer-junk', [...entries, ...observerJunk]],
    ['forged-admin-junk', [...entries, ...forged]],
    ['removed-admin-flips', [...flipped.base, ...flipped.flips]],
  ];
  const cleanReference = summary(computeRoster(workspaceId, entries));
  // The flips must count for nothing: that variant is compared with its roster without them.
  const flippedReference = summary(computeRoster(workspaceId, flipped.base));
  const referenceOf = (id: H2Variant['id']) => (id === 'removed-admin-flips' ? flippedReference : cleanReference);
  const runs = new Map<H2Variant['id'], number[]>(variants.map(([id]) => [id, []]));
  const same = new Map<H2Variant['id'], boolean>();
  // Interleaved repetitions, so load on the machine falls on every variant alike.
  for (let rep = 0; rep < config.reps; rep++) {
    for (const [id, list] of variants) {
      // Fresh copies of the bytes: a cold computation, as on opening the workspace (decoding and
      // signature checks are remembered per bytes object, so recomputations cost less than this).
      const copies = list.map((b) => b.slice());
      const t0 = now();
      const roster = computeRoster(workspaceId, copies);
      runs.get(id)!.push(now() - t0);
      same.set(id, (same.get(id) ?? true) && summary(roster) === referenceOf(id));
    }
  }
  const warm = new Map<H2Variant['id'], number>();
  for (const [id, list] of variants) {
    computeRoster(workspaceId, list);
    const t: number[] = [];
    for (let rep = 0; rep < config.reps; rep++) {
      const t0 = now();
      computeRoster(workspaceId, list);
      t.push(now() - t0);
    }
    warm.set(id, round(median(t)));
  }
  const cleanMedian = median(runs.get('clean')!);
  const out: H2Variant[] = variants.map(([id, list]) => {
    const medianMs = round(median(runs.get(id)!));
    return {
      id,
      entries: list.length,
      runsMs: runs.get(id)!.map((r) => round(r)),
      medianMs,
      ratio: ratio(medianMs, cleanMedian),
      warmMedianMs: warm.get(id)!,
      sameRoster: same.get(id)!,
    };
  });
  for (const v of out)
    log(
      `H2 ${v.id}: ${v.entries} entries, cold median ${v.medianMs} ms (${v.ratio}×), warm ${v.warmMedianMs} ms, same roster: ${v.sameRoster}`,
    );
  const value = out.find((v) => v.id === 'observer-junk')!.ratio;
  return {
    config,
    variants: out,
    target: {
      limitRatio: config.targetRatio,
      value,
      met: value <= config.targetRatio && out.every((v) => v.sameRoster),
    },
  };
}

const summary = (r: ReturnType<typeof computeRoster>): string =>
  JSON.stringify([...r.members.values()].map((m) => `${m.memberId}:${m.role}`).sort());
