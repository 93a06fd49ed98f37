import type * as Y from 'yjs';

import { PROVENANCE, provenanceRecordValid } from '../compartments';
import type { Roster } from '../membership';
import { parseBody, readRecords } from '../model';
import type { SignedRecord } from '../model';

/**
 * Who added which fact of one room, as its signed `added` records prove it (the rule of
 * provenanceOfFact: one signer, the earliest of its records; two signers contest each other and
 * neither counts). Records are parsed once and a fact's records are checked only when asked, so a
 * briefing of a week verifies the week's facts, not the year's.
 */
export class RoomProvenance {
  private readonly byFact = new Map<string, SignedRecord[]>();
  private readonly answers = new Map<string, { by: string; at: number } | null>();

  constructor(
    doc: Y.Doc,
    private readonly roster: Roster,
  ) {
    for (const record of readRecords(doc, PROVENANCE)) {
      const body = parseBody(record) as { kind?: unknown; factId?: unknown } | null;
      if (body?.kind !== 'added' || typeof body.factId !== 'string') continue;
      const list = this.byFact.get(body.factId);
      if (list) list.push(record);
      else this.byFact.set(body.factId, [record]);
    }
  }

  /** Facts whose `added` records claim (unchecked) a time in [from, to): candidates for `added`. */
  claimedWithin(from: number, to: number): string[] {
    const out: string[] = [];
    for (const [factId, records] of this.byFact)
      if (
        records.some((r) => {
          const at = (parseBody(r) as { at?: unknown }).at;
          return typeof at === 'number' && at >= from && at < to;
        })
      )
        out.push(factId);
    return out;
  }

  /** The member who added `factId` and when, by valid uncontested signed records; null if none. */
  added(factId: string): { by: string; at: number } | null {
    if (this.answers.has(factId)) return this.answers.get(factId)!;
    let answer: { by: string; at: number } | null = null;
    const signers = new Set<string>();
    for (const record of this.byFact.get(factId) ?? []) {
      const body = provenanceRecordValid(record, this.roster);
      if (body?.kind !== 'added' || body.factId !== factId) continue;
      signers.add(body.by);
      if (!answer || body.at < answer.at) answer = { by: body.by, at: body.at };
    }
    if (signers.size > 1) answer = null;
    this.answers.set(factId, answer);
    return answer;
  }
}
