import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { docs, getPersistence, getYDoc, setupWSConnection } from '@y/websocket-server/utils';
import WebSocket, { WebSocketServer } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

import { generateIdentity } from '../shared/crypto';
import type { Identity } from '../shared/crypto';
import { addInvite, completeJoin, createWorkspaceTransport } from '../shared/membership';
import { SecureWorkspace } from '../shared/sync';
import { snapshotIncludes } from '../shared/protocol';
import type { RelayConnection } from '../shared/sync';
import { connectRelay, nodePlatform } from '../cli';
import { startRelay } from '../relay';

/**
 * The three ways a content document travels in these benchmarks:
 * - `plain`: stock y-websocket (the `@y/websocket-server` utils in a bare http+ws server, no
 *   access control, no store): the baseline;
 * - `relay-plain`: the content document itself through our relay (access control, rate limits,
 *   message gate, LevelDB store), no encryption: isolates what the relay costs;
 * - `encrypted`: the real thing: SecureWorkspace members, envelopes in a transport document,
 *   carried by RelayConnection through the relay.
 */
export type PathMode = 'plain' | 'relay-plain' | 'encrypted';
export const PATH_MODES: PathMode[] = ['plain', 'relay-plain', 'encrypted'];

/** How often "up to date" is polled, the same for every mode (RelayConnection's default is 50 ms). */
export const POLL_MS = 10;

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
export const now = (): number => performance.now();

export interface BenchServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Stock y-websocket on 127.0.0.1 with a `GET /<room>/snapshot` answer — the same snapshot the relay
 * answers over its WebSocket (MESSAGE_STATE_QUERY) — so that "up to date" is decided the same way for the baseline. Must not run alongside the relay: both
 * use the module-global document map of `@y/websocket-server/utils`.
 */
