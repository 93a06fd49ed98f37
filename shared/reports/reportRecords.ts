import type * as Y from 'yjs';
import { z } from 'zod';

import { blake2b, memberIdOf, SignatureDomain, toBase64Url, utf8 } from '../crypto';
import type { Identity } from '../crypto';
import { IDENTIFIER_KINDS } from '../identifiers';
import type { Roster } from '../membership';
import { parseBody, putRecord, recordValidOnce } from '../model';
import type { GuardedMap, SignedRecord } from '../model';
import { CREDIBILITY, RELIABILITY } from './types';

/** The map of a room's `workspace` document holding one signed record per field report. */
export const FIELD_REPORTS = 'fieldReports';
/** The map of a room's `workspace` document holding one signed record per triage step. */
export const TRIAGE = 'triage';

/** Limits a reader holds every record to: a larger or stranger body is not a report anyone filed here. */
export const REPORT_LIMITS = {
  text: 4000,
  identifiers: 40,
  identifier: 200,
  where: 200,
  reason: 500,
  entityIds: 100,
  /** The signed JSON text itself: checked before parsing, so a huge body costs nothing. */
  body: 32_000,
} as const;

const id = z.string().min(1).max(128);
const common = {
  v: z.literal(1),
  workspaceId: id,
  compartmentId: id,
  reportId: id,
  by: id,
  at: z.number().int().nonnegative(),
};

const identifier = z
  .object({ kind: z.enum(IDENTIFIER_KINDS), value: z.string().min(1).max(REPORT_LIMITS.identifier) })
  .strict();

/** `when`: '' or YYYY-MM-DD, optionally THH:MM. */
export const WHEN = /^(\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?)?$/;

const reportBody = z
  .object({
    ...common,
    kind: z.literal('report'),
    text: z.string().max(REPORT_LIMITS.text),
    identifiers: z.array(identifier).max(REPORT_LIMITS.identifiers),
    where: z.string().max(REPORT_LIMITS.where),
    when: z.string().regex(WHEN),
    reliability: z.enum(RELIABILITY),
    credibility: z.enum(CREDIBILITY),
  })
  .strict();

const triageBody = z
  .object({
    ...common,
    kind: z.literal('triage'),
    step: z.enum(['link', 'duplicate', 'dismiss']),
    orgId: id.optional(),
    entityIds: z.array(id).max(REPORT_LIMITS.entityIds).optional(),
    duplicateOf: id.optional(),
    reason: z.string().min(1).max(REPORT_LIMITS.reason).optional(),
    /** A detailed link kept in a narrower room than its report's: the report's room. */
    reportCompartment: id.optional(),
  })
  .strict()
  // Each step carries exactly what it needs: a link its organization (or nothing, a bare link whose detail
  // sits in a narrower room), a duplicate another report, a dismissal its reason. Only a detailed link
  // names another room as its report's.
  .refine(
    (b) =>
      (b.reportCompartment === undefined ||
        (b.step === 'link' && b.orgId !== undefined && b.reportCompartment !== b.compartmentId)) &&
      (b.step === 'link'
        ? (b.orgId !== undefined) === (b.entityIds !== undefined) && !b.duplicateOf && !b.reason
        : b.step === 'duplicate'
          ? b.duplicateOf !== undefined && b.duplicateOf !== b.reportId && !b.orgId && !b.entityIds && !b.reason
          : b.reason !== undefined && !b.orgId && !b.entityIds && !b.duplicateOf),
  );

export type ReportBody = z.infer<typeof reportBody>;
export type TriageBody = z.infer<typeof triageBody>;

function signKey(roster: Roster, memberId: string): Uint8Array | null {
  return roster.members.get(memberId)?.signPublicKey ?? roster.removed.get(memberId)?.signPublicKey ?? null;
}

/**
 * A record's body if a reader of room `compartmentId` takes it: it parses (strictly, within the
 * limits), names this workspace and this very room (a record copied from another room is not taken),
 * and its `by`, a member current or removed, signed it. The reporter is that signer, never the text.
 */
function validBody<T extends { workspaceId: string; compartmentId: string; by: string }>(
  record: SignedRecord,
  schema: z.ZodType<T>,
  domain: SignatureDomain,
  roster: Roster,
  compartmentId: string,
): T | null {
  if (record.body.length > REPORT_LIMITS.body) return null;
  const parsed = schema.safeParse(parseBody(record));
  if (!parsed.success) return null;
  const body = parsed.data;
  if (body.workspaceId !== roster.workspaceId || body.compartmentId !== compartmentId) return null;
  const key = signKey(roster, body.by);
  return key && recordValidOnce(record, domain, key) ? body : null;
}

/**
 * A report's id: the hash of everything it says, its signer and its room included. Nobody can file a
 * report under an id another report holds (its own body, or its own `by`, hashes elsewhere), so a
 * member cannot shadow or contest a colleague's report by re-signing its id.
 */
export function reportIdOf(b: Omit<ReportBody, 'v' | 'kind' | 'reportId'>): string {
  const said = [b.workspaceId, b.compartmentId, b.by, b.at, b.text, b.identifiers.map((i) => [i.kind, i.value])];
  const canonical = JSON.stringify([...said, b.where, b.when, b.reliability, b.credibility]);
  return toBase64Url(blake2b(utf8('unity-table/v1/report-id/' + canonical), 16));
}

export function reportRecordValid(record: SignedRecord, roster: Roster, compartmentId: string): ReportBody | null {
  const body = validBody(record, reportBody, SignatureDomain.report, roster, compartmentId);
  return body && body.reportId === reportIdOf(body) ? body : null;
}

/** A triage step's body if valid as a record; whether its report is valid in the same room is the reader's (roomReports). */
export const triageRecordValid = (record: SignedRecord, roster: Roster, compartmentId: string): TriageBody | null =>
  validBody(record, triageBody, SignatureDomain.triage, roster, compartmentId);

/** Signs a report into its room's document; returns its id. Throws if the body breaks the record's rules. */
export function signReport(doc: Y.Doc, me: Identity, body: Omit<ReportBody, 'v' | 'kind' | 'by' | 'reportId'>): string {
  const said = { ...body, by: memberIdOf(me) };
  const full: ReportBody = { v: 1, kind: 'report', ...said, reportId: reportIdOf(said) };
  const parsed = reportBody.safeParse(full);
  if (!parsed.success) throw new Error('this report does not fit a report record: ' + parsed.error.issues[0]?.message);
  putRecord(doc, FIELD_REPORTS, SignatureDomain.report, full, me);
  return full.reportId;
}

/** Signs a triage step into its room's document (the report's, or a detailed link's narrower one); returns the record id. */
export function signTriage(doc: Y.Doc, me: Identity, body: Omit<TriageBody, 'v' | 'kind' | 'by'>): string {
  const full: TriageBody = { v: 1, kind: 'triage', ...body, by: memberIdOf(me) };
  if (!triageBody.safeParse(full).success) throw new Error('this triage step does not fit a triage record');
  return putRecord(doc, TRIAGE, SignatureDomain.triage, full, me);
}

/**
 * The two maps for guardSignedRecords in room `compartmentId`: a valid record deleted or overwritten
 * is put back, as provenance records are. A step is kept whole on its own validity: whether its
 * report is valid is judged on reading, and putting back a valid signed step changes nothing else.
 */
export const reportGuards = (roster: () => Roster, compartmentId: string): GuardedMap[] => [
  { name: FIELD_REPORTS, accepts: (record) => reportRecordValid(record, roster(), compartmentId) !== null },
  { name: TRIAGE, accepts: (record) => triageRecordValid(record, roster(), compartmentId) !== null },
];
