import {
  blake2b,
  fromBase64Url,
  fromUtf8,
  memberIdOf,
  toBase64Url,
  unwrapKey,
  utf8,
  wrapKey,
  wipe,
  wrapSignatureValid,
} from '../crypto';
import type { Identity, PublicIdentity } from '../crypto';
import { inKeyReach } from './epochReach';
import type { Roster } from './roster';

/**
 * The key log: every epoch key, wrapped for every member who may read that epoch, kept for good in
 * the transport document (compaction never touches it). A member recovers every epoch it belonged
 * to from here with its own identity key alone — also on a new machine (S7).
 */
export interface KeyEntry {
  ws: string;
  /** '' for the workspace's (the core compartment's) keys; a compartment's id for its own (ADR 0012 §3). */
  scope: string;
  epoch: number;
  /** Key id: a hash of the key, so two keys of one epoch (concurrent rotations) are told apart. */
  kid: string;
  /** memberId (or invite id) of the recipient. */
  to: string;
  /** memberId of the wrapper: an admin, or the recipient itself re-wrapping what it already holds. */
  by: string;
  sealed: string;
  sig: string;
}

const MAX_KEY_ENTRY_BYTES = 1024;
const context = (e: Pick<KeyEntry, 'ws' | 'scope' | 'epoch' | 'kid' | 'to'>) =>
  `unity-table/v1/epoch-key/${e.ws}/${e.scope}/${e.epoch}/${e.kid}/${e.to}`;

/** The workspace-wide key family: every member holds its keys. */
export const WORKSPACE_SCOPE = '';

/**
 * The epoch a scope's members seal under now, by the roster: the workspace's (the core's) for `''`,
 * a compartment's own for its id (ADR 0012 §3), 0 for a scope the roster does not know.
 */
export const scopeEpoch = (roster: Roster, scope: string): number =>
  scope === WORKSPACE_SCOPE ? roster.epoch : (roster.compartments.get(scope)?.epoch ?? 0);

export const keyIdOf = (key: Uint8Array): string => toBase64Url(blake2b(key, 16));

export function createKeyEntry(
  workspaceId: string,
  epoch: number,
  key: Uint8Array,
  recipient: PublicIdentity,
  wrapper: Identity,
  scope: string = WORKSPACE_SCOPE,
): Uint8Array {
  const head = { ws: workspaceId, scope, epoch, kid: keyIdOf(key), to: memberIdOf(recipient) };
  const wrapped = wrapKey(key, context(head), recipient.boxPublicKey, wrapper.signSecretKey);
  const entry: KeyEntry = {
    ...head,
    by: memberIdOf(wrapper),
    sealed: toBase64Url(wrapped.sealed),
    sig: toBase64Url(wrapped.signature),
  };
  return utf8(JSON.stringify(entry));
}

export function parseKeyEntry(bytes: unknown): KeyEntry | null {
  if (!(bytes instanceof Uint8Array) || bytes.length > MAX_KEY_ENTRY_BYTES) return null;
  try {
    const v = JSON.parse(fromUtf8(bytes)) as Partial<KeyEntry>;
    const ok =
      typeof v.ws === 'string' &&
      typeof v.scope === 'string' &&
      Number.isSafeInteger(v.epoch) &&
      (v.epoch as number) >= 0 &&
      typeof v.kid === 'string' &&
      typeof v.to === 'string' &&
      typeof v.by === 'string' &&
      typeof v.sealed === 'string' &&
      typeof v.sig === 'string';
    return ok ? (v as KeyEntry) : null;
  } catch {
    return null;
  }
}

/**
 * The workspace keys a member holds, per epoch. Usually one key per epoch; two admins rotating at
 * the same moment make two, and then every key of the epoch opens its envelopes.
 */
export class Keyring {
  constructor(
    /** Keys a current admin wrapped (for anyone): new envelopes are sealed with these. */
    private readonly vouched: Map<number, Uint8Array[]>,
    /** Keys no current admin wrapped (a former admin's, or only this member's own wrap): they still open. */
    private readonly inherited: Map<number, Uint8Array[]>,
  ) {}

