import type * as Y from 'yjs';

import type { Identity } from '../crypto';
import { memberIdOf } from '../crypto';
import { computeRoster } from '../membership';
import { createRelayAuth, encodeRosterSeed, ROSTER_SEED_PATH, rosterSeedRoom, SEEDED_CLOSE } from '../protocol';

/** The relay's answer to a seed: its sentence, and for a refusal the close code (4000 + status). */
export type SeedOutcome = { ok: true; sentence: string } | { ok: false; code: number; reason: string };

/** The part of a platform WebSocket (the browser's, or `ws`) a seed uses. */
interface SeedSocket {
  binaryType: string;
  onopen: (() => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: (() => void) | null;
  send(data: Uint8Array): void;
}

/**
 * Whether `entries` prove `identity` a confirmed member of the workspace: what the relay will ask
 * of a seed, asked first here so an invite or a removed member's client never tries.
 */
export function mayBringRoster(
  workspaceId: string,
  entries: readonly unknown[],
  identity: Identity,
  now: number,
): boolean {
  const roster = computeRoster(workspaceId, entries, now);
  const me = memberIdOf(identity);
  return roster.members.has(me) && !roster.provisional.has(me);
}

/**
 * Brings a workspace to a relay that has never seen it (ADR 0014): one WebSocket to
 * `/<workspace id>/roster`, one frame with this member's directory as a Yjs update (its own items,
 * so its sync afterwards adds none), and the relay's answer as its close. A relay that cannot be
 * reached answers `{ok: false}` with code 1006.
 */
export function bringRoster(options: {
  relayUrl: string;
  workspaceId: string;
  identity: Identity;
  /** The member's directory transport: its roster and key lists (a `doc:*` list with content is refused). */
  directory: Y.Doc;
  /** The platform's WebSocket class (RelayConnection's `WebSocketClass`). */
  WebSocket: new (url: string) => object;
  now: () => number;
}): Promise<SeedOutcome> {
  const { relayUrl, workspaceId, identity, directory, now } = options;
  const auth = createRelayAuth(rosterSeedRoom(workspaceId), identity, now());
  const query = Object.entries(auth)
    .map(([k, v]) => `${k}=${encodeURIComponent(v as string)}`)
    .join('&');
  const url = `${relayUrl.replace(/\/+$/, '')}/${workspaceId}/${ROSTER_SEED_PATH}?${query}`;
  return new Promise((resolve) => {
    const ws = new options.WebSocket(url) as SeedSocket;
    ws.binaryType = 'arraybuffer';
    ws.onerror = () => {};
    ws.onopen = () => ws.send(encodeRosterSeed(directory));
    ws.onclose = ({ code, reason }) =>
      resolve(
        code === SEEDED_CLOSE
          ? { ok: true, sentence: reason }
          : { ok: false, code, reason: reason || `cannot reach the relay at ${relayUrl}` },
      );
  });
}
