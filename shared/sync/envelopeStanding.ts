import { toBase64Url } from '../crypto';
import { openEnvelopeWithAny } from '../protocol';
import type { Envelope, EnvelopeHeader } from '../protocol';
import { decodeEnvelopeContent, withinCut } from './envelopeContent';
import type { EnvelopeContent } from './envelopeContent';
import { coreCompartmentId, isCompartmentMember, scopeEpoch, scopeOf } from '../membership';
import { ownedClientIds } from '../protocol';
import { WRITING_ROLES } from '../membership';
import type { Roster } from '../membership';
import type { SyncReportCode } from './SyncReport';

/** What the roster says of an envelope's author; `final: false` means it may change (a join yet to arrive). */
export type Standing =
  { ok: true; writes: boolean } | { ok: false; final: boolean; code: SyncReportCode; message: string };

/**
 * Whether the roster lets this envelope count in compartment `compartmentId` (the core by default):
 * its author is in the compartment and may write now, or wrote it before leaving (the workspace, the
 * compartment or the right to write) and within the cut the admin recorded there. The core's cuts are
 * the roster's own; another compartment's are its own (ADR 0012 §3). DocumentChannel and the list
 * guard both ask this, so what every reader refuses neither settles a deletion nor is put back.
 */
export function standingOf(
  roster: Roster,
  docId: string,
  header: EnvelopeHeader,
  signature: Uint8Array,
  compartmentId: string = coreCompartmentId(roster.workspaceId),
): Standing {
  const author = toBase64Url(header.author);
  const member = roster.members.get(author);
  const c = roster.compartments.get(compartmentId);
  const left = c && c.kind !== 'core' ? c : roster;
  const wroteBefore = header.epoch < (left.wroteUntilEpoch.get(author) ?? -1);
  if (!member && !wroteBefore) {
    return { ok: false, final: false, code: 'unknown-author', message: 'signed by someone who is not (yet) a member' };
  }
  // Partners are outside the core like any compartment's non-members: what a member wrote there
  // before becoming a partner counts through the cut its role change recorded (ADR 0012 §3). A partner
  // still holding an old core key (it joined before compartments) cannot write into the core with it.
  const inside = isCompartmentMember(roster, compartmentId, author);
  if (!inside && !wroteBefore) {
    // Held back, not refused for good: the entry adding the author may not have reached us yet
    // (the directory and the room sync apart).
    const message = 'signed by a member who is not in this compartment';
    return { ok: false, final: false, code: 'outside-compartment', message };
  }
  const writes = inside && member !== undefined && WRITING_ROLES.has(member.role);
  if (!writes && !wroteBefore) {
    const message = `signed by a member whose role (${member?.role}) cannot edit`;
    // Sealed under an epoch this roster has not reached: the role entry that let the member write
    // again may not have arrived yet (updates come in any order), so this is judged once it has.
    const reached = header.epoch <= scopeEpoch(roster, scopeOf(roster.workspaceId, compartmentId));
    return { ok: false, final: reached, code: 'read-only-author', message };
  }
  if (!writes && !withinCut(left, author, docId, header.replica, header.seq, signature)) {
    const message = `sealed under epoch ${header.epoch} from before this member lost the right to write, but not among the edits the admin held then (replica ${header.replica}, seq ${header.seq})`;
    return { ok: false, final: true, code: 'beyond-cut', message };
  }
  return { ok: true, writes };
}

/** Whether `content` carries a struct under a client id its author's header does not own. */
export function carriesForeign(
  content: EnvelopeContent,
  header: EnvelopeHeader,
  idsOf: (author: Uint8Array, replica: number) => number[],
): boolean {
  // An update (no covers) may carry only its own replica's handful of ids: no set built per envelope.
  const allowed =
    content.covers.size === 0
      ? idsOf(header.author, header.replica)
      : [header.replica, ...content.covers.keys()].flatMap((r) => idsOf(header.author, r));
  return content.clients.some((c) => !allowed.includes(c));
}

/**
 * What every reader holding `keys` does with a signed envelope of this document in compartment
 * `compartmentId`'s room: 'applies' (with its
 * content), 'refuses' for good, or 'unknown' (no key yet, or an author not yet in the roster).
 * Leaves out what depends on one reader's history (replays, deletions of what it has not seen).
 */
export function readerVerdict(
  env: Envelope,
  docId: string,
  roster: Roster,
  keys: Uint8Array[],
  compartmentId: string = coreCompartmentId(roster.workspaceId),
): { verdict: 'applies'; content: EnvelopeContent } | { verdict: 'refuses' | 'unknown' } {
  const { header } = env;
  if (header.kind === 'presence') return { verdict: 'refuses' };
  if (header.keyScope !== scopeOf(roster.workspaceId, compartmentId)) return { verdict: 'refuses' };
  const standing = standingOf(roster, docId, header, env.signature, compartmentId);
  if (!standing.ok) return { verdict: standing.final ? 'refuses' : 'unknown' };
  if (keys.length === 0) return { verdict: 'unknown' };
  const plaintext = openEnvelopeWithAny(env, keys);
  // Not ours to judge for good: a key of a concurrent rotation may not have reached us yet.
  if (!plaintext) return { verdict: 'unknown' };
  let content: EnvelopeContent;
  try {
    content = decodeEnvelopeContent(header.kind, plaintext);
  } catch {
    return { verdict: 'refuses' };
  }
  const idsOf = (author: Uint8Array, replica: number) => ownedClientIds(author, docId, replica);
  return carriesForeign(content, header, idsOf) ? { verdict: 'refuses' } : { verdict: 'applies', content };
}
