import type * as Y from 'yjs';
import { z } from 'zod';

import { memberIdOf, SignatureDomain } from '../crypto';
import type { Identity } from '../crypto';
import { PROFILES } from './facts';
import { parseBody, putRecord, readRecords, recordValidOnce } from './signedRecords';
import type { SignedRecord } from './signedRecords';

export interface MemberProfile {
  name: string;
  agency: string;
}

/** Whose signatures a reader accepts: the roster's members, current and removed (a Roster fits). */
export interface SignerDirectory {
  workspaceId: string;
  members: ReadonlyMap<string, { signPublicKey: Uint8Array }>;
  removed: ReadonlyMap<string, { signPublicKey: Uint8Array }>;
}

// Printable text only: a control character in a name could hide or reorder what a screen shows.
const label = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `${what} cannot be empty`)
    .max(80, `${what} is longer than 80 characters`)
    .regex(/^[^\p{Cc}\p{Cf}]*$/u, `${what} has a control or formatting character`);

/** A member's profile as the member signed it; the latest by its own counter wins. */
const profileBody = z.object({
  v: z.literal(1),
  kind: z.literal('profile'),
  workspaceId: z.string().min(1).max(64),
  memberId: z.string().min(1).max(64),
  /** The member's own counter: each new version of its profile signs the next number. */
  seq: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  at: z.number().int().nonnegative(),
  name: label('A name'),
  agency: label('An agency'),
});
export type ProfileBody = z.infer<typeof profileBody>;

function signKeyIn(signers: SignerDirectory, memberId: string): Uint8Array | null {
  return signers.members.get(memberId)?.signPublicKey ?? signers.removed.get(memberId)?.signPublicKey ?? null;
}

/** Whether a stored record is a profile its own member signed for this workspace (what the guard keeps). */
export function profileRecordValid(record: SignedRecord, signers: SignerDirectory): ProfileBody | null {
  const parsed = profileBody.safeParse(parseBody(record));
  if (!parsed.success || parsed.data.workspaceId !== signers.workspaceId) return null;
  const key = signKeyIn(signers, parsed.data.memberId);
  return key && recordValidOnce(record, SignatureDomain.profile, key) ? parsed.data : null;
}

/**
 * Every member's profile, each only as that member signed it: the one function every screen and
 * command reads names and agencies through. Records anyone else signed, records for another
 * workspace, malformed values and plain strings under the map are ignored.
 */
export function memberProfiles(doc: Y.Doc, signers: SignerDirectory): ReadonlyMap<string, MemberProfile> {
  const entry = cacheOf(doc);
  if (entry.result && entry.signers === signers) return entry.result;
  const latest = new Map<string, { body: ProfileBody; id: string }>();
  for (const record of readRecords(doc, PROFILES)) {
    const body = profileRecordValid(record, signers);
    if (!body) continue;
    const held = latest.get(body.memberId);
    if (!held || newer(body, record.id, held.body, held.id)) latest.set(body.memberId, { body, id: record.id });
  }
  entry.signers = signers;
  entry.result = new Map([...latest].map(([id, { body }]) => [id, { name: body.name, agency: body.agency }]));
  return entry.result;
}

// Screens read one profile per row on every render: the whole read is kept until the document
// changes (any transaction) or another roster is asked about (a roster is a new object when it changes).
interface CacheEntry {
  signers?: SignerDirectory;
  result?: ReadonlyMap<string, MemberProfile>;
}
const cache = new WeakMap<Y.Doc, CacheEntry>();
function cacheOf(doc: Y.Doc): CacheEntry {
  let entry = cache.get(doc);
  if (!entry) {
    const created: CacheEntry = {};
    doc.on('afterTransaction', () => {
      created.result = undefined;
    });
    cache.set(doc, created);
    entry = created;
  }
  return entry;
}

/** One member's profile (see memberProfiles), or null if they have signed none. */
export function memberProfile(doc: Y.Doc, signers: SignerDirectory, memberId: string): MemberProfile | null {
  return memberProfiles(doc, signers).get(memberId) ?? null;
}

// The member's own counter decides; its clock, then the record id, only break a tie it made itself.
function newer(a: ProfileBody, aId: string, b: ProfileBody, bId: string): boolean {
  return a.seq !== b.seq ? a.seq > b.seq : a.at !== b.at ? a.at > b.at : aId > bId;
}

/**
 * Signs my profile into the workspace document, unless the latest I signed already says the same.
 * Throws a sentence for a name or agency that is empty, too long or holds control characters.
 */
export function setProfile(
  doc: Y.Doc,
  signers: SignerDirectory,
  me: Identity,
  profile: MemberProfile,
  now = Date.now(),
): string | null {
  const memberId = memberIdOf(me);
  const name = label('A name').safeParse(profile.name);
  const agency = label('An agency').safeParse(profile.agency);
  if (!name.success) throw new Error(`${name.error.issues[0]!.message}.`);
  if (!agency.success) throw new Error(`${agency.error.issues[0]!.message}.`);
  let seq = 0;
  for (const record of readRecords(doc, PROFILES)) {
    const body = profileRecordValid(record, signers);
    if (body?.memberId !== memberId) continue;
    if (body.seq > seq) seq = body.seq;
  }
  const current = memberProfile(doc, signers, memberId);
  if (current && current.name === name.data && current.agency === agency.data) return null;
  const body: ProfileBody = {
    v: 1,
    kind: 'profile',
    workspaceId: signers.workspaceId,
    memberId,
    seq: seq + 1,
    at: now,
    name: name.data,
    agency: agency.data,
  };
  return putRecord(doc, PROFILES, SignatureDomain.profile, body, me);
}