  get size(): number {
    return this.vouched.size;
  }

  /** The newest epoch with a vouched key; null before this member holds any (not yet joined). */
  current(): number | null {
    return this.vouched.size === 0 ? null : Math.max(...this.vouched.keys());
  }

  /** The key new envelopes of `epoch` are sealed with: of several, the one with the lowest id, on every member alike. */
  sealing(epoch: number): Uint8Array | undefined {
    return this.vouched.get(epoch)?.[0];
  }

  /** Every key that may open an envelope of `epoch`. */
  opening(epoch: number): Uint8Array[] {
    return [...(this.vouched.get(epoch) ?? []), ...(this.inherited.get(epoch) ?? [])];
  }

  /** Every (epoch, key) held, to wrap them for someone else (an invite, a new member). */
  entries(): Array<[epoch: number, key: Uint8Array]> {
    return [...this.vouched].flatMap(([epoch, keys]) => keys.map((k): [number, Uint8Array] => [epoch, k]));
  }

  /** Fills every key held, vouched and inherited, with zeros (closing the workspace, S3). */
  wipe(): void {
    for (const keys of [...this.vouched.values(), ...this.inherited.values()]) wipe(...keys);
  }
}

/**
 * The keys `me` can open: wrapped for `me` by a current admin, by `me` itself, or by a former admin.
 * Everything else — forged wrappers, other workspaces, garbage — is skipped.
 *
 * Whether a key is vouched (may seal) is a fact of the key (its epoch and `kid`), not of the wrap
 * that brought it to `me`: it is vouched if some current, confirmed admin wrapped it for anyone,
 * with a signature that verifies. Every member reads the same key log and roster, so all classify
 * each key alike and pick the same sealing key. Judged by the wrap instead, a demoted admin's own
 * wrap of the key it drew in a rotation concurrent with its demotion made that key vouched for it
 * alone, and it sealed under a key everyone else held as inherited (found by the property test).
 */
export function openKeyring(
  workspaceId: string,
  entries: Iterable<unknown>,
  roster: Roster,
  me: Identity,
  scope: string = WORKSPACE_SCOPE,
): Keyring {
  const myId = memberIdOf(me);
  const list = [...entries];
  const held = new Map<string, { epoch: number; key: Uint8Array }>();
  /** `epoch/kid` of every key a current admin wrapped for anyone, as far as checked. */
  const vouchedIds = new Set<string>();
  const idOf = (e: { epoch: number; kid: string }) => `${e.epoch}/${e.kid}`;
  for (const bytes of list) {
    const entry = parseKeyEntry(bytes);
    if (!entry || entry.ws !== workspaceId || entry.scope !== scope || entry.to !== myId) continue;
    if (held.has(entry.kid)) continue;
    const admin = confirmedAdmin(roster, entry.by);
    const wrapperKey =
      entry.by === myId ? me.signPublicKey : (admin?.signPublicKey ?? roster.formerAdmins.get(entry.by) ?? null);
    if (!wrapperKey) continue;
    let key: Uint8Array | null;
    try {
      key = unwrapKey(
        { sealed: fromBase64Url(entry.sealed), signature: fromBase64Url(entry.sig) },
        context(entry),
        me,
        wrapperKey,
      );
    } catch {
      continue;
    }
    if (!key || keyIdOf(key) !== entry.kid) continue;
    held.set(entry.kid, { epoch: entry.epoch, key });
    // A current admin's wrap that opened for `me` needs no second look.
    if (admin) vouchedIds.add(idOf(entry));
  }
  // The keys held through `me`'s own wrap or a former admin's: vouched only if a current admin
  // wrapped the same key of the same epoch for someone. One signature check per such key, usually.
  const pending = new Set(
    [...held].map(([kid, { epoch }]) => idOf({ epoch, kid })).filter((id) => !vouchedIds.has(id)),
  );
  for (const bytes of pending.size > 0 ? list : []) {
    const entry = parseKeyEntry(bytes);
    if (!entry || entry.ws !== workspaceId || entry.scope !== scope || !pending.has(idOf(entry))) continue;
    if (!confirmedAdmin(roster, entry.by) || !wrapEntitled(roster, entry)) continue;
    pending.delete(idOf(entry));
    vouchedIds.add(idOf(entry));
    if (pending.size === 0) break;
  }
  const reachFrom = scopeEpoch(roster, scope);
  const vouched = new Map<number, Uint8Array[]>();
  const inherited = new Map<number, Uint8Array[]>();
  for (const [kid, { epoch, key }] of [...held].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    // A key far past the roster's epoch never seals, whoever wrapped it (F5: see epochReach).
    const into = vouchedIds.has(idOf({ epoch, kid })) && inKeyReach(epoch, reachFrom) ? vouched : inherited;
    into.set(epoch, [...(into.get(epoch) ?? []), key]);
  }
  return new Keyring(vouched, inherited);
}

