import type * as Y from 'yjs';

import { matchesFilter } from './board';
import type { BoardLane, Card } from './board';
import { asFact, ENTITIES, facts, LINKS, ORGS, OUTCOMES, str } from './facts';
import { lanes } from './lanes';
import { readEntity } from './network';
import type { NetworkEntity, NetworkLink } from './network';
import { readOrganization } from './organizations';
import { readOutcome } from './outcomes';
import type { Outcome } from './outcomes';
import { byPosition } from './positions';

/**
 * The board kept up to date as the document changes: a change rebuilds the cards of the
 * organizations it touched, not the whole board. At 2,000 organizations and 20,000 network
 * entries a full read walks everything (about 100 ms here); an edit touches one card.
 * Which organization an entity, link or outcome belongs to is remembered, so moving or removing
 * one marks both its old and its new organization.
 */
export class BoardIndex {
  private readonly cards = new Map<string, Omit<Card, 'shownLane'>>();
  private readonly owner = {
    [ENTITIES]: new Map<string, string>(),
    [LINKS]: new Map(),
    [OUTCOMES]: new Map(),
  } as Record<string, Map<string, string>>;
  private readonly byOrg = { [ENTITIES]: new Map(), [LINKS]: new Map(), [OUTCOMES]: new Map() } as Record<
    string,
    Map<string, Set<string>>
  >;
  private readonly dirty = new Set<string>();
  /** Cards as last read, with the lane they show in. */
  private readonly shown = new Map<string, Card>();
  private last: BoardLane[] | null = null;
  private readonly cleanups: Array<() => void> = [];

  constructor(private readonly doc: Y.Doc) {
    for (const name of [ENTITIES, LINKS, OUTCOMES]) {
      facts(doc, name).forEach((_, id) => this.place(name, id));
      this.watch(name, (id) => this.place(name, id));
    }
    facts(doc, ORGS).forEach((_, id) => this.dirty.add(id));
    this.watch(ORGS, (id) => this.dirty.add(id));
  }

  /**
   * The board as readBoard gives it, from cards rebuilt only where something changed. What did not
   * change keeps its identity — the same card objects, the same lane arrays, the same board if
   * nothing changed — so a view can skip it by reference.
   */
  read(): BoardLane[] {
    const names = lanes(this.doc);
    const sameLanes =
      this.last !== null && this.last.length === names.length && this.last.every((l, i) => l.name === names[i]);
    if (sameLanes && this.dirty.size === 0) return this.last!;
    const shown = (lane: string) => (names.includes(lane) ? lane : names[0]!);
    const touched = new Set<string>();
    for (const id of this.dirty) {
      const before = this.shown.get(id);
      if (before) touched.add(before.shownLane);
      this.rebuild(id);
      const card = this.cards.get(id);
      if (card) {
        const next = { ...card, shownLane: shown(card.lane) };
        this.shown.set(id, next);
        touched.add(next.shownLane);
      } else this.shown.delete(id);
    }
    this.dirty.clear();
    if (!sameLanes) {
      for (const [id, card] of this.shown) this.shown.set(id, { ...card, shownLane: shown(card.lane) });
    }
    const previous = new Map((this.last ?? []).map((l) => [l.name, l]));
    const byLane = new Map<string, Card[]>();
    if (!sameLanes || touched.size > 0) {
      for (const card of this.shown.values()) {
        if (sameLanes && !touched.has(card.shownLane)) continue;
        const list = byLane.get(card.shownLane);
        if (list) list.push(card);
        else byLane.set(card.shownLane, [card]);
      }
    }
    this.last = names.map((name) => {
      const kept = previous.get(name);
      if (sameLanes && kept && !touched.has(name)) return kept;
      return { name, cards: (byLane.get(name) ?? []).sort(byPosition) };
    });
    return this.last;
  }

  /** One organization's card as the board shows it, or undefined if there is none. */
  card(id: string): Card | undefined {
    this.read();
    return this.shown.get(id);
  }

  /**
   * Cards whose text (name, aliases, summary, sectors, cities, lead agency, network names and
   * details) holds every word of `text`, in board order, at most `limit`: the cards' search text is
   * kept with them, so a search reads no document.
   */
  search(text: string, limit = Infinity): Card[] {
    const out: Card[] = [];
    for (const lane of this.read()) {
      for (const card of lane.cards) {
        if (out.length >= limit) return out;
        if (matchesFilter(card, { text })) out.push(card);
      }
    }
    return out;
  }

  /**
   * Organizations, and network entries, whose name holds `text` (any case), in board order, at most
   * `limit` (what "@" offers in a note). Only a card whose search text holds `text` has its own
   * entries read, through the index.
   */
  named(text: string, limit: number): Array<{ card: Card; entity?: NetworkEntity }> {
    return namedOn(this.read(), (org) => this.network(org).entities, text, limit);
  }

