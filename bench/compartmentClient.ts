import * as Y from 'yjs';

import type { Identity } from '../shared/crypto';
import { MergedBoard } from '../shared/compartments';
import { ENTITIES, facts, LINKS, NOTES, ORGS, OUTCOMES, str } from '../shared/model';
import { WORKSPACE_DOC_ID } from '../shared/protocol';
import { RelayConnection, SecureWorkspace } from '../shared/sync';
import { connectRelay, nodePlatform } from '../cli';
import { now, POLL_MS, sleep } from './harness';

/**
 * A member's client with rooms (ADR 0012 §5) as the product runs it in Node: SecureWorkspace opens a
 * room per compartment the roster puts it in, and each room gets its own connection to the relay.
 * What C1 and C2 measure through.
 */
export interface RoomsClient {
  workspace: SecureWorkspace;
  /** Compartment id → the room's transport document. */
  transports: Map<string, Y.Doc>;
  /** Compartment id → the room's decrypted `workspace` document (ADR 0012 §1), opened on first use. */
  contents(): Map<string, Y.Doc>;
  /** The directory and every room up to date with the relay (and it with us). */
  upToDate(timeoutMs: number): Promise<void>;
  destroy(): void;
}

export function connectRoomsClient(
  relayUrl: string,
  workspaceId: string,
  identity: Identity,
  directory: Y.Doc,
  batchMs = 10,
): RoomsClient {
  const transports = new Map<string, Y.Doc>();
  const connections = new Map<string, RelayConnection>();
  const workspace = new SecureWorkspace({
    workspaceId,
    identity,
    transport: directory,
    batchMs,
    schedule: nodePlatform.schedule,
    openRoom: (id) => {
      const doc = transports.get(id) ?? new Y.Doc();
      transports.set(id, doc);
      if (!connections.has(id))
        connections.set(id, RelayConnection.forRoom(relayUrl, workspaceId, id, doc, identity, nodePlatform));
      return doc;
    },
    closeRoom: (id) => {
      connections.get(id)?.destroy();
      connections.delete(id);
      transports.delete(id);
    },
  });
  const directoryConnection = connectRelay(relayUrl, workspaceId, directory, identity);
  return {
    workspace,
    transports,
    contents: () =>
      new Map([...workspace.rooms()].map(([id, room]) => [id, room.document(WORKSPACE_DOC_ID)] as [string, Y.Doc])),
    upToDate: async (timeoutMs) => {
      await directoryConnection.upToDate(timeoutMs, POLL_MS);
      await Promise.all([...connections.values()].map((c) => c.upToDate(timeoutMs, POLL_MS)));
    },
    destroy: () => {
      directoryConnection.destroy();
      for (const c of connections.values()) c.destroy();
      workspace.destroy();
    },
  };
}

/** Resolves once `count` rooms are open (the directory has brought the roster and its keys). */
export async function roomsOpen(client: RoomsClient, count: number, timeoutMs: number): Promise<void> {
  const deadline = now() + timeoutMs;
  while (client.workspace.rooms().size < count) {
    if (now() > deadline)
      throw new Error(`${client.workspace.rooms().size} of ${count} rooms open after ${timeoutMs} ms`);
    await sleep(POLL_MS);
  }
}

const FACT_NAMES = [ORGS, ENTITIES, LINKS, OUTCOMES, NOTES];

/**
 * Copies every fact of `source` (one document, as seedDemoWorkspace writes it) into the room of its
 * organization's compartment: content without history, as a move writes it (ADR 0012 §6). Seals an
 * envelope every `flushEvery` facts, as typing would; returns how many facts were copied.
 */
export function splitFacts(
  source: Y.Doc,
  targets: Map<string, Y.Doc>,
  compartmentOfOrg: (org: string) => string,
  flush: () => void,
  flushEvery: number,
): number {
  let copied = 0;
  for (const name of FACT_NAMES) {
    facts(source, name).forEach((fact, id) => {
      const org = name === ORGS ? id : str(fact, 'org');
      const doc = targets.get(compartmentOfOrg(org));
      if (!doc) throw new Error(`no room for organization ${org}`);
      doc.transact(() => {
        const copy = new Y.Map<unknown>();
        for (const [k, v] of fact.entries()) copy.set(k, v);
        facts(doc, name).set(id, copy);
      });
      if (++copied % flushEvery === 0) flush();
    });
  }
  flush();
  return copied;
}

/** The cards a member's merged board shows over `contents`, read once. */
export function boardCards(client: SecureWorkspace, contents: Map<string, Y.Doc>): number {
  const board = new MergedBoard(contents, client.roster, client.me);
  const cards = board.read().reduce((n, lane) => n + lane.cards.length, 0);
  board.destroy();
  return cards;
}
