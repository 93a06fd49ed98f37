import { z } from 'zod';

import {
  aeadOpen,
  aeadSeal,
  blake2b,
  concatBytes,
  fromBase64Url,
  fromUtf8,
  memberIdOf,
  NONCE_BYTES,
  SignatureDomain,
  toBase64Url,
  utf8,
} from '../crypto';
import type { Identity } from '../crypto';
import { encodeSignedEntry } from '../protocol';
import { inRosterReach } from './epochReach';
import { keyIdOf, WORKSPACE_SCOPE } from './keyLog';
import { COMPARTMENT_KINDS, WRITING_ROLES } from './roster';
import type { CausalFields, Compartment, CompartmentKind, Role, Roster, SealedLabel } from './roster';
import type { RosterNode } from './rosterDag';

/**
 * Compartments (ADR 0012 §2): named sets of members with keys of their own. The core ("Task force")
 * exists in every workspace without an entry; admins make the others with signed roster entries,
 * replayed with the rest of the roster (`compartmentReplay`, called by computeRoster).
 */

export const CORE_TITLE = 'Task force';

/**
 * The core's id: fixed by the workspace id, so it needs no entry and nobody can make another. Kept
 * per workspace id: the board asks for it on every read, and a BLAKE2b in wasm costs more than the read.
 */
export const coreCompartmentId = (workspaceId: string): string => {
  let id = coreIds.get(workspaceId);
  if (id === undefined) {
    id = toBase64Url(blake2b(utf8(`unity-table/v1/core-compartment/${workspaceId}`), 16));
    if (coreIds.size >= 64) coreIds.clear();
    coreIds.set(workspaceId, id);
  }
  return id;
};
const coreIds = new Map<string, string>();

/** The key scope a compartment's keys and envelopes name: the core keeps the workspace's. */
export const scopeOf = (workspaceId: string, compartmentId: string): string =>
  compartmentId === coreCompartmentId(workspaceId) ? WORKSPACE_SCOPE : compartmentId;

/**
 * Who is in a compartment now: the core is every member but partners (provisional ones with their
 * role); a releasable one the core and the partners listed in it; a restricted one the listed
 * members that are not partners. An unknown compartment has nobody.
 */
export function compartmentMembers(roster: Roster, compartmentId: string): Set<string> {
  const members = new Set<string>();
  if (!roster.compartments.has(compartmentId)) return members;
  for (const m of roster.members.values())
    if (isCompartmentMember(roster, compartmentId, m.memberId)) members.add(m.memberId);
  return members;
}

/** Whether `memberId` is in the compartment now (compartmentMembers' rule for one member: no set built per envelope). */
export function isCompartmentMember(roster: Roster, compartmentId: string, memberId: string): boolean {
  const c = roster.compartments.get(compartmentId);
  const m = roster.members.get(memberId);
  if (!c || !m) return false;
  const partner = m.role === 'partner';
  const listed = c.listed.has(m.memberId);
  return c.kind === 'core' ? !partner : c.kind === 'releasable' ? !partner || listed : listed && !partner;
}

/** The ids of the compartments a member is in now. */
export const compartmentsOf = (roster: Roster, memberId: string): string[] =>
  [...roster.compartments.keys()].filter((id) => compartmentMembers(roster, id).has(memberId));

// ---- Labels ----------------------------------------------------------------------------------------

// Printable text only, the rule profiles use: a control character could hide or reorder what a screen shows.
const text = z
  .string()
  .trim()
  .min(1)
  .max(80)
  .regex(/^[^\p{Cc}\p{Cf}]*$/u);
const labelText = z.object({ title: text, marking: text }).strict();
export type CompartmentLabel = z.infer<typeof labelText>;

/** Bound to the workspace and the key: a label moved to another workspace or key does not open. */
const labelAd = (workspaceId: string, kid: string) => utf8(`unity-table/v1/compartment-label/${workspaceId}/${kid}`);

