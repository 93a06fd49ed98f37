import * as Y from 'yjs';

import { BundleRefused, DAMAGED, openBundle, sealBundle } from '../bundles';
import type { BundleContent, BundleProgress, BundleSection } from '../bundles';
import { memberIdOf } from '../crypto';
import type { Identity } from '../crypto';
import { compartmentMembers, computeRoster } from '../membership';
import type { Roster } from '../membership';
import { ROSTER_LIST } from '../protocol';
import { applyBundle, entriesOf } from './bundleImport';
import type { BundleImport } from './bundleImport';
import type { OpenWorkspace } from './OpenWorkspace';

export type { BundleImport, BundleSummary } from './bundleImport';

/** The directory's section: roster and key log. Every other section is a compartment's room. */
export const DIRECTORY = '';

/** "What I already have": a sealed, signed state file for the other side's export. */
export async function makeStateFile(ow: OpenWorkspace): Promise<Uint8Array> {
  const sections: BundleSection[] = [{ room: DIRECTORY, data: Y.encodeStateVector(ow.transport) }];
  for (const [c, room] of ow.workspace.rooms()) sections.push({ room: c, data: Y.encodeStateVector(room.transport) });
  const members = [...ow.workspace.roster.members.values()];
  return sealBundle(
    { kind: 'state', workspaceId: ow.workspaceId, sections },
    ow.identity,
    members.map((m) => m.boxPublicKey),
  );
}

export interface BundleExportOptions {
  /** A state file the other side handed over: only what it lacks goes in. None: everything. */
  since?: Uint8Array;
  /** Compartment ids to carry (default: every room this member holds). */
  compartments?: readonly string[];
  /** Member ids to seal it for (default: every current member in all of the carried compartments). */
  recipients?: readonly string[];
  onProgress?: (p: BundleProgress) => void;
}

export interface BundleExport {
  file: Uint8Array;
  bytes: number;
  /** Content envelopes carried (doc:* list entries), over every room. */
  envelopes: number;
  compartments: string[];
  recipients: string[];
}

/**
 * A bundle of the transport documents' Yjs updates (never a copied database): the directory and the
 * rooms of the carried compartments, and no other room; with `since`, only what that side lacks.
 */
export async function exportBundle(ow: OpenWorkspace, options: BundleExportOptions = {}): Promise<BundleExport> {
  ow.workspace.flush(); // edits still in their batching window are sealed and go in
  const roster = ow.workspace.roster;
  const compartments = [...new Set(options.compartments ?? ow.workspace.rooms().keys())];
  for (const c of compartments)
    if (!ow.workspace.room(c)) throw new BundleRefused(`you are not in compartment ${c}: you cannot export its room`);
  const recipients = recipientsOf(roster, compartments, options.recipients);
  const since = options.since ? stateVectorsOf(ow, options.since) : new Map<string, Uint8Array>();
  const sections: BundleSection[] = [{ room: DIRECTORY, data: Y.encodeStateAsUpdate(ow.transport, since.get('')) }];
  let envelopes = 0;
  for (const c of compartments) {
    const data = Y.encodeStateAsUpdate(ow.workspace.room(c)!.transport, since.get(c));
    envelopes += entriesOf(data).length;
    sections.push({ room: c, data });
  }
  const total = sections.reduce((n, s) => n + s.data.length, 0);
  options.onProgress?.({ phase: 'sealing', done: 0, total });
  const file = sealBundle(
    { kind: 'bundle', workspaceId: ow.workspaceId, sections },
    ow.identity,
    recipients.map((id) => roster.members.get(id)!.boxPublicKey),
  );
  options.onProgress?.({ phase: 'sealing', done: total, total });
  return { file, bytes: file.byteLength, envelopes, compartments, recipients };
}

/**
 * Opens a bundle's outer layer with this identity: which workspace it is for (the CLI picks the
 * profile's workspace from it). Throws BundleRefused (damaged, not addressed to you).
 */
export function peekBundle(file: Uint8Array, identity: Identity): { workspaceId: string; kind: 'bundle' | 'state' } {
  const { workspaceId, kind } = openBundle(file, identity);
  return { workspaceId, kind };
}

