import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type * as Y from 'yjs';

import { initCrypto } from '../shared/crypto';
import type { Identity } from '../shared/crypto';
import {
  createRelayAuth,
  docListName,
  encodeRosterSeed,
  NO_SUCH_WORKSPACE_ON_RELAY,
  ROSTER_SEED_MAX_BYTES,
  rosterSeedRoom,
  SEEDED_CLOSE,
} from '../shared/protocol';
import { bringRoster } from '../shared/sync';
import { nodePlatform } from '../cli';
import type { Relay } from './Relay';
import { DIRECTORY_HOLDS_CONTENT } from './RelayAccess';
import { ALREADY_HELD, MORE_THAN_A_ROSTER, SEEDED } from './RosterSeeding';
import { relayKit, rosterOnNoRelay } from './testkit/relayKit';

await initCrypto();

// A hostile review of the field relay's seed (issue 14, ADR 0014): an oversized frame, two
// members bringing different rosters at the same moment, and a seed update carrying more than a roster.

const { cleanup, relay } = relayKit('field-hostile-');

/** A workspace made on no relay: its admin and a confirmed analyst; `join()` confirms another. */
function workspace() {
  const { workspaceId, join, copy } = rosterOnNoRelay();
  const analyst = join();
  return { workspaceId, analyst, join, copy };
}

const query = (auth: object) =>
  Object.entries(auth)
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join('&');

/** A raw socket to `path` signed over `signed`: sends `frame` once open (if any), resolves with the close. */
function rawClose(r: Relay, path: string, signed: string, identity: Identity, frame?: Uint8Array) {
  return new Promise<[number, string] | 'served'>((resolve) => {
    const ws = new WebSocket(`${r.url}/${path}?${query(createRelayAuth(signed, identity, Date.now()))}`);
    cleanup.push(() => ws.terminate());
    ws.on('open', () => frame && ws.send(frame));
    ws.once('message', () => resolve('served'));
    ws.on('close', (code, why) => resolve([code, why.toString()]));
    ws.on('error', () => {});
  });
}

const seed = (r: Relay, workspaceId: string, identity: Identity, directory: Y.Doc) =>
  bringRoster({ relayUrl: r.url, workspaceId, identity, directory, WebSocket: nodePlatform.WebSocket, now: Date.now });

describe('a field relay against hostile seeds (review of issue 14)', () => {
  it('closes a seed frame over its limit with 1009 and stores nothing', async () => {
    const r = await relay();
    const w = workspace();
    const frame = new Uint8Array(ROSTER_SEED_MAX_BYTES + 1);
    const [code] = (await rawClose(r, `${w.workspaceId}/roster`, rosterSeedRoom(w.workspaceId), w.analyst, frame)) as [
      number,
      string,
    ];
    expect(code).toBe(1009);
    expect(await rawClose(r, w.workspaceId, w.workspaceId, w.analyst)).toEqual([4404, NO_SUCH_WORKSPACE_ON_RELAY]);
  });

  it('two members bringing different rosters at once: one is stored, the other told it is held', async () => {
    const r = await relay();
    const w = workspace();
    const before = w.copy(); // the first member's copy: a prefix of what the second holds
    const second = w.join();
    const answers = await Promise.all([
      seed(r, w.workspaceId, w.analyst, before),
      seed(r, w.workspaceId, second, w.copy()),
    ]);
    const sentences = answers.map((a) => (a.ok ? a.sentence : `refused ${a.code} ${a.reason}`)).sort();
    expect([
      [ALREADY_HELD, SEEDED].sort(),
      [SEEDED, `refused 4403 not a member of this workspace`].sort(),
    ]).toContainEqual(sentences);
    // Whichever won, the analyst both rosters hold is served the directory. If the prefix won, the
    // second member is refused there until someone the relay knows syncs the rest (ADR 0014).
    expect(await rawClose(r, w.workspaceId, w.workspaceId, w.analyst)).toBe('served');
  });

  it('refuses a confirmed member’s seed update carrying a document list with content or another root type, storing nothing; takes one whose content was moved out', async () => {
    const r = await relay();
    const w = workspace();
    const bring = (directory: Y.Doc) =>
      rawClose(r, `${w.workspaceId}/roster`, rosterSeedRoom(w.workspaceId), w.analyst, encodeRosterSeed(directory));
    const withContent = w.copy();
    const legacy = withContent.getArray<Uint8Array>(docListName('x'));
    legacy.push([new Uint8Array(32).fill(7)]);
    expect(await bring(withContent)).toEqual([4403, DIRECTORY_HOLDS_CONTENT]);
    const extraRoot = w.copy();
    extraRoot.getMap('probe').set('note', 'rides along with the roster');
    expect(await bring(extraRoot)).toEqual([4400, MORE_THAN_A_ROSTER]);
    expect(await rawClose(r, w.workspaceId, w.workspaceId, w.analyst)).toEqual([4404, NO_SUCH_WORKSPACE_ON_RELAY]);

    // A directory whose legacy content was moved to the core room keeps only deleted items there: taken.
    legacy.delete(0, 1);
    expect(await bring(withContent)).toEqual([SEEDED_CLOSE, SEEDED]);
    expect(await rawClose(r, w.workspaceId, w.workspaceId, w.analyst)).toBe('served');
  });
});
