import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';

import { initCrypto, memberIdOf, SignatureDomain, toBase64Url } from '../crypto';
import { addOrganization, memberProfile, PROFILES, putRecord, recordValue, setProfile } from '../model';
import { docListName, WORKSPACE_DOC_ID } from '../protocol';
import { HostileClient } from '../testkit';
import { changeRole } from '../membership';
import type { Role } from '../membership';
import { exchange, joinByInvite, tableOfTwo, testClient } from '../testkit/workspaces';
import type { TestClient } from '../testkit/workspaces';
import {
  castBallot,
  closeRound,
  currentPriorities,
  guardWorkspaceRecords,
  openRound,
  readRounds,
  roundKeyPair,
  scanCloses,
  scanRounds,
  verifyRound,
} from './index';
import type { VotingContext } from './index';
import { BALLOTS, CLOSES, ROUNDS } from './records';

await initCrypto();

const docOf = (c: TestClient) => c.workspace.document(WORKSPACE_DOC_ID);
function send(from: TestClient, to: TestClient): void {
  from.workspace.flush();
  exchange(from.transport, to.transport);
  docOf(to);
}
const ctxOf = (c: TestClient): VotingContext => ({
  doc: docOf(c),
  workspaceId: c.workspace.roster.workspaceId,
  roster: c.workspace.roster,
  agencyOf: (m) => memberProfile(docOf(c), c.workspace.roster, m)?.agency ?? null,
});

/** An admin (honest, guarding its records) and a hostile member of `role` who writes its own document as it likes. */
function table(role: Role) {
  const t = tableOfTwo(role);
  const orgs = ['Copper Line', 'Night Ferry', 'Salt Mesa'].map((name) => addOrganization(docOf(t.admin), { name }));
  setProfile(docOf(t.admin), t.admin.workspace.roster, t.admin.identity, { name: 'Ana Admin', agency: 'HSI' });
  send(t.admin, t.member);
  const restored: string[] = [];
  guardWorkspaceRecords(
    docOf(t.admin),
    () => t.admin.workspace.roster,
    (fn) => t.admin.clock.schedule(fn),
    (_map, ids) => restored.push(...ids),
  );
  return { ...t, orgs, restored };
}

const HOUR = 3_600_000;

function closedRound(t: ReturnType<typeof table>) {
  const round = openRound(ctxOf(t.admin), t.admin.identity, {
    title: 'Q1',
    candidates: t.orgs,
    per: 'lead',
    method: 'schulze',
    closesAt: null,
  });
  const ballot = castBallot(ctxOf(t.admin), t.admin.identity, round, [[t.orgs[1]!], [t.orgs[0]!]]);
  closeRound(ctxOf(t.admin), t.admin.identity, round);
  send(t.admin, t.member);
  return { round, ballot };
}