  /** An organization's network, from its own entries only. */
  network(org: string): { entities: NetworkEntity[]; links: NetworkLink[] } {
    const entities = this.members(ENTITIES, org).flatMap(([id, fact]) => [readEntity(id, fact)]);
    entities.sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
    const ids = new Set(entities.map((e) => e.id));
    const links = this.members(LINKS, org)
      .map(([id, fact]) => ({ id, org, from: str(fact, 'from'), to: str(fact, 'to'), label: str(fact, 'label') }))
      .filter((l) => ids.has(l.from) && ids.has(l.to))
      .sort((a, b) => a.label.localeCompare(b.label) || a.id.localeCompare(b.id));
    return { entities, links };
  }

  /** An organization's outcomes, newest first. */
  outcomes(org: string): Outcome[] {
    return this.members(OUTCOMES, org)
      .map(([id, fact]) => readOutcome(id, fact))
      .sort((a, b) => b.date.localeCompare(a.date) || a.id.localeCompare(b.id));
  }

  destroy(): void {
    for (const c of this.cleanups.splice(0)) c();
  }

  /** Calls `touched` with the id of every fact of `name` a transaction added, changed or removed. */
  private watch(name: string, touched: (id: string) => void): void {
    const map = facts(this.doc, name);
    const observer = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>) => {
      for (const event of events) {
        if (event.target === map) for (const key of event.keys.keys()) touched(key);
        else if (typeof event.path[0] === 'string') touched(event.path[0]);
      }
    };
    map.observeDeep(observer);
    this.cleanups.push(() => map.unobserveDeep(observer));
  }

  /** Files a network entry, link or outcome under its (possibly new) organization. */
  private place(name: string, id: string): void {
    const owners = this.owner[name]!;
    const before = owners.get(id);
    const fact = asFact(facts(this.doc, name).get(id));
    const after = fact ? str(fact, 'org') : undefined;
    if (before !== undefined) {
      this.byOrg[name]!.get(before)?.delete(id);
      this.dirty.add(before);
    }
    if (after === undefined) owners.delete(id);
    else {
      owners.set(id, after);
      const set = this.byOrg[name]!.get(after) ?? new Set<string>();
      set.add(id);
      this.byOrg[name]!.set(after, set);
      this.dirty.add(after);
    }
  }

  private members(name: string, org: string): Array<[string, Y.Map<unknown>]> {
    const map = facts(this.doc, name);
    const out: Array<[string, Y.Map<unknown>]> = [];
    for (const id of this.byOrg[name]!.get(org) ?? []) {
      const fact = asFact(map.get(id));
      if (fact) out.push([id, fact]);
    }
    return out.sort((a, b) => (a[0] < b[0] ? -1 : 1));
  }

  private rebuild(id: string): void {
    const fact = asFact(facts(this.doc, ORGS).get(id));
    if (!fact) {
      this.cards.delete(id);
      return;
    }
    const org = readOrganization(id, fact);
    const network = this.members(ENTITIES, id);
    const searchText = [org.name, ...org.aliases, org.summary, ...org.sectors, ...org.cities, org.leadAgency]
      .concat(network.flatMap(([, e]) => [str(e, 'name'), str(e, 'detail')]))
      .join('\n')
      .toLowerCase();
    this.cards.set(id, {
      ...org,
      networkCount: network.length,
      outcomeCount: this.byOrg[OUTCOMES]!.get(id)?.size ?? 0,
      searchText,
    });
  }
}

/**
 * Organizations, and network entries, whose name holds `text` (any case), in board order, at most
 * `limit`. Only a card whose search text holds `text` has its entries read (`entitiesOf`). Shared by
 * BoardIndex and the merged board of compartments (the workspace's BoardApi).
 */
export function namedOn<C extends Card, E extends NetworkEntity>(
  board: ReadonlyArray<{ cards: C[] }>,
  entitiesOf: (org: string) => E[],
  text: string,
  limit: number,
): Array<{ card: C; entity?: E }> {
  const q = text.toLowerCase();
  const out: Array<{ card: C; entity?: E }> = [];
  for (const card of board.flatMap((l) => l.cards)) {
    if (card.name.toLowerCase().includes(q)) out.push({ card });
    if (out.length >= limit) break;
    if (!card.searchText.includes(q)) continue;
    for (const entity of entitiesOf(card.id)) {
      if (entity.name.toLowerCase().includes(q) && out.length < limit) out.push({ card, entity });
    }
  }
  return out.slice(0, limit);
}
