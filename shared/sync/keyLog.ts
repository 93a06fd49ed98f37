import { fromBase64Url, fromUtf8, memberIdOf, toBase64Url, unwrapKey, utf8, wrapKey } from '../crypto';
import type { Identity, PublicIdentity } from '../crypto';
import type { Roster } from './roster';

/**
 * The key log: every epoch key, wrapped for every member who may read that epoch, kept for good in
 * the transport document (compaction never touches it). A member recovers every epoch it belonged
 * to from here with its own identity key alone — also on a new machine (S7).
 */
export interface KeyEntry {
  ws: string;
  /** '' for the workspace key; a compartment id later (see EnvelopeHeader.keyScope). */
  scope: string;
  epoch: number;
  /** memberId (or invite id) of the recipient. */
  to: string;
  /** memberId of the wrapper: an admin, or the recipient itself re-wrapping what it already holds. */
  by: string;
  sealed: string;
  sig: string;
}

const MAX_KEY_ENTRY_BYTES = 1024;
const context = (ws: string, scope: string, epoch: number, to: string) =>
  `unity-table/v1/epoch-key/${ws}/${scope}/${epoch}/${to}`;

/** The workspace-wide key family: every member holds its keys. */
export const WORKSPACE_SCOPE = '';

export function createKeyEntry(
  workspaceId: string,
  epoch: number,
  key: Uint8Array,
  recipient: PublicIdentity,
  wrapper: Identity,
): Uint8Array {
  const to = memberIdOf(recipient);
  const wrapped = wrapKey(
    key,
    context(workspaceId, WORKSPACE_SCOPE, epoch, to),
    recipient.boxPublicKey,
    wrapper.signSecretKey,
  );
  const entry: KeyEntry = {
    ws: workspaceId,
    scope: WORKSPACE_SCOPE,
    epoch,
    to,
    by: memberIdOf(wrapper),
    sealed: toBase64Url(wrapped.sealed),
    sig: toBase64Url(wrapped.signature),
  };
  return utf8(JSON.stringify(entry));
}

function parseKeyEntry(bytes: unknown): KeyEntry | null {
  if (!(bytes instanceof Uint8Array) || bytes.length > MAX_KEY_ENTRY_BYTES) return null;
  try {
    const v = JSON.parse(fromUtf8(bytes)) as Partial<KeyEntry>;
    const ok =
      typeof v.ws === 'string' &&
      typeof v.scope === 'string' &&
      Number.isSafeInteger(v.epoch) &&
      (v.epoch as number) >= 0 &&
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
 * The epoch keys `me` can open: wrapped for `me` by an admin of the roster, or by `me` itself.
 * Everything else — forged wrappers, other workspaces, garbage — is skipped.
 */
export function openKeyring(
  workspaceId: string,
  entries: Iterable<unknown>,
  roster: Roster,
  me: Identity,
): Map<number, Uint8Array> {
  const myId = memberIdOf(me);
  const keys = new Map<number, Uint8Array>();
  for (const bytes of entries) {
    const entry = parseKeyEntry(bytes);
    if (!entry || entry.ws !== workspaceId || entry.scope !== WORKSPACE_SCOPE || entry.to !== myId) continue;
    if (keys.has(entry.epoch)) continue;
    const wrapper = entry.by === myId ? me.signPublicKey : roster.members.get(entry.by);
    const wrapperKey =
      wrapper instanceof Uint8Array ? wrapper : wrapper?.role === 'admin' ? wrapper.signPublicKey : null;
    if (!wrapperKey) continue;
    let wrapped;
    try {
      wrapped = { sealed: fromBase64Url(entry.sealed), signature: fromBase64Url(entry.sig) };
    } catch {
      continue;
    }
    const key = unwrapKey(wrapped, context(workspaceId, entry.scope, entry.epoch, myId), me, wrapperKey);
    if (key) keys.set(entry.epoch, key);
  }
  return keys;
}
