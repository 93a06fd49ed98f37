import * as Y from 'yjs';

import { randomBytes, toBase64Url } from '../crypto';

/**
 * A fact is one Y.Map in one of the workspace document's top-level maps, keyed by a random id.
 * Every write sets only the fields that changed (two people editing two fields of one card both
 * keep their edit; the same field ends in one value by Yjs's rule) and stamps `at`, so the item
 * that wrote `at` names the member who last changed the fact (see provenance.ts).
 */
export type Fact = Y.Map<unknown>;

export const ORGS = 'organizations';
export const ENTITIES = 'entities';
export const LINKS = 'links';
export const OUTCOMES = 'outcomes';
export const SETTINGS = 'settings';
export const PROFILES = 'profiles';
export const NOTES = 'notes';

export function facts(doc: Y.Doc, name: string): Y.Map<Fact> {
  return doc.getMap<Fact>(name);
}

export function newFactId(): string {
  return toBase64Url(randomBytes(12));
}

/** Adds a fact with `fields` (undefined ones left out), stamped as created and changed at `at`. */
export function createFact(map: Y.Map<Fact>, id: string, fields: Record<string, unknown>, at: number): void {
  const fact = new Y.Map<unknown>();
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) fact.set(k, v);
  fact.set('createdAt', at);
  fact.set('at', at);
  map.set(id, fact);
}

/** Writes the fields whose value differs (undefined deletes); stamps `at` only if something changed. */
export function writeFields(fact: Fact, fields: Record<string, unknown>, at: number): boolean {
  let changed = false;
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) {
      if (fact.has(k)) {
        fact.delete(k);
        changed = true;
      }
    } else if (!sameValue(fact.get(k), v)) {
      fact.set(k, v);
      changed = true;
    }
  }
  if (changed) fact.set('at', at);
  return changed;
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/** A fact as the map it should be: anything else a peer wrote under that id is ignored. */
export function asFact(value: unknown): Fact | null {
  return value instanceof Y.Map ? value : null;
}

// Readers never trust shape: a member's client could have written anything under a key.

export function str(fact: Fact, key: string, fallback = ''): string {
  const v = fact.get(key);
  return typeof v === 'string' ? v : fallback;
}

export function strs(fact: Fact, key: string): string[] {
  const v = fact.get(key);
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

export function num(fact: Fact, key: string): number | null {
  const v = fact.get(key);
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

export function oneOf<T extends string>(allowed: readonly T[], value: unknown, fallback: T): T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

/** The fact `id` of `map`, or a clear error naming `what` it was meant to be. */
export function existing(doc: Y.Doc, map: string, id: string, what: string): Fact {
  const fact = asFact(facts(doc, map).get(id));
  if (!fact) throw new Error(`no ${what} ${id}: it may have been removed`);
  return fact;
}

/** The fact `id` of the top-level map `map`, or null. */
export function findFact(doc: Y.Doc, map: string, id: string): Fact | null {
  return asFact(facts(doc, map).get(id));
}
