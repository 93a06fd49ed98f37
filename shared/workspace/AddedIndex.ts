import type * as Y from 'yjs';

import { PROVENANCE, provenanceRecordValid } from '../compartments';
import type { Roster } from '../membership';
import { parseBody, readRecord } from '../model';

/**
 * Who added a fact, per room, as provenanceOfFact proves it (one signer of valid `added` records, else
 * nobody), without reading every provenance record for each question: records are filed by the fact
 * they name as they arrive (parsed, not yet checked), and only a fact's own records are checked when
 * asked, the answer kept until one of them or the roster changes. A match line or a source asks this
 * for a handful of facts among tens of thousands.
 */
export class AddedIndex {
  /** room ␤ fact id → ids of the records naming it; room ␤ record id → the fact it names. */
  private readonly recordsOf = new Map<string, Set<string>>();
  private readonly factOf = new Map<string, string>();
  private readonly answers = new Map<string, string | null>();
  private readonly docs = new Map<string, Y.Doc>();
  private roster: Roster | null = null;

  /** Files a room's records and follows its changes; returns what stops it. */
  watch(room: string, doc: Y.Doc): () => void {
    this.docs.set(room, doc);
    const map = doc.getMap<unknown>(PROVENANCE);
    map.forEach((_v, id) => this.file(room, map, id));
    const observer = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>) => {
      for (const event of events) {
        const ids = event.target === map ? [...event.keys.keys()] : [event.path[0]];
        for (const id of ids) if (typeof id === 'string') this.file(room, map, id);
      }
    };
    map.observeDeep(observer);
    return () => {
      map.unobserveDeep(observer);
      this.docs.delete(room);
      this.answers.clear();
    };
  }

  /** The one member whose valid `added` records in `room` name `factId`, or null (none, or two signers contest). */
  addedBy(room: string, factId: string, roster: Roster): string | null {
    if (roster !== this.roster) {
      this.answers.clear();
      this.roster = roster;
    }
    const key = `${room}\n${factId}`;
    if (this.answers.has(key)) return this.answers.get(key)!;
    const map = this.docs.get(room)?.getMap<unknown>(PROVENANCE);
    const signers = new Set<string>();
    for (const id of this.recordsOf.get(key) ?? []) {
      const record = map && readRecord(id, map.get(id));
      const body = record ? provenanceRecordValid(record, roster) : null;
      if (body?.kind === 'added' && body.factId === factId) signers.add(body.by);
    }
    const answer = signers.size === 1 ? [...signers][0]! : null;
    this.answers.set(key, answer);
    return answer;
  }

  private file(room: string, map: Y.Map<unknown>, id: string): void {
    const at = `${room}\n${id}`;
    const before = this.factOf.get(at);
    if (before !== undefined) {
      this.recordsOf.get(before)?.delete(id);
      this.answers.delete(before);
      this.factOf.delete(at);
    }
    const record = readRecord(id, map.get(id));
    const body = record ? parseBody(record) : null;
    const factId = body && typeof body === 'object' ? (body as { factId?: unknown }).factId : undefined;
    if (typeof factId !== 'string') return;
    const key = `${room}\n${factId}`;
    this.factOf.set(at, key);
    this.recordsOf.set(key, (this.recordsOf.get(key) ?? new Set()).add(id));
    this.answers.delete(key);
  }
}
