import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';

import { initCrypto } from '../crypto';
import { readBoard, readNetwork, readOutcomes } from './boardOracle';
import {
  addEntity,
  addLink,
  addOrganization,
  addOutcome,
  createBoardUndo,
  matchesFilter,
  moveOrganization,
  removeEntity,
  removeOrganization,
  setLanes,
  updateOrganization,
} from './index';

await initCrypto();

const names = (doc: Y.Doc) => readBoard(doc).map((l) => [l.name, l.cards.map((c) => c.name)]);

function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

describe('organizations on the board', () => {
  it('adds cards at the end of their lane, with every field, and reads them back', () => {
    const doc = new Y.Doc();
    const a = addOrganization(doc, { name: 'Granite Wolves', threat: 'high', activities: ['narcotics', 'weapons'] });
    addOrganization(doc, { name: 'Salt Road Crew', lane: 'Target' });
    addOrganization(doc, { name: 'Blue Heron Cell' });
    expect(names(doc)).toEqual([
      ['Identify', ['Granite Wolves', 'Blue Heron Cell']],
      ['Collect', []],
      ['Target', ['Salt Road Crew']],
      ['Disrupt', []],
      ['Dismantled', []],
    ]);
    updateOrganization(doc, a, { aliases: ['GW'], sectors: ['Sector 4'], leadAgency: 'DEA', summary: 'Moves pills' });
    const card = readBoard(doc)[0]!.cards[0]!;
    expect(card).toMatchObject({ name: 'Granite Wolves', threat: 'high', aliases: ['GW'], leadAgency: 'DEA' });
    expect(card.activities).toEqual(['narcotics', 'weapons']);
  });

  it('refuses bad input with a clear message and changes nothing', () => {
    const doc = new Y.Doc();
    expect(() => addOrganization(doc, { name: '   ' })).toThrow(/needs a name/);
    expect(() => addOrganization(doc, { name: 'X', lane: 'Nowhere' })).toThrow(/no lane "Nowhere"/);
    const id = addOrganization(doc, { name: 'Kept' });
    // @ts-expect-error: a threat level outside the list, as a buggy caller could send
    expect(() => updateOrganization(doc, id, { threat: 'apocalyptic' })).toThrow(/threat/);
    expect(() => updateOrganization(doc, 'missing', { name: 'Y' })).toThrow(/no organization missing/);
    expect(readBoard(doc)[0]!.cards.map((c) => [c.name, c.threat])).toEqual([['Kept', 'moderate']]);
  });

  it('moves a card within and between lanes by index', () => {
    const doc = new Y.Doc();
    const [a, b, c] = ['A', 'B', 'C'].map((name) => addOrganization(doc, { name }));
    moveOrganization(doc, c!, { lane: 'Identify', index: 0 });
    expect(names(doc)[0]).toEqual(['Identify', ['C', 'A', 'B']]);
    moveOrganization(doc, a!, { lane: 'Collect' });
    moveOrganization(doc, b!, { lane: 'Collect', index: 0 });
    expect(names(doc).slice(0, 2)).toEqual([
      ['Identify', ['C']],
      ['Collect', ['B', 'A']],
    ]);
    expect(() => moveOrganization(doc, a!, { lane: 'Nowhere' })).toThrow(/no lane/);
  });

  it('keeps both people’s edits of different fields, and one value for the same field', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    const id = addOrganization(a, { name: 'Shared Card' });
    sync(a, b);
    updateOrganization(a, id, { summary: 'from A' });
    updateOrganization(b, id, { leadAgency: 'CBP' });
    updateOrganization(a, id, { threat: 'high' });
    updateOrganization(b, id, { threat: 'critical' });
    moveOrganization(b, id, { lane: 'Disrupt' });
    sync(a, b);
    const [ca, cb] = [a, b].map((d) => readBoard(d).flatMap((l) => l.cards)[0]!);
    expect(ca).toEqual(cb);
    expect(ca).toMatchObject({ summary: 'from A', leadAgency: 'CBP', shownLane: 'Disrupt' });
    expect(['high', 'critical']).toContain(ca!.threat);
  });

  it('removes an organization with its network and outcomes', () => {
    const doc = new Y.Doc();
    const org = addOrganization(doc, { name: 'Gone' });
    const p = addEntity(doc, org, { kind: 'person', name: 'Courier Nine', role: 'money courier', detail: '' });
    addOutcome(doc, org, { kind: 'arrest', date: '2026-03-01', agency: 'HSI', note: '' });
    expect(readBoard(doc)[0]!.cards[0]).toMatchObject({ networkCount: 1, outcomeCount: 1 });
    removeOrganization(doc, org);
    expect(readBoard(doc).flatMap((l) => l.cards)).toEqual([]);
    expect(doc.getMap('entities').has(p)).toBe(false);
    expect(doc.getMap('outcomes').size).toBe(0);
  });

  it('renames lanes with their cards; cards of a removed lane show in the first lane', () => {
    const doc = new Y.Doc();
    addOrganization(doc, { name: 'In Collect', lane: 'Collect' });
    addOrganization(doc, { name: 'In Disrupt', lane: 'Disrupt' });
    setLanes(doc, ['Watch', 'Gather', 'Act'], { Collect: 'Gather' });
    expect(names(doc)).toEqual([
      ['Watch', ['In Disrupt']],
      ['Gather', ['In Collect']],
      ['Act', []],
    ]);
    expect(() => setLanes(doc, ['A', 'a'])).toThrow(/same name/);
    expect(() => setLanes(doc, [])).toThrow(/1–12 lanes/);
  });

  it('reads whatever a peer wrote without crashing (wrong types fall back to defaults)', () => {
    const doc = new Y.Doc();
    const id = addOrganization(doc, { name: 'Sturdy' });
    const fact = doc.getMap<Y.Map<unknown>>('organizations').get(id)!;
    fact.set('threat', 42);
    fact.set('activities', 'narcotics');
    fact.set('position', '!!not a key');
    doc.getMap('organizations').set('junk', 'not a map');
    const card = readBoard(doc)[0]!.cards[0]!;
    expect(card).toMatchObject({ name: 'Sturdy', threat: 'moderate', activities: [] });
    const other = addOrganization(doc, { name: 'After junk' });
    moveOrganization(doc, other, { lane: 'Identify', index: 0 });
    expect(names(doc)[0]![1]).toHaveLength(2);
  });
});

