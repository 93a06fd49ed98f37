import * as Y from 'yjs';
import { z } from 'zod';

import { memberIdOf, SignatureDomain } from '../crypto';
import type { Identity } from '../crypto';
import type { Roster } from '../membership';
import { ENTITIES, LINKS, ORGS, OUTCOMES, parseBody, putRecord, recordValidOnce } from '../model';
import type { GuardedMap, SignedRecord } from '../model';
import type { ChangeEvent } from './types';

/** The map of a room's `workspace` document holding one signed record per change of a card (ADR 0016). */
export const CHANGES = 'changes';

/** Limits a reader holds every record to: a larger or stranger body is not a change anyone logged here. */
export const CHANGE_LIMITS = {
  /** A lane's or a threat level's name. */
  name: 200,
  field: 40,
  /** A changed field's new value, clipped by the writer (a summary of 4,000 characters is logged as its start). */
  value: 500,
  summary: 300,
  /** The signed JSON text itself: checked before parsing, so a huge body costs nothing. */
  body: 4000,
} as const;

const id = z.string().min(1).max(128);
const name = z.string().max(CHANGE_LIMITS.name);

/** The maps of the facts a change record may be about: the organization, or an entry, link or outcome. */
const FACT_RECORD_MAPS = [ORGS, ENTITIES, LINKS, OUTCOMES] as const;

const changeEvent = z.union([
  z.object({ kind: z.literal('created'), lane: name.optional(), threat: name.optional() }).strict(),
  z.object({ kind: z.literal('lane'), from: name, to: name, rename: z.literal(true).optional() }).strict(),
  z.object({ kind: z.literal('threat'), from: name, to: name }).strict(),
  z
    .object({
      kind: z.literal('field'),
      field: z.string().min(1).max(CHANGE_LIMITS.field),
      value: z.string().max(CHANGE_LIMITS.value),
    })
    .strict(),
  z
    .object({
      kind: z.enum(['added', 'removed']),
      map: z.enum(['entities', 'links', 'outcomes']),
      factId: id,
      summary: z.string().max(CHANGE_LIMITS.summary),
    })
    .strict(),
  z.object({ kind: z.literal('deleted') }).strict(),
]);

const changeBody = z
  .object({
    v: z.literal(1),
    workspaceId: id,
    compartmentId: id,
    orgId: id,
    by: id,
    at: z.number().int().nonnegative(),
    change: changeEvent,
  })
  .strict();

export type ChangeBody = Omit<z.infer<typeof changeBody>, 'change'> & { change: ChangeEvent };

/**
 * A record's body if a reader of room `compartmentId` takes it: within the limits, strictly parsed,
 * naming this workspace and this very room (a record copied from another room is not taken), and
 * signed by its `by`, a member current or removed. What it says is that signer's claim.
 */
export function changeRecordValid(record: SignedRecord, roster: Roster, compartmentId: string): ChangeBody | null {
  const body = changeBodyOf(record, roster, compartmentId);
  return body && changeSigned(record, body, roster) ? body : null;
}

/** The body if it has a change record's shape and names this workspace and room (its signature unchecked). */
export function changeBodyOf(record: SignedRecord, roster: Roster, compartmentId: string): ChangeBody | null {
  if (record.body.length > CHANGE_LIMITS.body) return null;
  const parsed = changeBody.safeParse(parseBody(record));
  if (!parsed.success) return null;
  const body = parsed.data;
  return body.workspaceId === roster.workspaceId && body.compartmentId === compartmentId ? body : null;
}

/** Whether `body`'s `by`, a member current or removed, signed the record (checked once per record). */
export function changeSigned(record: SignedRecord, body: ChangeBody, roster: Roster): boolean {
  const key = roster.members.get(body.by)?.signPublicKey ?? roster.removed.get(body.by)?.signPublicKey;
  return key !== undefined && recordValidOnce(record, SignatureDomain.change, key);
}

/** Clips a text to `max` characters, marking the cut. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max - 1) + '…';
}

/**
 * Signs one change into the `workspace` document of room `compartmentId` (the caller's transaction
 * makes it part of the edit it describes); returns the record id. Texts are clipped to the limits,
 * so logging never refuses an edit the board accepted.
 */
export function signChange(
  doc: Y.Doc,
  me: Identity,
  body: { workspaceId: string; compartmentId: string; orgId: string; at: number; change: ChangeEvent },
): string {
  const full: ChangeBody = { v: 1, ...body, by: memberIdOf(me), change: clipped(body.change) };
  const parsed = changeBody.safeParse(full);
  if (!parsed.success) throw new Error('this change does not fit a change record: ' + parsed.error.issues[0]?.message);
  return putRecord(doc, CHANGES, SignatureDomain.change, full, me);
}

function clipped(change: ChangeEvent): ChangeEvent {
  const n = (s: string) => clip(s, CHANGE_LIMITS.name);
  switch (change.kind) {
    case 'created':
      return {
        kind: 'created',
        ...(change.lane !== undefined ? { lane: n(change.lane) } : {}),
        ...(change.threat !== undefined ? { threat: n(change.threat) } : {}),
      };
    case 'lane':
      return { ...change, from: n(change.from), to: n(change.to) };
    case 'threat':
      return { kind: change.kind, from: n(change.from), to: n(change.to) };
    case 'field':
      return {
        kind: 'field',
        field: clip(change.field, CHANGE_LIMITS.field),
        value: clip(change.value, CHANGE_LIMITS.value),
      };
    case 'added':
    case 'removed':
      return { ...change, summary: clip(change.summary, CHANGE_LIMITS.summary) };
    case 'deleted':
      return change;
  }
}

/** The fact a change is about: an added or removed entry, link or outcome, else the organization. */
export function subjectOf(body: Pick<ChangeBody, 'orgId' | 'change'>): { map: string; id: string } {
  const c = body.change;
  return c.kind === 'added' || c.kind === 'removed' ? { map: c.map, id: c.factId } : { map: ORGS, id: body.orgId };
}

/** Whether room `doc` holds fact `id` of `map` as a tombstone: the fact was moved out of this room. */
export function movedOut(doc: Y.Doc, map: string, id: string): boolean {
  const fact = doc.getMap<unknown>(map).get(id);
  return fact instanceof Y.Map && fact.has('tombstone');
}

/**
 * The map for guardSignedRecords in room `compartmentId` (whose `workspace` document is `doc`): a valid
 * record deleted or overwritten is put back, unless the fact it is about has since moved out of this
 * room (its copy here is a tombstone): a fact narrowed takes its history out of the broader room (S8).
 */
export const changeGuards = (roster: () => Roster, compartmentId: string, doc?: Y.Doc): GuardedMap[] => [
  {
    name: CHANGES,
    accepts: (record) => changeRecordValid(record, roster(), compartmentId) !== null,
    keep: (record) => {
      const body = doc ? changeBodyOf(record, roster(), compartmentId) : null;
      if (!doc || !body) return true;
      const { map, id } = subjectOf(body);
      return !movedOut(doc, map, id);
    },
    // A tombstone lifted again (a patched client's fake narrowing, or the fact moved back): its records return.
    revive: {
      maps: FACT_RECORD_MAPS,
      about: (record) => {
        const body = changeBodyOf(record, roster(), compartmentId);
        return body ? subjectOf(body) : null;
      },
    },
  },
];