describe('votes against a hostile member', () => {
  it('a writer who deletes a close and a ballot: honest clients put them back, the round stays closed and verifies', () => {
    const t = table('analyst');
    const { round, ballot } = closedRound(t);
    const doc = docOf(t.member);
    doc.transact(() => {
      doc.getMap(CLOSES).clear();
      doc.getMap(BALLOTS).delete(ballot);
    });
    send(t.member, t.admin);
    t.admin.clock.tick();
    expect(t.restored).toContain(ballot);
    const view = readRounds(ctxOf(t.admin))[0]!;
    expect(view.close).not.toBeNull();
    expect(view.verification).toMatchObject({ verified: true });
    send(t.admin, t.member);
    expect(readRounds(ctxOf(t.member))[0]!.close).not.toBeNull();
    expect(verifyRound(ctxOf(t.member), round).verified).toBe(true);
  });

  it('an analyst cannot give a lead another agency to void its ballot in a one-ballot-per-agency round', () => {
    const t = table('analyst');
    const joined = joinByInvite(t.admin.transport, t.workspaceId, t.admin.identity, 'lead');
    const lead = testClient(t.workspaceId, joined.transport, joined.identity);
    const leadId = memberIdOf(lead.identity);
    send(t.admin, lead);
    setProfile(docOf(lead), lead.workspace.roster, lead.identity, { name: 'Lee Lead', agency: 'DEA' });
    send(lead, t.admin);
    const t0 = Date.now();
    const round = openRound(
      ctxOf(t.admin),
      t.admin.identity,
      { title: 'Agencies', candidates: t.orgs, per: 'agency', method: 'borda', closesAt: null },
      t0,
    );
    castBallot(ctxOf(t.admin), t.admin.identity, round, [[t.orgs[0]!]], t0 + 1);
    send(t.admin, lead);
    castBallot(ctxOf(lead), lead.identity, round, [[t.orgs[1]!]], t0 + 2);
    send(lead, t.admin);
    send(t.admin, t.member);
    // The analyst relabels the lead as the admin's agency: in place, and as a record of its own signing.
    const doc = docOf(t.member);
    doc.getMap<unknown>(PROFILES).forEach((value) => {
      const body = value instanceof Y.Map ? value.get('body') : null;
      if (value instanceof Y.Map && typeof body === 'string' && body.includes('Lee Lead'))
        value.set('body', body.replace('"DEA"', '"HSI"'));
    });
    const forged = { v: 1, kind: 'profile', workspaceId: t.workspaceId, memberId: leadId, seq: 99, at: t0 };
    putRecord(
      doc,
      PROFILES,
      SignatureDomain.profile,
      { ...forged, name: 'Lee Lead', agency: 'HSI' },
      t.member.identity,
    );
    send(t.member, t.admin);
    expect(ctxOf(t.admin).agencyOf(leadId)).not.toBe('HSI');
    closeRound(ctxOf(t.admin), t.admin.identity, round, t0 + 10);
    const check = verifyRound(ctxOf(t.admin), round);
    expect(check).toMatchObject({ verified: true });
    expect(check.result!.ballots).toBe(2);
  });

  it('a close that lists a ballot no longer present does not verify, and says which', () => {
    const t = table('analyst');
    const { round, ballot } = closedRound(t);
    // The analyst's own copy, where no honest client has put anything back yet.
    docOf(t.member).getMap(BALLOTS).delete(ballot);
    const check = verifyRound(ctxOf(t.member), round);
    expect(check.verified).toBe(false);
    expect(check.problems).toContain(`ballot ${ballot} is listed but missing`);
  });

  it('an observer’s deletions are refused by honest clients and change nothing', () => {
    const t = table('observer');
    const { round } = closedRound(t);
    // Its own client does not send an observer's edits: a patched one seals the deletion itself.
    const doc = docOf(t.member);
    const before = Y.encodeStateVector(doc);
    doc.getMap(CLOSES).clear();
    const hostile = new HostileClient(t.workspaceId, t.member.identity, t.member.transport);
    hostile.append(docListName(WORKSPACE_DOC_ID), [hostile.sealUpdate({}, [Y.encodeStateAsUpdate(doc, before)])]);
    send(t.member, t.admin);
    expect(t.admin.reports.map((r) => r.code)).toContain('read-only-author');
    expect(verifyRound(ctxOf(t.admin), round).verified).toBe(true);
  });

  it('a lead who re-publishes another opener’s round id with its own key is ignored and reported', () => {
    const t = table('lead');
    const round = openRound(ctxOf(t.admin), t.admin.identity, {
      title: 'Q1',
      candidates: t.orgs,
      per: 'lead',
      method: 'schulze',
      closesAt: null,
    });
    send(t.admin, t.member);
    const original = scanRounds(ctxOf(t.member)).rounds[0]!.body;
    // The lead's own round under the admin's id: its key pair, so it could read ballots and close.
    const theirs = openRound(ctxOf(t.member), t.member.identity, {
      title: 'Q1',
      candidates: t.orgs.slice(0, 2),
      per: 'lead',
      method: 'schulze',
      closesAt: null,
    });
    const mine = scanRounds(ctxOf(t.member)).rounds.find((r) => r.body.roundId === theirs)!.body;
    const hijack = { ...mine, roundId: round, nonce: original.nonce, openedAt: original.openedAt - 1 };
    const doc = docOf(t.member);
    doc.transact(() => {
      doc.getMap(ROUNDS).forEach((_v, id) => doc.getMap(ROUNDS).delete(id));
      putRecord(doc, ROUNDS, SignatureDomain.roundOpen, hijack, t.member.identity);
    });
    send(t.member, t.admin);
    t.admin.clock.tick();
    const scan = scanRounds(ctxOf(t.admin));
    const standing = scan.rounds.find((r) => r.body.roundId === round)!;
    expect(standing.body.openedBy).toBe(memberIdOf(t.admin.identity));
    expect(standing.body.candidates).toEqual(t.orgs);
    expect(scan.ignored).toContainEqual(
      expect.objectContaining({ kind: 'round', roundId: round, reason: expect.stringMatching(/bound to another/) }),
    );
    expect(roundKeyPair(ctxOf(t.admin), t.member.identity, round)).toBeNull();
  });

  it('an opener who signs a second version of its round (other candidates) loses both, with a reason', () => {
    const t = table('lead');
    const round = openRound(ctxOf(t.member), t.member.identity, {
      title: 'Q1',
      candidates: t.orgs,
      per: 'lead',
      method: 'schulze',
      closesAt: null,
    });
    const body = scanRounds(ctxOf(t.member)).rounds[0]!.body;
    putRecord(
      docOf(t.member),
      ROUNDS,
      SignatureDomain.roundOpen,
      { ...body, candidates: t.orgs.slice(1) },
      t.member.identity,
    );
    send(t.member, t.admin);
    const scan = scanRounds(ctxOf(t.admin));
    expect(scan.rounds.map((r) => r.body.roundId)).not.toContain(round);
    expect(scan.ignored.filter((i) => i.roundId === round).map((i) => i.reason)).toEqual([
      'its opener signed two different versions of it',
      'its opener signed two different versions of it',
    ]);
  });

  it('a close dated in 2100 does not pin the top five, and a close that stops the count after it was signed is refused', () => {
    const t = table('lead');
    const honest = closedRound(t);
    const t0 = Date.now();
    const round = openRound(ctxOf(t.member), t.member.identity, {
      title: 'Mine alone',
      candidates: [t.orgs[2]!, t.orgs[0]!],
      per: 'lead',
      method: 'schulze',
      closesAt: null,
    });
    const ballot = castBallot(ctxOf(t.member), t.member.identity, round, [[t.orgs[2]!]]);
    const pair = roundKeyPair(ctxOf(t.member), t.member.identity, round)!;
    const y2100 = Date.UTC(2100, 0, 1);
    const close = (closedAt: number, publishedAt: number) => ({
      v: 1,
      kind: 'close',
      roundId: round,
      closer: memberIdOf(t.member.identity),
      closedAt,
      publishedAt,
      secretKey: toBase64Url(pair.secretKey),
      ballots: [ballot],
      order: [[t.orgs[2]!], [t.orgs[0]!]],
    });
    putRecord(docOf(t.member), CLOSES, SignatureDomain.roundClose, close(y2100, y2100), t.member.identity);
    putRecord(docOf(t.member), CLOSES, SignatureDomain.roundClose, close(t0 + HOUR, t0), t.member.identity);
    putRecord(docOf(t.member), CLOSES, SignatureDomain.roundClose, close(t0 + 1, t0 + 24 * HOUR), t.member.identity);
    send(t.member, t.admin);
    const rounds = readRounds(ctxOf(t.admin));
    expect(rounds.find((r) => r.roundId === round)!.close).toBeNull();
    const record = scanRounds(ctxOf(t.admin)).rounds.find((r) => r.body.roundId === round)!;
    expect(
      scanCloses(ctxOf(t.admin), record)
        .ignored.map((i) => i.reason)
        .sort(),
    ).toEqual([
      'it is dated in the future',
      'it stops the count after the moment it was signed',
      'it stops the count more than a year after the opening',
    ]);
    const top = currentPriorities(rounds);
    expect(top.get(t.orgs[1]!)).toBe(1); // the honest round stands
    expect(verifyRound(ctxOf(t.admin), honest.round).verified).toBe(true);
  });

  it('an admin demoted after the close keeps its counted ballot, and what it signs afterwards changes nothing', () => {
    const t = table('admin');
    const [a, b, c] = t.orgs as [string, string, string];
    const t0 = Date.now();
    const round = openRound(
      ctxOf(t.admin),
      t.admin.identity,
      { title: 'Q2', candidates: [a, b, c], per: 'lead', method: 'schulze', closesAt: null },
      t0,
    );
    send(t.admin, t.member);
    // What its patched client keeps signing with: the roster and round as they were before the close.
    const asAdmin = ctxOf(t.member).roster;
    const before = new Y.Doc();
    Y.applyUpdate(before, Y.encodeStateAsUpdate(docOf(t.member)));
    const hers = castBallot(ctxOf(t.member), t.member.identity, round, [[c], [a]], t0 + 1_000);
    send(t.member, t.admin);
    castBallot(ctxOf(t.admin), t.admin.identity, round, [[a], [c]], t0 + 2_000);
    const close = closeRound(ctxOf(t.admin), t.admin.identity, round, t0 + 3_000);
    changeRole(
      t.admin.transport,
      t.admin.workspace.roster.workspaceId,
      t.admin.identity,
      memberIdOf(t.member.identity),
      'analyst',
      t0 + 4_000,
    );
    send(t.admin, t.member);

    // Demoted, it signs a ballot dated before the close, and a recount after its demotion that counts it.
    const late = castBallot(
      { ...ctxOf(t.member), doc: before, roster: asAdmin },
      t.member.identity,
      round,
      [[c], [b]],
      t0 + 2_500,
    );
    const signed = before.getMap<Y.Map<string>>(BALLOTS).get(late)!;
    docOf(t.member)
      .getMap(BALLOTS)
      .set(late, recordValue(signed.get('body')!, signed.get('sig')!));
    closeRound(ctxOf(t.member), t.member.identity, round, t0 + 5_000);
    send(t.member, t.admin);

    const view = readRounds(ctxOf(t.admin), t0 + 6_000).find((r) => r.roundId === round)!;
    expect(view.close, 'the honest close stands').toMatchObject({ publishedAt: t0 + 3_000, ballots: close.ballots });
    expect(close.ballots).toContain(hers);
    expect(view.verification).toMatchObject({ verified: true, problems: [] });
    expect(view.late.map((l) => l.id)).toEqual([late]);
    expect(view.ignored.map((i) => i.reason)).toEqual(['its closer is neither the opener nor an admin']);
  });
});
