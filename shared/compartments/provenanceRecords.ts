import type * as Y from 'yjs';
import { z } from 'zod';

import { memberIdOf, SignatureDomain, toBase64Url } from '../crypto';
import type { Identity } from '../crypto';
import type { Roster } from '../membership';
import { parseBody, putRecord, readRecords, recordValidOnce, recordValue } from '../model';
import type { GuardedMap, SignedRecord } from '../model';

/** The map of a room's `workspace` document that holds provenance records. */
export const PROVENANCE = 'provenance';

const id = z.string().min(1).max(128);
const common = {
  v: z.literal(1),
  workspaceId: id,
  factId: id,
  by: id,
  at: z.number().int().nonnegative(),
};

/** Who created a fact: signed by its creator, at creation. */
const addedBody = z.object({ ...common, kind: z.literal('added'), map: id, org: z.string().max(128) }).strict();
/**
 * Who moved a fact from one compartment to another, and to which placement. `added`: the `added`
 * record's id, or for a fact made before ADR 0012 the mover's claim of its author (`claim:<memberId>`).
 */
const movedBody = z
  .object({
    ...common,
    kind: z.literal('moved'),
    from: id,
    to: id,
    placement: z.number().int().nonnegative(),
    added: z.string().max(200),
  })
  .strict();
const provenanceBody = z.discriminatedUnion('kind', [addedBody, movedBody]);

export type AddedRecord = z.infer<typeof addedBody>;
export type MovedRecord = z.infer<typeof movedBody>;
export type ProvenanceBody = AddedRecord | MovedRecord;

/**
 * A record some reader refused: not signed by a member (current or removed) of this workspace, or
 * malformed; or an `added` record contested by another signer's for the same fact.
 */
export type ForgedReport = (recordId: string) => void;

function signKey(roster: Roster, memberId: string): Uint8Array | null {
  return roster.members.get(memberId)?.signPublicKey ?? roster.removed.get(memberId)?.signPublicKey ?? null;
}

/** The body of a record its `by` signed for this workspace, or null (what readers and the guard accept). */
export function provenanceRecordValid(record: SignedRecord, roster: Roster): ProvenanceBody | null {
  const parsed = provenanceBody.safeParse(parseBody(record));
  if (!parsed.success || parsed.data.workspaceId !== roster.workspaceId) return null;
  const key = signKey(roster, parsed.data.by);
  return key && recordValidOnce(record, SignatureDomain.provenance, key) ? parsed.data : null;
}

/** Signs that `me` created fact `factId` (in fact map `map`, of organization `org`: '' for an organization). */
export function signAdded(
  doc: Y.Doc,
  workspaceId: string,
  me: Identity,
  fact: { factId: string; map: string; org: string },
  at = Date.now(),
): string {
  const body: AddedRecord = { v: 1, kind: 'added', workspaceId, ...fact, by: memberIdOf(me), at };
  return putRecord(doc, PROVENANCE, SignatureDomain.provenance, body, me);
}

export function signMoved(doc: Y.Doc, me: Identity, body: Omit<MovedRecord, 'v' | 'kind' | 'by'>): string {
  const full: MovedRecord = { v: 1, kind: 'moved', ...body, by: memberIdOf(me) };
  return putRecord(doc, PROVENANCE, SignatureDomain.provenance, full, me);
}

/** A fact's provenance as a room's records prove it: who added it, and each move, oldest first. */
export interface FactProvenance {
  added: (AddedRecord & { recordId: string }) | null;
  moves: Array<MovedRecord & { recordId: string }>;
}

/**
 * The valid provenance records of `factId` in one room's document. Records anyone else signed (a
 * stranger, a member writing another's `by`, a body altered after signing) are skipped and reported.
 * `added` records of two different signers contest each other: an honest client signs one only for
 * the fact it creates, under a fresh id, and `at` is the signer's to choose, so a member's backdated
 * claim to another's fact must not win. Neither is shown, and every claim is reported.
 */
export function provenanceOfFact(doc: Y.Doc, roster: Roster, factId: string, onForged?: ForgedReport): FactProvenance {
  const out: FactProvenance = { added: null, moves: [] };
  const claims: Array<AddedRecord & { recordId: string }> = [];
  for (const { record, body } of recordsOf(doc, roster, onForged)) {
    if (body.factId !== factId) continue;
    if (body.kind === 'moved') out.moves.push({ ...body, recordId: record.id });
    else claims.push({ ...body, recordId: record.id });
  }
  if (new Set(claims.map((c) => c.by)).size > 1) for (const c of claims) onForged?.(c.recordId);
  else for (const c of claims) if (!out.added || c.at < out.added.at) out.added = c;
  out.moves.sort((a, b) => a.placement - b.placement || a.at - b.at || (a.recordId < b.recordId ? -1 : 1));
  return out;
}

/** Every valid record of a room, with its body. */
export function recordsOf(
  doc: Y.Doc,
  roster: Roster,
  onForged?: ForgedReport,
): Array<{ record: SignedRecord; body: ProvenanceBody }> {
  const out: Array<{ record: SignedRecord; body: ProvenanceBody }> = [];
  for (const record of readRecords(doc, PROVENANCE)) {
    const body = provenanceRecordValid(record, roster);
    if (body) out.push({ record, body });
    else onForged?.(record.id);
  }
  return out;
}

/** Copies the valid records of `factId` from one room's document into another's, byte for byte. */
export function copyProvenance(from: Y.Doc, to: Y.Doc, roster: Roster, factId: string): void {
  const target = to.getMap<unknown>(PROVENANCE);
  for (const { record, body } of recordsOf(from, roster)) {
    if (body.factId !== factId || target.has(record.id)) continue;
    target.set(record.id, recordValue(record.body, toBase64Url(record.signature)));
  }
}

/** The provenance map for guardSignedRecords: only records signed by a member for this workspace are kept whole. */
export const provenanceGuard = (roster: () => Roster): GuardedMap => ({
  name: PROVENANCE,
  accepts: (record) => provenanceRecordValid(record, roster()) !== null,
});