/** A current admin whose join is confirmed: only such a member's wraps are vouched for. */
const confirmedAdmin = (roster: Roster, id: string) => {
  const m = roster.members.get(id);
  return m?.role === 'admin' && !roster.provisional.has(id) ? m : undefined;
};

/**
 * Whether a wrap was made by someone entitled to serve its recipient, with a signature that checks
 * out: a current (confirmed) admin, or the recipient itself. Anyone else's wrap — an observer's
 * garbage, a former admin's — must not make key upkeep believe the recipient is served (S7).
 * `former` also accepts a former admin's wraps (what the append-only guard keeps: they still open).
 */
export function wrapEntitled(roster: Roster, entry: KeyEntry, former = false): boolean {
  const recipient = roster.members.get(entry.to) ?? roster.removed.get(entry.to) ?? roster.invites.get(entry.to);
  if (!recipient) return false;
  const signer =
    entry.by === entry.to
      ? recipient.signPublicKey
      : (confirmedAdmin(roster, entry.by)?.signPublicKey ?? (former ? roster.formerAdmins.get(entry.by) : undefined));
  if (!signer) return false;
  try {
    const wrapped = { sealed: fromBase64Url(entry.sealed), signature: fromBase64Url(entry.sig) };
    return wrapSignatureValid(wrapped, context(entry), recipient.boxPublicKey, signer);
  } catch {
    return false;
  }
}

/** Which members (or invites) hold which key ids, by the wraps of someone entitled (see wrapEntitled). */
export function keyHolders(
  workspaceId: string,
  entries: Iterable<unknown>,
  roster: Roster,
  scope: string = WORKSPACE_SCOPE,
  /** Also count a former admin's wraps (they still open): what upkeep needs to see who holds a key. */
  former = false,
): Map<string, Set<string>> {
  const holders = new Map<string, Set<string>>();
  for (const bytes of entries) {
    const entry = parseKeyEntry(bytes);
    if (!entry || entry.ws !== workspaceId || entry.scope !== scope) continue;
    if (!wrapEntitled(roster, entry, former)) continue;
    let set = holders.get(entry.kid);
    if (!set) holders.set(entry.kid, (set = new Set()));
    set.add(entry.to);
  }
  return holders;
}

/**
 * The epoch everyone must seal under now (hardening item 6): the roster's, or a newer one a
 * confirmed admin rotated to in the key log alone (key upkeep's rotate-again). Only epochs above
 * `held` and within reach of the roster's (epochReach) are checked, newest first, until one wrap by
 * an admin verifies.
 */
export function requiredEpoch(
  workspaceId: string,
  entries: Iterable<unknown>,
  roster: Roster,
  held: number | null,
  scope: string = WORKSPACE_SCOPE,
): number {
  const base = scopeEpoch(roster, scope);
  const floor = Math.max(base, held ?? -1);
  const above: KeyEntry[] = [];
  for (const bytes of entries) {
    const entry = parseKeyEntry(bytes);
    if (!entry || entry.epoch <= floor || !inKeyReach(entry.epoch, base)) continue;
    if (entry.ws === workspaceId && entry.scope === scope) above.push(entry);
  }
  above.sort((a, b) => b.epoch - a.epoch);
  for (const entry of above) if (entry.by !== entry.to && wrapEntitled(roster, entry)) return entry.epoch;
  return base;
}
