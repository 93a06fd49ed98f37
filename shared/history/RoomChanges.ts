import type * as Y from 'yjs';

import type { Roster } from '../membership';
import { readRecord } from '../model';
import type { SignedRecord } from '../model';
import { CHANGES, changeBodyOf, changeSigned } from './changeRecords';
import type { ChangeBody } from './changeRecords';
import type { ChangeEntry } from './types';

/** A record of the right shape for this room; `signed` once its signature was checked. */
interface Held {
  record: SignedRecord;
  body: ChangeBody;
  entry: ChangeEntry;
  signed?: boolean;
}

/**
 * The signed change records of one room's `workspace` document, kept up to date per record: a change
 * of the map re-reads only the records it touched. Signatures are checked when a record is first
 * asked for (a card's panel checks that card's records, "changed since" only those in its window), and
 * each once: a year of changes costs nothing until someone reads it.
 */
export class RoomChanges {
  private readonly held = new Map<string, Held>();
  private readonly byOrg = new Map<string, Set<string>>();
  private readonly stop: () => void;

  constructor(
    private readonly doc: Y.Doc,
    readonly compartmentId: string,
    private roster: Roster,
    private readonly onChange: () => void = () => undefined,
  ) {
    const map = doc.getMap<unknown>(CHANGES);
    const observer = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>) => {
      for (const event of events) {
        if (event.target === map) for (const key of event.keys.keys()) this.read(key);
        else if (typeof event.path[0] === 'string') this.read(event.path[0]);
      }
      this.onChange();
    };
    map.observeDeep(observer);
    this.stop = () => map.unobserveDeep(observer);
    this.readAll();
  }

  get document(): Y.Doc {
    return this.doc;
  }

  /** A new roster (a removed member's records stay; a stranger's stay out): every record is judged again. */
  setRoster(roster: Roster): void {
    this.roster = roster;
    this.readAll();
  }

  /** The valid records about organization `orgId`, in no particular order. */
  forOrganization(orgId: string): ChangeEntry[] {
    return this.valid([...(this.byOrg.get(orgId) ?? [])].map((key) => this.held.get(key)!));
  }

  /** The valid records stamped between `from` and `to` (inclusive), in no particular order. */
  between(from: number, to: number): ChangeEntry[] {
    return this.valid([...this.held.values()].filter((h) => h.body.at >= from && h.body.at <= to));
  }

  destroy(): void {
    this.stop();
  }

  private valid(held: Held[]): ChangeEntry[] {
    const out: ChangeEntry[] = [];
    for (const h of held) {
      h.signed ??= changeSigned(h.record, h.body, this.roster);
      if (h.signed) out.push(h.entry);
    }
    return out;
  }

  private readAll(): void {
    const seen = new Set<string>();
    this.doc.getMap<unknown>(CHANGES).forEach((_v, key) => {
      seen.add(key);
      this.read(key);
    });
    for (const key of [...this.held.keys()]) if (!seen.has(key)) this.read(key);
  }

  private read(key: string): void {
    const before = this.held.get(key);
    if (before) {
      const set = this.byOrg.get(before.body.orgId);
      set?.delete(key);
      if (set?.size === 0) this.byOrg.delete(before.body.orgId);
      this.held.delete(key);
    }
    const record = readRecord(key, this.doc.getMap<unknown>(CHANGES).get(key));
    const body = record ? changeBodyOf(record, this.roster, this.compartmentId) : null;
    if (!record || !body) return;
    const { orgId, by, at, change } = body;
    const entry: ChangeEntry = { id: key, orgId, compartmentId: this.compartmentId, by, at, change, proof: 'signed' };
    this.held.set(key, { record, body, entry });
    this.byOrg.set(orgId, (this.byOrg.get(orgId) ?? new Set()).add(key));
  }
}