describe('network and outcomes', () => {
  it('links entities of one organization and drops links with a removed entity', () => {
    const doc = new Y.Doc();
    const org = addOrganization(doc, { name: 'Net' });
    const other = addOrganization(doc, { name: 'Other' });
    const boss = addEntity(doc, org, { kind: 'person', name: 'El Capataz', role: 'leader', detail: '' });
    const phone = addEntity(doc, org, { kind: 'phone', name: '+1 555 0100', detail: 'burner' });
    const house = addEntity(doc, org, { kind: 'location', name: 'Ranch 7', locationKind: 'stash house', detail: '' });
    const stranger = addEntity(doc, other, { kind: 'vehicle', name: 'White van', detail: '' });
    addLink(doc, { from: boss, to: phone, label: 'uses' });
    addLink(doc, { from: boss, to: house, label: 'runs' });
    expect(() => addLink(doc, { from: boss, to: stranger, label: 'x' })).toThrow(/same organization/);
    expect(() => addLink(doc, { from: boss, to: boss, label: 'x' })).toThrow(/two different/);
    const net = readNetwork(doc, org);
    expect(net.entities.map((e) => [e.kind, e.name, e.role ?? e.locationKind ?? null])).toEqual([
      ['location', 'Ranch 7', 'stash house'],
      ['person', 'El Capataz', 'leader'],
      ['phone', '+1 555 0100', null],
    ]);
    expect(net.links.map((l) => l.label)).toEqual(['runs', 'uses']);
    removeEntity(doc, phone);
    expect(readNetwork(doc, org).links.map((l) => l.label)).toEqual(['runs']);
    expect(doc.getMap('links').size).toBe(1);
  });

  it('records outcomes newest first and checks a seizure says what was seized', () => {
    const doc = new Y.Doc();
    const org = addOrganization(doc, { name: 'Org' });
    addOutcome(doc, org, { kind: 'indictment', date: '2026-01-10', agency: 'USAO', note: '3 counts' });
    addOutcome(doc, org, {
      kind: 'seizure',
      date: '2026-02-02',
      agency: 'CBP',
      note: '',
      seizure: { category: 'narcotics', drugKind: 'methamphetamine', weightKg: 42.5 },
    });
    expect(() => addOutcome(doc, org, { kind: 'seizure', date: '2026-02-03', agency: 'CBP', note: '' })).toThrow(
      /what was seized/,
    );
    expect(() => addOutcome(doc, org, { kind: 'arrest', date: '02/03/2026', agency: 'CBP', note: '' })).toThrow(
      /YYYY-MM-DD/,
    );
    expect(readOutcomes(doc, org).map((o) => [o.kind, o.seizure?.weightKg ?? null])).toEqual([
      ['seizure', 42.5],
      ['indictment', null],
    ]);
  });
});

describe('search and filters', () => {
  it('finds cards by text anywhere in the card or its network, and by lane, agency, activity, threat', () => {
    const doc = new Y.Doc();
    const a = addOrganization(doc, {
      name: 'Copper Line',
      leadAgency: 'DEA',
      activities: ['narcotics'],
      threat: 'high',
    });
    addEntity(doc, a, { kind: 'vehicle', name: 'Grey pickup', detail: 'plate XRT-221' });
    addOrganization(doc, {
      name: 'Night Ferry',
      leadAgency: 'USCG',
      activities: ['human smuggling'],
      lane: 'Target',
    });
    const cards = readBoard(doc).flatMap((l) => l.cards);
    const hit = (f: Parameters<typeof matchesFilter>[1]) => cards.filter((c) => matchesFilter(c, f)).map((c) => c.name);
    expect(hit({ text: 'xrt-221' })).toEqual(['Copper Line']);
    expect(hit({ text: 'night ferry' })).toEqual(['Night Ferry']);
    expect(hit({ lane: 'Target' })).toEqual(['Night Ferry']);
    expect(hit({ agency: 'DEA' })).toEqual(['Copper Line']);
    expect(hit({ activity: 'human smuggling' })).toEqual(['Night Ferry']);
    expect(hit({ threat: 'high', agency: 'USCG' })).toEqual([]);
  });
});

describe('undo and redo', () => {
  it('takes back one’s own edits only, never a colleague’s', () => {
    const mine = new Y.Doc();
    const theirs = new Y.Doc();
    const id = addOrganization(mine, { name: 'Undoable' });
    sync(mine, theirs);
    const undo = createBoardUndo(mine);
    updateOrganization(mine, id, { summary: 'my words' });
    undo.stopCapturing();
    updateOrganization(theirs, id, { leadAgency: 'FBI' });
    Y.applyUpdate(mine, Y.encodeStateAsUpdate(theirs, Y.encodeStateVector(mine)), 'remote');
    undo.undo();
    const card = () => readBoard(mine)[0]!.cards[0]!;
    expect(card()).toMatchObject({ summary: '', leadAgency: 'FBI' });
    undo.redo();
    expect(card()).toMatchObject({ summary: 'my words', leadAgency: 'FBI' });
  });
});