/** Seals a title and marking under one of a compartment's keys; throws if either is not 1–80 printable characters. */
export function sealLabel(workspaceId: string, key: Uint8Array, epoch: number, label: CompartmentLabel): SealedLabel {
  const parsed = labelText.safeParse(label);
  if (!parsed.success) throw new Error('a title and a marking are 1–80 printable characters each');
  const kid = keyIdOf(key);
  const { nonce, ciphertext } = aeadSeal(key, utf8(JSON.stringify(parsed.data)), labelAd(workspaceId, kid));
  return { epoch, kid, sealed: toBase64Url(concatBytes(nonce, ciphertext)) };
}

/** The label, if `key` is the one it names and it opens and parses; null otherwise. */
export function openLabel(workspaceId: string, label: SealedLabel, key: Uint8Array): CompartmentLabel | null {
  if (keyIdOf(key) !== label.kid) return null;
  try {
    const bytes = fromBase64Url(label.sealed);
    const plain = aeadOpen(
      key,
      bytes.subarray(0, NONCE_BYTES),
      bytes.subarray(NONCE_BYTES),
      labelAd(workspaceId, label.kid),
    );
    const parsed = labelText.safeParse(JSON.parse(fromUtf8(plain)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The marking shown until an admin picks one (TLP 2.0 followed by the audience). */
export function defaultMarking(kind: Compartment['kind'], title: string): string {
  if (kind === 'core') return `TLP:AMBER — ${title}`;
  return kind === 'releasable' ? `TLP:AMBER — REL TO ${title}` : `TLP:RED — ${title}`;
}

// ---- Entries ---------------------------------------------------------------------------------------

/** An admin makes a compartment; its id is the entry's id (`entryIdOf`), its label sealed under its epoch-0 key. */
export function createCompartmentEntry(
  workspaceId: string,
  admin: Identity,
  kind: CompartmentKind,
  members: string[],
  label: SealedLabel,
  now: number,
  prev: string[],
): Uint8Array {
  const body = { t: 'compartment', ws: workspaceId, kind, members, label, by: memberIdOf(admin), at: now, prev };
  return encodeSignedEntry(SignatureDomain.roster, body, [admin.signSecretKey]);
}

export function createCompartmentAddEntry(
  workspaceId: string,
  admin: Identity,
  compartmentId: string,
  memberId: string,
  now: number,
  prev: string[],
): Uint8Array {
  const body = {
    t: 'compartment-add',
    ws: workspaceId,
    compartment: compartmentId,
    member: memberId,
    by: memberIdOf(admin),
    at: now,
    prev,
  };
  return encodeSignedEntry(SignatureDomain.roster, body, [admin.signSecretKey]);
}

/** `epoch` is the compartment's epoch the admin rotated to in the same step; `cut`, `held` the member's streams there. */
export function createCompartmentRemoveEntry(
  workspaceId: string,
  admin: Identity,
  compartmentId: string,
  memberId: string,
  epoch: number,
  now: number,
  c: CausalFields & { prev: string[] },
): Uint8Array {
  const body = {
    t: 'compartment-remove',
    ws: workspaceId,
    compartment: compartmentId,
    member: memberId,
    epoch,
    by: memberIdOf(admin),
    at: now,
    prev: c.prev,
    ...(c.cut ? { cut: c.cut } : {}),
    ...(c.cut && c.held ? { held: c.held } : {}),
  };
  return encodeSignedEntry(SignatureDomain.roster, body, [admin.signSecretKey]);
}

export function createCompartmentLabelEntry(
  workspaceId: string,
  admin: Identity,
  compartmentId: string,
  label: SealedLabel,
  now: number,
  prev: string[],
): Uint8Array {
  const body = {
    t: 'compartment-label',
    ws: workspaceId,
    compartment: compartmentId,
    label,
    by: memberIdOf(admin),
    at: now,
    prev,
  };
  return encodeSignedEntry(SignatureDomain.roster, body, [admin.signSecretKey]);
}

// ---- Parsing: every field known, nothing else ------------------------------------------------------

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const epoch = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const sealedLabel = z
  .object({ epoch, kid: z.string().regex(/^[A-Za-z0-9_-]{22}$/), sealed: z.string().regex(/^[A-Za-z0-9_-]{1,1024}$/) })
  .strict();
const common = { ws: z.string(), by: id, at: z.number(), prev: z.array(z.string()) };
const cut = z.record(z.string(), z.record(z.string(), epoch));
const held = z.record(z.string(), z.array(z.string()));

const entrySchema = z.discriminatedUnion('t', [
  z
    .object({
      t: z.literal('compartment'),
      ...common,
      kind: z.enum(COMPARTMENT_KINDS),
      members: z.array(id).max(4096),
      label: sealedLabel.extend({ epoch: z.literal(0) }),
    })
    .strict(),
  z.object({ t: z.literal('compartment-add'), ...common, compartment: id, member: id }).strict(),
  z
    .object({
      t: z.literal('compartment-remove'),
      ...common,
      compartment: id,
      member: id,
      epoch,
      cut: cut.optional(),
      held: held.optional(),
    })
    .strict()
    .refine((e) => e.held === undefined || e.cut !== undefined),
  z.object({ t: z.literal('compartment-label'), ...common, compartment: id, label: sealedLabel }).strict(),
]);

const scopeRotations = z.record(id, z.object({ epoch, cut: cut.optional(), held: held.optional() }).strict());
type ScopeRotationsParsed = z.infer<typeof scopeRotations>;
/** A removal's or role change's `scopes`; malformed, none counts (the entry itself still does). */
const parseScopes = (v: unknown): ScopeRotationsParsed | null => {
  if (v === undefined) return null;
  const parsed = scopeRotations.safeParse(v);
  return parsed.success ? parsed.data : null;
};

// ---- Replay ----------------------------------------------------------------------------------------

export function coreCompartment(workspaceId: string): Compartment {
  return {
    compartmentId: coreCompartmentId(workspaceId),
    kind: 'core',
    listed: new Set(),
    createdBy: null,
    label: null,
    epoch: 0,
    wroteUntilEpoch: new Map(),
    cuts: new Map(),
    held: new Map(),
  };
}

/** The seams computeRoster's replay calls: each entry in causal order, and the workspace changes that touch lists. */
export interface CompartmentReplay {
  /** Whether a compartment entry counts (and has been applied); `byAdmin` checks its signer at its place. */
  apply(n: RosterNode, byAdmin: (n: RosterNode) => boolean | 'later'): boolean;
  /** A member whose invite named compartments joined (its use settled): it enters those its role allows. */
  joined(memberId: string, compartmentIds: readonly string[]): void;
  /**
   * A counted workspace removal, before the member leaves the roster: it leaves every list, and each
   * compartment named in the entry's `scopes` it was in records its rotation.
   */
  leftWorkspace(memberId: string, scopes?: unknown): void;
  /** A counted role change, before it takes effect; `scopes` as for a removal. */
  roleChanged(memberId: string, from: Role, to: Role, scopes?: unknown): void;
  /** After the replay: the core's epoch is the roster's. */
  finish(): void;
}

export function compartmentReplay(roster: Roster): CompartmentReplay {
  const core = coreCompartmentId(roster.workspaceId);
  const isPartner = (memberId: string) => roster.members.get(memberId)?.role === 'partner';
  const listable = (kind: CompartmentKind, memberId: string) =>
    roster.members.has(memberId) && (kind === 'releasable') === isPartner(memberId);
  const apply = (n: RosterNode, byAdmin: (n: RosterNode) => boolean | 'later'): boolean => {
    const parsed = entrySchema.safeParse(n.body);
    if (!parsed.success) return false;
    const e = parsed.data;
    if (e.t === 'compartment') {
      if (byAdmin(n) !== true) return false;
      const c: Compartment = {
        ...coreCompartment(roster.workspaceId),
        compartmentId: n.id,
        kind: e.kind,
        createdBy: e.by,
        label: e.label,
      };
      for (const m of e.kind === 'restricted' ? [...e.members, e.by] : e.members)
        if (listable(e.kind, m)) c.listed.add(m);
      roster.compartments.set(n.id, c);
      return true;
    }
    const c = roster.compartments.get(e.compartment);
    if (!c) return false;
    switch (e.t) {
      case 'compartment-label':
        if (byAdmin(n) !== true) return false;
        c.label = e.label;
        return true;
      case 'compartment-add': {
        // The core's membership is the roles; a partner is never in a restricted compartment.
        if (c.kind === 'core' || c.listed.has(e.member) || !listable(c.kind, e.member)) return false;
        if (byAdmin(n) !== true) return false;
        c.listed.add(e.member);
        c.wroteUntilEpoch.delete(e.member);
        c.cuts.delete(e.member);
        c.held.delete(e.member);
        return true;
      }
      case 'compartment-remove': {
        if (c.kind === 'core' || !c.listed.has(e.member)) return false;
        if (byAdmin(n) !== true) return false;
        c.listed.delete(e.member);
        if (!c.wroteUntilEpoch.has(e.member)) {
          c.wroteUntilEpoch.set(e.member, e.epoch);
          if (e.cut) c.cuts.set(e.member, e.cut);
          if (e.cut && e.held) c.held.set(e.member, new Map(Object.entries(e.held).map(([d, ns]) => [d, new Set(ns)])));
        }
        // An epoch far past the compartment's counts for nothing: one entry must not use up all epochs.
        if (e.epoch > c.epoch && inRosterReach(e.epoch, c.epoch)) c.epoch = e.epoch;
        return true;
      }
    }
  };
  /** The compartments other than the core `memberId` is in now. */
  const inNow = (memberId: string) =>
    [...roster.compartments.values()].filter(
      (c) => c.kind !== 'core' && compartmentMembers(roster, c.compartmentId).has(memberId),
    );
  /** `memberId` left `c` in a removal or role change: the rotation its entry names for `c`, if any, counts. */
  const left = (c: Compartment, memberId: string, rotations: ScopeRotationsParsed | null) => {
    const r = rotations?.[c.compartmentId];
    if (!r) return;
    if (!c.wroteUntilEpoch.has(memberId)) {
      c.wroteUntilEpoch.set(memberId, r.epoch);
      if (r.cut) c.cuts.set(memberId, r.cut);
      if (r.cut && r.held) c.held.set(memberId, new Map(Object.entries(r.held).map(([d, ns]) => [d, new Set(ns)])));
    }
    if (r.epoch > c.epoch && inRosterReach(r.epoch, c.epoch)) c.epoch = r.epoch;
  };
  return {
    apply,
    joined(memberId, compartmentIds) {
      for (const id of compartmentIds) {
        const c = roster.compartments.get(id);
        if (!c || c.kind === 'core' || !listable(c.kind, memberId)) continue;
        c.listed.add(memberId);
        c.wroteUntilEpoch.delete(memberId);
        c.cuts.delete(memberId);
        c.held.delete(memberId);
      }
    },
    leftWorkspace(memberId, scopes) {
      const rotations = parseScopes(scopes);
      for (const c of inNow(memberId)) left(c, memberId, rotations);
      for (const c of roster.compartments.values()) c.listed.delete(memberId);
    },
    roleChanged(memberId, from, to, scopes) {
      const before = inNow(memberId);
      const rotations = parseScopes(scopes);
      // Losing the right to write, it stops writing in every compartment it is in, as in the core: what
      // it wrote there before counts, within the cut the entry names for each (ADR 0012 §3).
      if (WRITING_ROLES.has(from) && !WRITING_ROLES.has(to)) for (const c of before) left(c, memberId, rotations);
      // Writing again, where it is: a later loss is judged by its own cut.
      if (!WRITING_ROLES.has(from) && WRITING_ROLES.has(to))
        for (const c of before) {
          c.wroteUntilEpoch.delete(memberId);
          c.cuts.delete(memberId);
          c.held.delete(memberId);
        }
      // A new partner leaves every restricted list; a former partner every releasable one (it is in them as core).
      if ((from === 'partner') === (to === 'partner')) return;
      const leaving: CompartmentKind = to === 'partner' ? 'restricted' : 'releasable';
      for (const c of roster.compartments.values()) if (c.kind === leaving) c.listed.delete(memberId);
      // Becoming a partner, it leaves every restricted compartment and every releasable one that does not list it.
      if (to === 'partner') for (const c of before) if (!c.listed.has(memberId)) left(c, memberId, rotations);
    },
    finish() {
      roster.compartments.get(core)!.epoch = roster.epoch;
    },
  };
}