/**
 * Imports a bundle: every check on the file and its exporter runs before anything is applied;
 * then each section is applied as the wire's updates are, so every envelope passes exactly the
 * wire's checks. Throws BundleRefused and applies NOTHING for a bundle it refuses.
 */
export async function importBundle(
  ow: OpenWorkspace,
  file: Uint8Array,
  options: { onProgress?: (p: BundleProgress) => void } = {},
): Promise<BundleImport> {
  options.onProgress?.({ phase: 'reading', done: 0, total: file.byteLength });
  const content = openBundle(file, ow.identity);
  options.onProgress?.({ phase: 'reading', done: file.byteLength, total: file.byteLength });
  if (content.kind !== 'bundle')
    throw new BundleRefused('this is a state file, not a bundle: the other side exports with it (--since)');
  if (content.workspaceId !== ow.workspaceId) throw new BundleRefused('this bundle is for another workspace');
  // Who signed it first: a stranger's sections are never handed to the Yjs decoder (only the
  // directory's, to learn whether the bundle's own roster entries make its exporter a member).
  checkExporter(ow, content);
  for (const s of content.sections) if (!updateReadable(s.data)) throw new BundleRefused(DAMAGED);
  return applyBundle(ow, content, options.onProgress);
}

/**
 * The exporter must be a current member of the roster made from this member's entries and the
 * bundle's: a removal either side knows counts, so a removed member's bundle is refused.
 */
function checkExporter(ow: OpenWorkspace, content: BundleContent): void {
  const merged = new Y.Doc();
  try {
    Y.applyUpdate(merged, Y.encodeStateAsUpdate(ow.transport));
    const directory = content.sections.find((s) => s.room === DIRECTORY);
    if (directory) Y.applyUpdate(merged, directory.data);
    const roster = computeRoster(ow.workspaceId, merged.getArray<Uint8Array>(ROSTER_LIST).toArray());
    const exporter = memberIdOfKey(content.exporter);
    if (roster.removed.has(exporter))
      throw new BundleRefused('this bundle was signed by a member removed from this workspace');
    if (!roster.members.has(exporter))
      throw new BundleRefused('this bundle was signed by someone who is not a member of this workspace');
  } catch (e) {
    throw e instanceof BundleRefused ? e : new BundleRefused(DAMAGED);
  } finally {
    merged.destroy();
  }
}

/** Who a bundle of `compartments` may be sealed for: members in every one of them. */
function recipientsOf(roster: Roster, compartments: string[], requested?: readonly string[]): string[] {
  const allowed = new Set(roster.members.keys());
  for (const c of compartments) {
    const inside = compartmentMembers(roster, c);
    for (const id of allowed) if (!inside.has(id)) allowed.delete(id);
  }
  const chosen = [...new Set(requested ?? [...allowed].sort())];
  for (const id of chosen) {
    if (!roster.members.has(id)) throw new BundleRefused(`${id} is not a current member of this workspace`);
    if (!allowed.has(id))
      throw new BundleRefused(
        `${id} is not in every compartment this bundle carries: it would hold what it may not read`,
      );
  }
  if (chosen.length === 0) throw new BundleRefused('nobody may read every compartment this bundle carries');
  return chosen;
}

/** The state vectors of a state file: this workspace's, signed by a current member. */
function stateVectorsOf(ow: OpenWorkspace, stateFile: Uint8Array): Map<string, Uint8Array> {
  const state = openBundle(stateFile, ow.identity);
  if (state.kind !== 'state') throw new BundleRefused('this file is a bundle, not a state file');
  if (state.workspaceId !== ow.workspaceId) throw new BundleRefused('this state file is for another workspace');
  if (!ow.workspace.roster.members.has(memberIdOfKey(state.exporter)))
    throw new BundleRefused('this state file was signed by someone who is not a current member of this workspace');
  const out = new Map<string, Uint8Array>();
  for (const s of state.sections) {
    try {
      Y.decodeStateVector(s.data);
    } catch {
      throw new BundleRefused('this state file is damaged');
    }
    out.set(s.room, s.data);
  }
  return out;
}

function updateReadable(update: Uint8Array): boolean {
  try {
    Y.decodeUpdate(update);
    return true;
  } catch {
    return false;
  }
}

const memberIdOfKey = (signPublicKey: Uint8Array): string => memberIdOf({ signPublicKey });
