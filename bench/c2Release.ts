import * as Y from 'yjs';

import { generateIdentity } from '../shared/crypto';
import { MergedBoard, moveFacts } from '../shared/compartments';
import { addInvite, completeJoin, coreCompartmentId, createCompartment } from '../shared/membership';
import { addEntity, addLink, addOrganization, addOutcome } from '../shared/model';
import type { Log } from './harness';
import { createTable, now, startBenchRelay } from './harness';
import { connectRoomsClient, roomsOpen } from './compartmentClient';
import type { Percentiles } from './p3Board';
import { distribution, quantile, ratio, round } from './stats';

/**
 * C2 (issue 13): an admin releases an organization with its 30 facts to a releasable compartment
 * (moveFacts); the clock runs until a partner's client, connected through the relay, shows the card
 * and its 30 facts on its merged board. Baseline: the same 31 facts simply added in the partner's room.
 */
export interface C2Config {
  releases: number;
  /** Of the 30 facts: network entries and outcomes (the rest are links between the entries). */
  entities: number;
  outcomes: number;
  timeoutMs: number;
}

export interface C2Result {
  config: C2Config;
  notes: string[];
  factsPerOrganization: number;
  release: Percentiles;
  /** Of a release: moveFacts itself on the admin's client (writing both rooms, signing the moved records). */
  move: Percentiles;
  /** Each release in order (is it the same for the first and the twentieth organization?). */
  releaseRuns: number[];
  baseline: Percentiles;
  /** release / baseline. */
  ratios: { p50: number; p95: number };
}

const NOTES = [
  'One workspace: an admin (core and the releasable compartment, a room and a relay connection each) and a partner (directory and the releasable room only), both SecureWorkspace clients through the relay on 127.0.0.1. The admin holds `releases` organizations in the core, each with 30 facts (network entries, links between them, outcomes); the partner’s board starts with none of them.',
  'release: moveFacts(organization → releasable) on the admin’s rooms, sealed by the product’s 10 ms batching → the partner’s MergedBoard (its onChange) shows the card with 30 facts. baseline: the admin adds an organization with the same 30 facts directly in the releasable room → the same. Releases and baselines alternate, after one untimed pair.',
];

