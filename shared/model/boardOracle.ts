import type * as Y from 'yjs';

import type { BoardLane, Card } from './board';
import { asFact, ENTITIES, facts, LINKS, ORGS, OUTCOMES, str } from './facts';
import { lanes } from './lanes';
import { readEntity } from './network';
import type { NetworkEntity, NetworkLink } from './network';
import { readOrganization } from './organizations';
import { readOutcome } from './outcomes';
import type { Outcome } from './outcomes';
import { byPosition } from './positions';

// The board read in full, each read a pass over the whole document: the test oracle for
// BoardIndex, written apart from it on purpose (tests compare the two after every edit). The app
// and the CLI read the board through the merged board of compartments (shared/compartments), the
// benchmarks through BoardIndex; none of this is exported from the folder's index.

/** The board in one pass over the document: lanes in order, each with its cards in order. */
export function readBoard(doc: Y.Doc): BoardLane[] {
  const names = lanes(doc);
  const networkCount = new Map<string, number>();
  // Network words in entity id order: the same text whatever order the entries arrived in.
  const networkText = new Map<string, Array<[string, string, string]>>();
  facts(doc, ENTITIES).forEach((value, id) => {
    const fact = asFact(value);
    if (!fact) return;
    const org = str(fact, 'org');
    networkCount.set(org, (networkCount.get(org) ?? 0) + 1);
    const words = networkText.get(org) ?? [];
    words.push([id, str(fact, 'name'), str(fact, 'detail')]);
    networkText.set(org, words);
  });
  const outcomeCount = new Map<string, number>();
  facts(doc, OUTCOMES).forEach((value) => {
    const fact = asFact(value);
    if (fact) outcomeCount.set(str(fact, 'org'), (outcomeCount.get(str(fact, 'org')) ?? 0) + 1);
  });
  const byLane = new Map<string, Card[]>(names.map((n) => [n, []]));
  facts(doc, ORGS).forEach((value, id) => {
    const fact = asFact(value);
    if (!fact) return;
    const org = readOrganization(id, fact);
    const shownLane = byLane.has(org.lane) ? org.lane : names[0]!;
    const searchText = [org.name, ...org.aliases, org.summary, ...org.sectors, ...org.cities, org.leadAgency]
      .concat(
        (networkText.get(id) ?? [])
          .sort((a, b) => (a[0] < b[0] ? -1 : 1))
          .flatMap(([, name, detail]) => [name, detail]),
      )
      .join('\n')
      .toLowerCase();
    byLane.get(shownLane)!.push({
      ...org,
      shownLane,
      networkCount: networkCount.get(id) ?? 0,
      outcomeCount: outcomeCount.get(id) ?? 0,
      searchText,
    });
  });
  return names.map((name) => ({ name, cards: byLane.get(name)!.sort(byPosition) }));
}

/** An organization's network: entities, and links whose both ends still exist. */
export function readNetwork(doc: Y.Doc, org: string): { entities: NetworkEntity[]; links: NetworkLink[] } {
  const entities: NetworkEntity[] = [];
  facts(doc, ENTITIES).forEach((value, id) => {
    const fact = asFact(value);
    if (fact && str(fact, 'org') === org) entities.push(readEntity(id, fact));
  });
  entities.sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  const ids = new Set(entities.map((e) => e.id));
  const links: NetworkLink[] = [];
  facts(doc, LINKS).forEach((value, id) => {
    const fact = asFact(value);
    if (!fact || str(fact, 'org') !== org) return;
    const link = { id, org, from: str(fact, 'from'), to: str(fact, 'to'), label: str(fact, 'label') };
    if (ids.has(link.from) && ids.has(link.to)) links.push(link);
  });
  links.sort((a, b) => a.label.localeCompare(b.label) || a.id.localeCompare(b.id));
  return { entities, links };
}

/** An organization's outcomes, newest first. */
export function readOutcomes(doc: Y.Doc, org: string): Outcome[] {
  const out: Outcome[] = [];
  facts(doc, OUTCOMES).forEach((value, id) => {
    const fact = asFact(value);
    if (fact && str(fact, 'org') === org) out.push(readOutcome(id, fact));
  });
  return out.sort((a, b) => b.date.localeCompare(a.date) || a.id.localeCompare(b.id));
}
