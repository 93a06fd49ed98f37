import type * as Y from 'yjs';

import { asFact, facts, ORGS, SETTINGS, str, writeFields } from './facts';
import { byPosition } from './positions';

/** The lanes a new workspace's board starts with; each workspace can change its own. */
export const DEFAULT_LANES = ['Identify', 'Collect', 'Target', 'Disrupt', 'Dismantled'] as const;

const MAX_LANES = 12;

export function lanes(doc: Y.Doc): string[] {
  const stored = doc.getMap(SETTINGS).get('lanes');
  return Array.isArray(stored) && stored.length > 0 && stored.every((l) => typeof l === 'string')
    ? stored
    : [...DEFAULT_LANES];
}

/**
 * Sets the workspace's lanes. `renamed` maps an old lane name to its new one, and cards follow;
 * cards of a lane that is gone show in the first lane until someone moves them.
 */
export function setLanes(doc: Y.Doc, next: string[], renamed: Record<string, string> = {}, at = Date.now()): void {
  const clean = next.map((l) => l.trim());
  if (clean.length === 0 || clean.length > MAX_LANES) throw new Error(`a board has 1–${MAX_LANES} lanes`);
  if (clean.some((l) => l.length === 0 || l.length > 40)) throw new Error('a lane name is 1–40 characters');
  if (new Set(clean.map((l) => l.toLowerCase())).size !== clean.length) throw new Error('two lanes have the same name');
  doc.transact(() => {
    doc.getMap(SETTINGS).set('lanes', clean);
    for (const [, value] of facts(doc, ORGS)) {
      const fact = asFact(value);
      const to = fact ? renamed[str(fact, 'lane')] : undefined;
      if (fact && to !== undefined && clean.includes(to)) writeFields(fact, { lane: to }, at);
    }
  });
}

/**
 * The cards shown in one lane, in order, reading only what ordering needs (a move or an add must
 * not walk every network entry of the workspace).
 */
export function laneOrder(doc: Y.Doc, lane: string): Array<{ id: string; position: string }> {
  const names = lanes(doc);
  const out: Array<{ id: string; position: string }> = [];
  facts(doc, ORGS).forEach((value, id) => {
    const fact = asFact(value);
    if (!fact) return;
    const own = str(fact, 'lane');
    if ((names.includes(own) ? own : names[0]) === lane) out.push({ id, position: str(fact, 'position') });
  });
  return out.sort(byPosition);
}
