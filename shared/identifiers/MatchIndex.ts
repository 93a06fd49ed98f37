import { identifierKey, plateOfKey } from './identifierKey';
import type { IdentifierKind, Occurrence } from './types';

/** One of a fact's occurrences found elsewhere. */
export interface OccurrenceMatch {
  own: Occurrence;
  other: Occurrence;
}

/** An identifier held by two or more owners, with every place it occurs. */
export interface SharedIdentifier {
  key: string;
  kind: IdentifierKind;
  occurrences: Occurrence[];
}

/** The occurrences of one key, by fact (each fact holds a key once). */
type Bucket = Map<string, Occurrence>;

/**
 * Incremental matching over what this member may read: each fact (a network entry or a field
 * report) contributes its occurrences; `set` and `delete` cost what that fact holds, and
 * `shared()` refreshes only the identifiers touched since it was last asked. Pure: no Yjs, no
 * clock. Keys compare with keysMatch: equal, or a plate without a state against the same
 * characters in any state.
 *
 * An owner is an organization (entries) or a report: an identifier twice in one organization's
 * network is not a connection, and a fact never matches itself.
 */
export class MatchIndex {
  private readonly facts = new Map<string, Occurrence[]>();
  private readonly buckets = new Map<string, Bucket>();
  /** Plate characters → the plate keys (any state, '?' included) that hold occurrences. */
  private readonly plates = new Map<string, Set<string>>();
  private readonly orgFacts = new Map<string, Set<string>>();
  private readonly sharedByKey = new Map<string, SharedIdentifier>();
  private readonly dirty = new Set<string>();
  private list: SharedIdentifier[] | null = null;

  /** How many facts contribute at least one occurrence. */
  get size(): number {
    return this.facts.size;
  }

  /** Replaces what one fact (an entry or a report) contributes; [] removes it. One occurrence per key is kept. */
  set(factId: string, occurrences: Occurrence[]): void {
    this.delete(factId);
    const list: Occurrence[] = [];
    for (const o of occurrences) if (!list.some((k) => k.key === o.key)) list.push(o);
    if (list.length === 0) return;
    this.facts.set(factId, list);
    let lastOrg: string | null = null;
    for (const o of list) {
      let bucket = this.buckets.get(o.key);
      if (!bucket) {
        bucket = new Map();
        this.buckets.set(o.key, bucket);
        if (o.kind === 'plate') {
          const plate = plateOfKey(o.key);
          if (plate) setOf(this.plates, plate.chars).add(o.key);
        }
      }
      bucket.set(factId, o);
      if (o.orgId !== null && o.orgId !== lastOrg) setOf(this.orgFacts, (lastOrg = o.orgId)).add(factId);
      this.dirty.add(o.key);
    }
  }

  /** Removes what one fact contributes. */
  delete(factId: string): void {
    const old = this.facts.get(factId);
    if (!old) return;
    this.facts.delete(factId);
    for (const o of old) {
      const bucket = this.buckets.get(o.key);
      if (bucket) {
        bucket.delete(factId);
        if (bucket.size === 0) {
          this.buckets.delete(o.key);
          const plate = plateOfKey(o.key);
          if (plate) dropFrom(this.plates, plate.chars, o.key);
        }
      }
      if (o.orgId !== null) dropFrom(this.orgFacts, o.orgId, factId);
      this.dirty.add(o.key);
    }
  }

  /** Each of this fact's occurrences matched elsewhere: never the fact itself, never an entry of the same organization. */
  matchesOf(factId: string): OccurrenceMatch[] {
    const out: OccurrenceMatch[] = [];
    for (const own of this.facts.get(factId) ?? []) {
      for (const key of this.matchingKeys(own.key)) {
        for (const [otherFact, other] of this.buckets.get(key) ?? []) {
          if (otherFact === factId) continue;
          if (own.orgId !== null && other.orgId === own.orgId) continue;
          out.push({ own, other });
        }
      }
    }
    return out;
  }