export async function startPlainServer(): Promise<BenchServer> {
  if (getPersistence() !== null) throw new Error('a relay (with persistence) is still running in this process');
  const rooms = new Set<string>();
  const roomOf = (url: string | undefined): string[] =>
    new URL(url ?? '/', 'http://plain.invalid').pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const wss = new WebSocketServer({ noServer: true });
  const server = createServer((req, res) => {
    const [room, what] = roomOf(req.url);
    if (req.method === 'GET' && room && what === 'snapshot') {
      const snapshot = Y.encodeSnapshot(Y.snapshot(getYDoc(room)));
      res.writeHead(200, { 'Content-Type': 'application/octet-stream' }).end(Buffer.from(snapshot));
      return;
    }
    res.writeHead(404).end();
  });
  server.on('upgrade', (req, socket, head) => {
    const [room] = roomOf(req.url);
    if (!room) return socket.destroy();
    rooms.add(room);
    wss.handleUpgrade(req, socket, head, (ws) => setupWSConnection(ws, req, { docName: room }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    close: async () => {
      const closed = [...wss.clients].map((ws) => new Promise((resolve) => ws.once('close', resolve)));
      for (const ws of wss.clients) ws.close(1001, 'bench done');
      await Promise.race([Promise.all(closed), sleep(2000)]);
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      // Without persistence the stock server never forgets a room: forget ours.
      for (const room of rooms) {
        docs.get(room)?.destroy();
        docs.delete(room);
      }
    },
  };
}

/** The relay exactly as `npm run relay` starts it, on 127.0.0.1 with a throwaway store. */
export async function startBenchRelay(): Promise<BenchServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'unity-bench-relay-'));
  const relay = await startRelay({ host: '127.0.0.1', port: 0, dataDir });
  return {
    url: relay.url,
    close: async () => {
      await relay.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const startServerFor = (mode: PathMode): Promise<BenchServer> =>
  mode === 'plain' ? startPlainServer() : startBenchRelay();

export interface Member {
  identity: Identity;
  transport: Y.Doc;
}

export interface Table {
  workspaceId: string;
  /** members[0] is the admin who created the workspace; the others joined by invite. */
  members: Member[];
}

/** A workspace with `size` members, set up in memory the way SecureWorkspace.test.ts does it. */
export function createTable(size: number): Table {
  const admin = generateIdentity();
  const adminTransport = new Y.Doc();
  const workspaceId = createWorkspaceTransport(adminTransport, admin, Date.now());
  const identities = [admin];
  for (let i = 1; i < size; i++) {
    const seed = addInvite(adminTransport, workspaceId, admin, 'analyst', Date.now() + 3_600_000, Date.now());
    const joining = new Y.Doc();
    Y.applyUpdate(joining, Y.encodeStateAsUpdate(adminTransport));
    const identity = generateIdentity();
    completeJoin(joining, workspaceId, seed, identity, Date.now());
    Y.applyUpdate(adminTransport, Y.encodeStateAsUpdate(joining, Y.encodeStateVector(adminTransport)));
    joining.destroy();
    identities.push(identity);
  }
  const state = Y.encodeStateAsUpdate(adminTransport);
  return {
    workspaceId,
    members: identities.map((identity, i) => {
      if (i === 0) return { identity, transport: adminTransport };
      const transport = new Y.Doc();
      Y.applyUpdate(transport, state);
      return { identity, transport };
    }),
  };
}

/** One person's client: the content document they edit, and how it travels. */
export interface BenchClient {
  readonly mode: PathMode;
  /** The content document (for `relay-plain`, the transport document itself). */
  readonly doc: Y.Doc;
  /** What the provider carries (the content document, except when encrypted). */
  readonly transport: Y.Doc;
  readonly workspace: SecureWorkspace | null;
  readonly provider: WebsocketProvider;
  connect(): void;
  disconnect(): void;
  /** We hold everything the server holds and it holds everything we do (RelayConnection.upToDate). */
  upToDate(timeoutMs: number): Promise<void>;
  /** Seals pending local edits into an envelope now (encrypted only). */
  flush(): void;
  destroy(): void;
}

export interface ClientOptions {
  /** Content document id for the encrypted path. */
  docId: string;
  /** SecureWorkspace batching window (default 10 ms, the product default). */
  batchMs?: number;
  /** SecureWorkspace timer seam: nodePlatform.schedule (setTimeout) unless given. */
  schedule?: (fn: () => void, ms: number) => () => void;
  /** SecureWorkspace automatic compaction threshold (the product default unless given; Infinity: off). */
  compactAbove?: number;
}

/** A stock y-websocket client of the plain server. */
export function plainClient(serverUrl: string, room: string): BenchClient {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(serverUrl, room, doc, {
    WebSocketPolyfill: WebSocket as never,
    disableBc: true,
    maxBackoffTime: 5000,
  });
  const httpBase = serverUrl.replace(/^ws/, 'http');
  return {
    mode: 'plain',
    doc,
    transport: doc,
    workspace: null,
    provider,
    connect: () => provider.connect(),
    disconnect: () => provider.disconnect(),
    // The same test as RelayConnection.upToDate, against the plain server's snapshot answer.
    upToDate: async (timeoutMs) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if (provider.synced) {
          const answer = await fetch(`${httpBase}/${room}/snapshot`).catch(() => null);
          const body = answer?.status === 200 ? new Uint8Array(await answer.arrayBuffer()) : null;
          if (body && snapshotIncludes(Y.decodeSnapshot(body), Y.snapshot(doc))) return;
        }
        if (Date.now() > deadline) throw new Error(`plain client not up to date after ${timeoutMs} ms`);
        await sleep(POLL_MS);
      }
    },
    flush: () => {},
    destroy: () => {
      provider.destroy();
      doc.destroy();
    },
  };
}

function relayClient(
  mode: PathMode,
  serverUrl: string,
  workspaceId: string,
  member: Member,
  doc: Y.Doc,
  workspace: SecureWorkspace | null,
): BenchClient {
  const connection: RelayConnection = connectRelay(serverUrl, workspaceId, member.transport, member.identity);
  return {
    mode,
    doc,
    transport: member.transport,
    workspace,
    provider: connection.provider,
    connect: () => connection.connect(),
    disconnect: () => connection.disconnect(),
    upToDate: (timeoutMs) => connection.upToDate(timeoutMs, POLL_MS),
    flush: () => workspace?.flush(),
    destroy: () => {
      connection.destroy();
      workspace?.destroy();
      member.transport.destroy();
    },
  };
}

/**
 * A client of `mode`. For `plain`, every client joins the y-websocket room named after the table's
 * workspace; for the relay modes the room is the workspace and `table.members[memberIndex]` connects.
 */
export function createClient(
  mode: PathMode,
  serverUrl: string,
  table: Table,
  memberIndex: number,
  options: ClientOptions,
): BenchClient {
  const member = table.members[memberIndex];
  if (!member) throw new Error(`no member ${memberIndex}`);
  if (mode === 'plain') return plainClient(serverUrl, `plain-${table.workspaceId}`);
  if (mode === 'relay-plain') return relayClient(mode, serverUrl, table.workspaceId, member, member.transport, null);
  const workspace = new SecureWorkspace({
    workspaceId: table.workspaceId,
    identity: member.identity,
    transport: member.transport,
    batchMs: options.batchMs ?? 10,
    schedule: options.schedule ?? nodePlatform.schedule,
    ...(options.compactAbove === undefined ? {} : { compactAbove: options.compactAbove }),
  });
  const doc = workspace.document(options.docId);
  return relayClient(mode, serverUrl, table.workspaceId, member, doc, workspace);
}

/** Resolves when `done()` holds, checking every `everyMs`; rejects after `timeoutMs`. */
export async function until(done: () => boolean, timeoutMs: number, what: string, everyMs = 2): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** True if `a` has every insertion `b` has (state vectors). */
export function hasAllOf(a: Y.Doc, b: Y.Doc): boolean {
  const sa = Y.decodeStateVector(Y.encodeStateVector(a));
  for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(b))) {
    if ((sa.get(client) ?? 0) < clock) return false;
  }
  return true;
}

/** Connects every client (the first alone, so a new room is opened by its creator) and waits until all are up to date. */
export async function connectAll(clients: BenchClient[], timeoutMs: number): Promise<void> {
  const [first, ...rest] = clients;
  if (!first) return;
  await first.upToDate(timeoutMs);
  // Until the creator opened the room, the relay refused the others ("no such workspace", final
  // after a retry): they try again now that it exists.
  for (const c of rest) c.connect();
  await Promise.all(rest.map((c) => c.upToDate(timeoutMs)));
}

export function destroyAll(clients: BenchClient[]): void {
  for (const c of clients) c.destroy();
}

export type Log = (line: string) => void;
