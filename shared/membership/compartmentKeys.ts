import type * as Y from 'yjs';

import { generateSymmetricKey, memberIdOf, wipe } from '../crypto';
import type { Identity } from '../crypto';
import { entryIdOf, KEY_LIST, LOCAL_ORIGIN, ROSTER_LIST } from '../protocol';
import { asAdmin } from './asAdmin';
import {
  compartmentMembers,
  coreCompartmentId,
  createCompartmentAddEntry,
  createCompartmentEntry,
  createCompartmentLabelEntry,
  createCompartmentRemoveEntry,
  defaultMarking,
  scopeOf,
  sealLabel,
} from './compartments';
import { createKeyEntry, openKeyring, requiredEpoch } from './keyLog';
import type { Compartment, CompartmentKind, Roster, ScopeRotations } from './roster';
import { streamCutOf } from './streamCutOf';

/**
 * Compartment changes with their keys (ADR 0012 §2, §3): each is one transaction of the directory,
 * so the entry and the wraps it needs arrive together, as a removal and its rotation always have.
 */

export interface NewCompartment {
  kind: CompartmentKind;
  title: string;
  /** TLP 2.0 followed by the audience; the kind's default when absent. */
  marking?: string;
  /** Partners for a releasable compartment (the core is in it anyway), core members for a restricted one. */
  members: readonly string[];
}

/** The compartment, if it exists and is not the core; else a sentence saying why not. */
function compartmentOf(roster: Roster, workspaceId: string, compartmentId: string): Compartment {
  if (compartmentId === coreCompartmentId(workspaceId))
    throw new Error('the core (Task force) is every member but partners: change the role instead');
  const c = roster.compartments.get(compartmentId);
  if (!c) throw new Error('no such compartment in this workspace');
  return c;
}

/** A member may be listed in a compartment of this kind: partners in releasable ones, core members in restricted ones. */
function checkListable(roster: Roster, kind: CompartmentKind, memberId: string): void {
  const m = roster.members.get(memberId);
  if (!m) throw new Error(`no such member in this workspace: ${memberId}`);
  if (kind === 'restricted' && m.role === 'partner') throw new Error('a partner cannot be in a restricted compartment');
  if (kind === 'releasable' && m.role !== 'partner')
    throw new Error('every core member is in a releasable compartment already: list partners only');
}

/** Makes a compartment: its entry, its epoch-0 key wrapped for every member of it, its sealed label. Returns its id. */
export function createCompartment(
  transport: Y.Doc,
  workspaceId: string,
  admin: Identity,
  spec: NewCompartment,
  now: number,
): string {
  const roster = asAdmin(transport, workspaceId, admin, now);
  const listed = [...new Set(spec.members)];
  for (const m of listed) checkListable(roster, spec.kind, m);
  const core = [...roster.members.values()].filter((m) => m.role !== 'partner').map((m) => m.memberId);
  const members = spec.kind === 'releasable' ? [...core, ...listed] : [...new Set([...listed, memberIdOf(admin)])];
  const key = generateSymmetricKey();
  try {
    const label = sealLabel(workspaceId, key, 0, {
      title: spec.title,
      marking: spec.marking ?? defaultMarking(spec.kind, spec.title.trim()),
    });
    const entry = createCompartmentEntry(workspaceId, admin, spec.kind, listed, label, now, roster.heads);
    const compartmentId = entryIdOf(entry);
    transport.transact(() => {
      transport.getArray<Uint8Array>(ROSTER_LIST).push([entry]);
      transport
        .getArray<Uint8Array>(KEY_LIST)
        .push(members.map((m) => createKeyEntry(workspaceId, 0, key, roster.members.get(m)!, admin, compartmentId)));
    }, LOCAL_ORIGIN);
    return compartmentId;
  } finally {
    wipe(key);
  }
}

/** Adds a member to a compartment, with every key of it this admin holds wrapped for the member (its history). */
export function addToCompartment(
  transport: Y.Doc,
  workspaceId: string,
  admin: Identity,
  compartmentId: string,
  memberId: string,
  now: number,
): void {
  const roster = asAdmin(transport, workspaceId, admin, now);
  const c = compartmentOf(roster, workspaceId, compartmentId);
  checkListable(roster, c.kind as CompartmentKind, memberId);
  if (compartmentMembers(roster, compartmentId).has(memberId)) throw new Error('that member is in this compartment');
  const member = roster.members.get(memberId)!;
  const keys = openKeyring(workspaceId, transport.getArray(KEY_LIST).toArray(), roster, admin, compartmentId);
  const entry = createCompartmentAddEntry(workspaceId, admin, compartmentId, memberId, now, roster.heads);
  transport.transact(() => {
    transport.getArray<Uint8Array>(ROSTER_LIST).push([entry]);
    transport
      .getArray<Uint8Array>(KEY_LIST)
      .push(
        keys.entries().map(([epoch, key]) => createKeyEntry(workspaceId, epoch, key, member, admin, compartmentId)),
      );
  }, LOCAL_ORIGIN);
  keys.wipe();
}

/**
 * Takes a member out of a compartment and rotates its key in the same step: the fresh key is wrapped
 * for every remaining member, never for the one taken out, so it reads nothing written there from
 * now on. `room` holds the compartment's envelope lists (the member's streams are cut there); the
 * directory itself until rooms exist. Returns the compartment's new epoch.
 */
