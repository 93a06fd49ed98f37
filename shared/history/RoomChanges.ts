import type * as Y from 'yjs';

import type { Roster } from '../membership';
import { readRecord } from '../model';
import { CHANGES, changeRecordValid } from './changeRecords';
import type { ChangeEntry } from './types';

/**
 * The signed change records of one room's `workspace` document, as every reader checks them, kept up
 * to date per record: a change of the map reads only the records it touched (a new record among
 * thousands costs one signature check; recordValidOnce remembers the rest).
 */
export class RoomChanges {
  private readonly entries = new Map<string, ChangeEntry>();
  private readonly byOrg = new Map<string, Set<string>>();
  private readonly stop: () => void;
  /** Bumped on every change of this room's records. */
  version = 0;

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
      this.version++;
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
    this.version++;
  }

  /** The valid records about organization `orgId`, in no particular order. */
  forOrganization(orgId: string): ChangeEntry[] {
    return [...(this.byOrg.get(orgId) ?? [])].map((key) => this.entries.get(key)!);
  }

  all(): ChangeEntry[] {
    return [...this.entries.values()];
  }

  destroy(): void {
    this.stop();
  }

  private readAll(): void {
    const seen = new Set<string>();
    this.doc.getMap<unknown>(CHANGES).forEach((_v, key) => {
      seen.add(key);
      this.read(key);
    });
    for (const key of [...this.entries.keys()]) if (!seen.has(key)) this.read(key);
  }

  private read(key: string): void {
    const before = this.entries.get(key);
    if (before) {
      const set = this.byOrg.get(before.orgId);
      set?.delete(key);
      if (set?.size === 0) this.byOrg.delete(before.orgId);
      this.entries.delete(key);
    }
    const record = readRecord(key, this.doc.getMap<unknown>(CHANGES).get(key));
    const body = record ? changeRecordValid(record, this.roster, this.compartmentId) : null;
    if (!body) return;
    const { orgId, by, at, change } = body;
    this.entries.set(key, { id: key, orgId, compartmentId: this.compartmentId, by, at, change, proof: 'signed' });
    this.byOrg.set(orgId, (this.byOrg.get(orgId) ?? new Set()).add(key));
  }
}
