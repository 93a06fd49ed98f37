import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { initCrypto, randomBytes, toBase64Url } from '../shared/crypto';
import { addOrganization, memberProfile, setProfile } from '../shared/model';
import { WORKSPACE_DOC_ID } from '../shared/protocol';
import { castBallot, closeRound, openRound, readRounds } from '../shared/voting';
import type { VotingContext } from '../shared/voting';
import { eventually, liveTable, tempRelay } from '../cli/testkit/liveWorkspaces';
import { wireCapture } from './wireCapture';

await initCrypto();

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

const marker = (what: string) => `LEAK-${what}-${toBase64Url(randomBytes(9))}`;

type Member = Awaited<ReturnType<typeof liveTable>>['members'][number];

/** What voting needs of a member's open workspace (as the CLI and the app build it). */
function voting(m: Member, workspaceId: string): VotingContext {
  const doc = m.workspace.document(WORKSPACE_DOC_ID);
  return {
    doc,
    workspaceId,
    roster: m.workspace.roster,
    agencyOf: (id) => memberProfile(doc, m.workspace.roster, id)?.agency ?? null,
  };
}

function filesUnder(dir: string): Buffer[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [readFileSync(path)];
  });
}

describe('S1: the relay, its disk and the wire see no plaintext', () => {
  it('finds no marker from names, notes, profiles, presence, rounds or ballots in captured frames or the relay store', async () => {
    const relay = await tempRelay();
    cleanup.push(() => relay.close());
    const wire = await wireCapture(relay.port);
    cleanup.push(() => wire.close());
    // b is a lead, so it can vote in a's round.
    const { workspaceId, members } = await liveTable(wire.url, 1, 'lead');
    cleanup.push(() => members.forEach((m) => m.close()));
    const [a, b] = members as [Member, Member];

    const ws = a.workspace.document(WORKSPACE_DOC_ID);
    const candidates = [marker('cand-a'), marker('cand-b'), marker('cand-c')].map((name) =>
      addOrganization(ws, { name }),
    );
    // A ranking only a ballot holds (the round lists its candidates in another shape): the best
    // alone, then the other two tied, in the tally's order (by id), so the published result
    // repeats it exactly.
    const ranking = [[candidates[2]!], candidates.slice(0, 2).sort()];
    const secrets = {
      org: marker('org'),
      note: marker('note'),
      name: marker('name'),
      agency: marker('agency'),
      presence: marker('presence'),
      round: marker('round'),
      ballot: JSON.stringify(ranking),
    };
    addOrganization(ws, { name: secrets.org });
    setProfile(ws, a.workspace.roster, a.identity, { name: secrets.name, agency: secrets.agency });
    a.workspace.document('note-1').getMap('note').set('body', secrets.note);
    const roundId = openRound(voting(a, workspaceId), a.identity, {
      title: secrets.round,
      candidates,
      per: 'lead',
      method: 'schulze',
      closesAt: null,
    });
    // The control: one value deliberately written in clear into the transport document. If the
    // scan cannot find this one, it proves nothing about the others.
    const control = marker('control');
    a.transport.getMap('probe').set('clear', control);

    a.presence.setLocal({ viewing: secrets.presence });
    await eventually('b to see where a is', () =>
      b.presence.others().some((p) => p.state['viewing'] === secrets.presence),
    );
    await eventually(
      'b to read the note',
      () => b.workspace.document('note-1').getMap('note').get('body') === secrets.note,
    );
    // The round and the ballot cross the relay both ways: b reads a's round and votes in it, a
    // counts b's ballot, and b reads the result, which is b's ranking: the secrets scanned for
    // below are what the members decrypted.
    await eventually('b to read the round', () =>
      readRounds(voting(b, workspaceId)).some((r) => r.title === secrets.round),
    );
    castBallot(voting(b, workspaceId), b.identity, roundId, ranking);
    await eventually('a to hold b’s ballot', () =>
      readRounds(voting(a, workspaceId)).some((r) => r.voted.includes(b.workspace.me)),
    );
    closeRound(voting(a, workspaceId), a.identity, roundId);
    await eventually('b to read the result', () => readRounds(voting(b, workspaceId))[0]?.close !== null);
    const [result] = readRounds(voting(b, workspaceId));
    expect(result!.verification?.verified).toBe(true);
    expect(JSON.stringify(result!.close!.order)).toBe(secrets.ballot);

    await a.connection.upToDate(10_000);
    await b.connection.upToDate(10_000);
    await relay.close(); // flushes the store to disk

    const wireText = Buffer.concat(wire.payloads());
    const diskText = Buffer.concat(filesUnder(relay.dataDir));
    expect(wireText.includes(control)).toBe(true);
    expect(diskText.includes(control)).toBe(true);
    for (const [what, secret] of Object.entries(secrets)) {
      expect(wireText.includes(secret), `${what} on the wire`).toBe(false);
      expect(diskText.includes(secret), `${what} on the relay's disk`).toBe(false);
    }
  });
});