export async function runC2(config: C2Config, log: Log): Promise<C2Result> {
  const relay = await startBenchRelay();
  const closers: Array<() => void> = [];
  try {
    const table = createTable(1);
    const { workspaceId } = table;
    const admin = table.members[0]!;
    const core = coreCompartmentId(workspaceId);
    const spec = { kind: 'releasable' as const, title: 'Sheriff', members: [] };
    const released = createCompartment(admin.transport, workspaceId, admin.identity, spec, Date.now());
    const seed = addInvite(
      admin.transport,
      workspaceId,
      admin.identity,
      'partner',
      Date.now() + 3_600_000,
      Date.now(),
      undefined,
      [released],
    );
    const partnerDirectory = new Y.Doc();
    Y.applyUpdate(partnerDirectory, Y.encodeStateAsUpdate(admin.transport));
    const partnerIdentity = generateIdentity();
    completeJoin(partnerDirectory, workspaceId, seed, partnerIdentity, Date.now());
    Y.applyUpdate(admin.transport, Y.encodeStateAsUpdate(partnerDirectory, Y.encodeStateVector(admin.transport)));

    const adminClient = connectRoomsClient(relay.url, workspaceId, admin.identity, admin.transport);
    closers.push(() => adminClient.destroy());
    await roomsOpen(adminClient, 2, config.timeoutMs);
    const rooms = adminClient.contents();
    const coreDoc = rooms.get(core)!;
    const orgs = Array.from({ length: config.releases + 1 }, (_, i) =>
      writeOrganization(coreDoc, `Released ${i}`, config),
    );
    const factsPerOrganization = 2 * config.entities - 1 + config.outcomes;
    await adminClient.upToDate(config.timeoutMs);

    const partner = connectRoomsClient(relay.url, workspaceId, partnerIdentity, partnerDirectory);
    closers.push(() => partner.destroy());
    await roomsOpen(partner, 1, config.timeoutMs);
    await partner.upToDate(config.timeoutMs);
    if (partner.workspace.room(core)) throw new Error('C2: the partner holds the core room');
    const board = new MergedBoard(partner.contents(), partner.workspace.roster, partner.workspace.me);
    closers.push(() => board.destroy());
    if (board.read().some((lane) => lane.cards.length > 0))
      throw new Error('C2: the partner sees cards before any release');

    const shown = (org: string) => {
      const network = board.network(org);
      return (
        board.card(org) !== undefined && network.entities.length + network.links.length + board.outcomes(org).length
      );
    };
    const seen = (org: () => string) =>
      new Promise<number>((resolve, reject) => {
        const t0 = now();
        let id = '';
        const timer = setTimeout(
          () => reject(new Error(`C2: not on the partner's board after ${config.timeoutMs} ms`)),
          config.timeoutMs,
        );
        const check = () => {
          if (id && shown(id) === factsPerOrganization) {
            stop();
            clearTimeout(timer);
            resolve(now() - t0);
          }
        };
        const stop = board.onChange(check);
        id = org();
        check();
      });

    log(
      `[C2] ${config.releases} releases of an organization with ${factsPerOrganization} facts, against as many additions…`,
    );
    const release: number[] = [];
    const baseline: number[] = [];
    const move: number[] = [];
    // Round 0 is untimed: the first release and addition of a run pay for compiling the code paths.
    for (let i = 0; i <= config.releases; i++) {
      let moveMs = 0;
      const releaseMs = await seen(() => {
        const t = now();
        moveFacts(adminClient.contents(), adminClient.workspace.roster, admin.identity, [orgs[i]!], released);
        moveMs = now() - t;
        return orgs[i]!;
      });
      const addedMs = await seen(() => writeOrganization(rooms.get(released)!, `Added ${i}`, config));
      if (i === 0) continue;
      release.push(releaseMs);
      move.push(moveMs);
      baseline.push(addedMs);
    }
    const percentiles = (samples: number[]) => ({ ...distribution(samples), p95: round(quantile(samples, 0.95)) });
    const result = {
      release: percentiles(release),
      move: percentiles(move),
      releaseRuns: release.map((x) => round(x)),
      baseline: percentiles(baseline),
    };
    log(
      `[C2] release → on the partner's board p50 ${Math.round(result.release.p50)} ms, p95 ${Math.round(result.release.p95)} ms; ` +
        `added → p50 ${Math.round(result.baseline.p50)} ms, p95 ${Math.round(result.baseline.p95)} ms`,
    );
    return {
      config,
      notes: NOTES,
      factsPerOrganization,
      ...result,
      ratios: {
        p50: ratio(result.release.p50, result.baseline.p50),
        p95: ratio(result.release.p95, result.baseline.p95),
      },
    };
  } finally {
    for (const close of closers.reverse()) close();
    await relay.close();
  }
}

/** An organization with `entities` network entries linked in a chain and `outcomes` outcomes, in one transaction. */
function writeOrganization(doc: Y.Doc, name: string, config: C2Config): string {
  let org = '';
  doc.transact(() => {
    org = addOrganization(doc, { name });
    const ids = Array.from({ length: config.entities }, (_, i) =>
      addEntity(doc, org, { kind: 'person', name: `${name} person ${i}`, detail: '' }),
    );
    for (let i = 1; i < ids.length; i++) addLink(doc, { from: ids[i - 1]!, to: ids[i]!, label: 'knows' });
    for (let i = 0; i < config.outcomes; i++)
      addOutcome(doc, org, { kind: 'arrest', date: '2026-01-01', agency: 'HSI', note: `${name} outcome ${i}` });
  });
  return org;
}