export function removeFromCompartment(
  transport: Y.Doc,
  workspaceId: string,
  admin: Identity,
  compartmentId: string,
  memberId: string,
  now: number,
  room: Y.Doc = transport,
): number {
  const roster = asAdmin(transport, workspaceId, admin, now);
  const c = compartmentOf(roster, workspaceId, compartmentId);
  const members = compartmentMembers(roster, compartmentId);
  if (!members.has(memberId)) throw new Error('that member is not in this compartment');
  if (!c.listed.has(memberId))
    throw new Error('every core member is in a releasable compartment: change its role to take it out');
  const admins = [...members].filter((m) => roster.members.get(m)?.role === 'admin');
  if (c.kind === 'restricted' && admins.length === 1 && admins[0] === memberId)
    throw new Error('that is the last admin in this restricted compartment: add another admin first');
  const { rotation, keyEntries } = rotate(transport, workspaceId, admin, roster, c, memberId, room);
  const entry = createCompartmentRemoveEntry(workspaceId, admin, compartmentId, memberId, rotation.epoch, now, {
    prev: roster.heads,
    ...(rotation.cut ? { cut: rotation.cut, held: rotation.held } : {}),
  });
  transport.transact(() => {
    transport.getArray<Uint8Array>(ROSTER_LIST).push([entry]);
    transport.getArray<Uint8Array>(KEY_LIST).push(keyEntries);
  }, LOCAL_ORIGIN);
  return rotation.epoch;
}

/** Labels a compartment (the core's too) under its current key, which this admin must hold. */
export function setCompartmentLabel(
  transport: Y.Doc,
  workspaceId: string,
  admin: Identity,
  compartmentId: string,
  label: { title: string; marking: string },
  now: number,
): void {
  const roster = asAdmin(transport, workspaceId, admin, now);
  if (!roster.compartments.has(compartmentId)) throw new Error('no such compartment in this workspace');
  const scope = scopeOf(workspaceId, compartmentId);
  const keys = openKeyring(workspaceId, transport.getArray(KEY_LIST).toArray(), roster, admin, scope);
  const epoch = keys.current();
  const key = epoch === null ? undefined : keys.sealing(epoch);
  try {
    if (epoch === null || !key) throw new Error('you hold no key of this compartment: a member of it must label it');
    const entry = createCompartmentLabelEntry(
      workspaceId,
      admin,
      compartmentId,
      sealLabel(workspaceId, key, epoch, label),
      now,
      roster.heads,
    );
    transport.transact(() => transport.getArray<Uint8Array>(ROSTER_LIST).push([entry]), LOCAL_ORIGIN);
  } finally {
    keys.wipe();
  }
}

/**
 * The rotations a removal or role change makes for the compartments (other than the core) `memberId`
 * leaves in it: the entry's `scopes` and the key wraps to push in the same transaction.
 */
export function scopeRotations(
  transport: Y.Doc,
  workspaceId: string,
  admin: Identity,
  roster: Roster,
  memberId: string,
  leaving: readonly Compartment[],
  rooms: (compartmentId: string) => Y.Doc = () => transport,
  /** The member stays in them (it only loses the right to write): the fresh keys are wrapped for it too. */
  stays = false,
): { scopes: ScopeRotations; keyEntries: Uint8Array[] } {
  const scopes: ScopeRotations = {};
  const keyEntries: Uint8Array[] = [];
  for (const c of leaving) {
    const done = rotate(transport, workspaceId, admin, roster, c, memberId, rooms(c.compartmentId), stays);
    scopes[c.compartmentId] = done.rotation;
    keyEntries.push(...done.keyEntries);
  }
  return { scopes, keyEntries };
}

/** The compartments other than the core `memberId` is in, and would not be in with `role` (null: removed). */
export function compartmentsLeft(roster: Roster, memberId: string, role: string | null): Compartment[] {
  return [...roster.compartments.values()].filter((c) => {
    if (c.kind === 'core' || !compartmentMembers(roster, c.compartmentId).has(memberId)) return false;
    if (role === null) return true;
    // A partner is in a releasable compartment only if listed, and never in a restricted one.
    return role === 'partner' && (c.kind === 'restricted' || !c.listed.has(memberId));
  });
}

/** A fresh key of the compartment's next epoch, wrapped for its members but `leaving`, and `leaving`'s cut in `room`. */
function rotate(
  transport: Y.Doc,
  workspaceId: string,
  admin: Identity,
  roster: Roster,
  c: Compartment,
  leaving: string,
  room: Y.Doc,
  stays = false,
): { rotation: ScopeRotations[string]; keyEntries: Uint8Array[] } {
  const entries = transport.getArray(KEY_LIST).toArray();
  const keys = openKeyring(workspaceId, entries, roster, admin, c.compartmentId);
  const held = keys.current();
  keys.wipe();
  // An admin outside a restricted compartment holds none of its keys, but rotates past what it can see.
  const epoch = Math.max(held ?? -1, c.epoch, requiredEpoch(workspaceId, entries, roster, held, c.compartmentId)) + 1;
  const key = generateSymmetricKey();
  const remaining = [...compartmentMembers(roster, c.compartmentId)].filter((m) => stays || m !== leaving);
  const keyEntries = remaining.map((m) =>
    createKeyEntry(workspaceId, epoch, key, roster.members.get(m)!, admin, c.compartmentId),
  );
  wipe(key);
  const member = roster.members.get(leaving);
  const cut = member ? streamCutOf(room, workspaceId, member.signPublicKey) : null;
  return { rotation: { epoch, ...(cut ? { cut: cut.cut, held: cut.held } : {}) }, keyEntries };
}