  /** The same for every entry of one organization (the card's badge). */
  matchesOfOrg(orgId: string): OccurrenceMatch[] {
    return [...(this.orgFacts.get(orgId) ?? [])].flatMap((factId) => this.matchesOf(factId));
  }

  /** Occurrences matching an identifier not filed yet (the form's preview, `report add`'s answer). */
  lookup(kind: IdentifierKind, text: string): Occurrence[] {
    const key = identifierKey(kind, text);
    if (key === null) return [];
    return this.matchingKeys(key).flatMap((k) => [...(this.buckets.get(k)?.values() ?? [])]);
  }

  /**
   * Identifiers held by two or more owners (an owner is an organization, or a report). A plate
   * with a state gathers the same characters written without one; a plate without a state is its
   * own entry only while no state holds its characters.
   */
  shared(): SharedIdentifier[] {
    if (this.dirty.size > 0) this.refresh();
    this.list ??= [...this.sharedByKey.values()];
    return [...this.list];
  }

  /** The key itself and, for a plate, the keys keysMatch pairs it with. */
  private matchingKeys(key: string): string[] {
    const plate = plateOfKey(key);
    if (!plate) return [key];
    if (plate.state === '?') return [...(this.plates.get(plate.chars) ?? [])];
    const unknown = `plate:?:${plate.chars}`;
    return this.buckets.has(unknown) ? [key, unknown] : [key];
  }

  /**
   * Regroups touched identifiers until `stop()` says so (asked after each); true when none is
   * left. What it leaves is regrouped by the next call, or by `shared()`, which never answers from
   * a half-done refresh. Lets a caller build the shared identifiers in slices that yield.
   */
  settle(stop: () => boolean): boolean {
    for (const key of this.dirty) {
      this.dirty.delete(key);
      this.regroup(key);
      const plate = plateOfKey(key);
      if (plate) {
        // A plate's group depends on the same characters in other states: those are regrouped with it.
        this.regroup(`plate:?:${plate.chars}`);
        for (const related of this.plates.get(plate.chars) ?? []) this.regroup(related);
      }
      if (this.dirty.size > 0 && stop()) return false;
    }
    return true;
  }

  private refresh(): void {
    this.settle(() => false);
  }

  private regroup(key: string): void {
    const group = this.group(key);
    if (group) this.sharedByKey.set(key, group);
    else this.sharedByKey.delete(key);
    this.list = null;
  }

  private group(key: string): SharedIdentifier | null {
    const bucket = this.buckets.get(key);
    if (!bucket) return null;
    const plate = plateOfKey(key);
    let occurrences: Occurrence[];
    if (plate && plate.state !== '?') {
      const unknown = this.buckets.get(`plate:?:${plate.chars}`);
      if (!unknown && !twoOwners(bucket.values())) return null;
      occurrences = unknown ? [...bucket.values(), ...unknown.values()] : [...bucket.values()];
      if (!twoOwners(occurrences)) return null;
    } else {
      if (plate && (this.plates.get(plate.chars)?.size ?? 0) > 1) return null; // a state's entry holds it
      if (!twoOwners(bucket.values())) return null;
      occurrences = [...bucket.values()];
    }
    return { key, kind: occurrences[0]!.kind, occurrences };
  }
}

/** An organization (entries) or a report: who holds an occurrence. */
function ownerOf(o: Occurrence): string {
  return o.orgId !== null ? `org:${o.orgId}` : `report:${o.reportId ?? o.factId}`;
}

/** Whether the occurrences have at least two owners (stops at the second). */
function twoOwners(occurrences: Iterable<Occurrence>): boolean {
  let first: string | null = null;
  for (const o of occurrences) {
    const owner = ownerOf(o);
    if (first === null) first = owner;
    else if (owner !== first) return true;
  }
  return false;
}

function setOf<K, V>(map: Map<K, Set<V>>, key: K): Set<V> {
  let set = map.get(key);
  if (!set) {
    set = new Set();
    map.set(key, set);
  }
  return set;
}

function dropFrom<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) map.delete(key);
}
