import type * as Y from 'yjs';

import { toBase64Url } from '../crypto';
import { readRecord, recordValue } from './signedRecords';
import type { SignedRecord } from './signedRecords';

/** A map of signed records to keep whole, and which of its records deserve it. */
export interface GuardedMap {
  name: string;
  /** Whether a record was signed by someone entitled to write it (junk is not put back). */
  accepts(record: SignedRecord): boolean;
  /** Whether a known record deleted now is still put back (by default, always). */
  keep?(record: SignedRecord): boolean;
  /**
   * Where `keep` may say no because of a fact elsewhere in the document (a change record whose fact's copy
   * is a tombstone): the maps of those facts, and the fact a record is about. When such a fact is live
   * again (its `tombstone` lifted), the records about it that are missing are judged again, so a tombstone
   * planted for a moment cannot make a deletion stick.
   */
  revive?: { maps: readonly string[]; about(record: SignedRecord): { map: string; id: string } | null };
}

/** Called with what was put back: the map and the record ids. */
export type RestoreReport = (map: string, ids: string[]) => void;

/**
 * Signed records (profiles, rounds, ballots, closes) are append-only by meaning, but a Y.Map
 * accepts deletions and overwrites from anyone who can write the document. Every honest client
 * remembers each valid record it has seen and puts back any that is deleted or overwritten, as
 * the roster's guard does for the transport lists: the record is signed, so putting it back
 * restores exactly what was there. Returns a function that stops guarding.
 */
export function guardSignedRecords(
  doc: Y.Doc,
  maps: GuardedMap[],
  schedule: (fn: () => void, ms: number) => () => void,
  onRestore: RestoreReport = () => undefined,
): () => void {
  const stops = maps.map((guarded) => {
    const map = doc.getMap<unknown>(guarded.name);
    const known = new Map<string, SignedRecord>();
    /** Known record ids by the fact they are about (`map/id`), for `revive`. */
    const byFact = new Map<string, string[]>();
    const learn = (id: string, value: unknown) => {
      const record = readRecord(id, value);
      if (!record || known.has(id) || !guarded.accepts(record)) return;
      known.set(id, record);
      const about = guarded.revive?.about(record);
      if (about) byFact.set(`${about.map}/${about.id}`, [...(byFact.get(`${about.map}/${about.id}`) ?? []), id]);
    };
    map.forEach((value, id) => learn(id, value));
    // Deep: a writer can also change a field inside a record (its body or signature) in place.
    const observer = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>) => {
      const touched = new Set<string>();
      for (const event of events) {
        if (event.target === map) event.keys.forEach((_change, id) => touched.add(id));
        else if (typeof event.path[0] === 'string') touched.add(event.path[0]);
      }
      for (const id of touched) if (map.has(id)) learn(id, map.get(id));
      if ([...touched].some((id) => known.has(id))) schedule(() => restore([...touched]), 0);
    };
    const restore = (ids: string[]) => {
      const missing = ids.filter((id) => {
        const record = known.get(id);
        return (
          record !== undefined && !sameRecord(readRecord(id, map.get(id)), record) && (guarded.keep?.(record) ?? true)
        );
      });
      if (missing.length === 0) return;
      doc.transact(() => {
        for (const id of missing) {
          const record = known.get(id)!;
          map.set(id, recordValue(record.body, toBase64Url(record.signature)));
        }
      }, guardedRecordsOrigin);
      onRestore(guarded.name, missing);
    };
    map.observeDeep(observer);
    // A fact whose tombstone went (or whose copy was replaced) may have had records let go: judge them again.
    const revivals = (guarded.revive?.maps ?? []).map((name) => {
      const facts = doc.getMap<unknown>(name);
      const factObserver = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>) => {
        const ids = new Set<string>();
        for (const event of events) {
          if (event.target === facts) event.keys.forEach((_change, id) => ids.add(id));
          else if (typeof event.path[0] === 'string' && event.path.length === 1 && event.keys.has('tombstone'))
            ids.add(event.path[0]);
        }
        const again = [...ids].flatMap((id) => byFact.get(`${name}/${id}`) ?? []);
        if (again.length > 0) schedule(() => restore(again), 0);
      };
      facts.observeDeep(factObserver);
      return () => facts.unobserveDeep(factObserver);
    });
    return () => {
      map.unobserveDeep(observer);
      revivals.forEach((stop) => stop());
    };
  });
  return () => stops.forEach((stop) => stop());
}

function sameRecord(a: SignedRecord | null, b: SignedRecord): boolean {
  return a !== null && a.body === b.body && toBase64Url(a.signature) === toBase64Url(b.signature);
}

/** The origin of transactions that put signed records back. */
const guardedRecordsOrigin = Symbol('unity-table/signed-record-guard');
