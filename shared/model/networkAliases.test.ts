import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';

import { initCrypto } from '../crypto';
import { readNetwork } from './boardOracle';
import { addEntity, addOrganization, ENTITIES, readEntity, updateEntity } from './index';

await initCrypto();

function person(aliases?: string[]) {
  const doc = new Y.Doc();
  const org = addOrganization(doc, { name: 'Sage Tern Circle' });
  const id = addEntity(doc, org, { kind: 'person', name: 'Juan Pérez', detail: '', ...(aliases ? { aliases } : {}) });
  return { doc, org, id, read: () => readNetwork(doc, org).entities.find((e) => e.id === id) };
}

describe('a person’s aliases (issue 15)', () => {
  it('are kept on the person, trimmed, and edited as a list', () => {
    const p = person([' El Flaco ', 'J. P.']);
    expect(p.read()?.aliases).toEqual(['El Flaco', 'J. P.']);
    updateEntity(p.doc, p.id, { aliases: ['El Flaco'] });
    expect(p.read()?.aliases).toEqual(['El Flaco']);
    updateEntity(p.doc, p.id, { aliases: [] });
    expect(p.read()?.aliases).toBeUndefined();
    expect(p.doc.getMap(ENTITIES).get(p.id)).toBeInstanceOf(Y.Map);
    expect((p.doc.getMap(ENTITIES).get(p.id) as Y.Map<unknown>).has('aliases')).toBe(false);
  });

  it('belong to people only: another kind drops them', () => {
    const p = person(['El Flaco']);
    updateEntity(p.doc, p.id, { kind: 'phone', name: '+1 956 555 0198' });
    expect(p.read()?.aliases).toBeUndefined();
    expect((p.doc.getMap(ENTITIES).get(p.id) as Y.Map<unknown>).has('aliases')).toBe(false);
    const doc = new Y.Doc();
    const org = addOrganization(doc, { name: 'Salt Road Crew' });
    const phone = addEntity(doc, org, { kind: 'phone', name: '956 555 0198', detail: '', aliases: ['burner'] });
    expect((doc.getMap(ENTITIES).get(phone) as Y.Map<unknown>).has('aliases')).toBe(false);
  });

  it('refuse more than 20, or one longer than 120 characters, in one sentence, losing nothing', () => {
    const p = person(['El Flaco']);
    expect(() => updateEntity(p.doc, p.id, { aliases: Array.from({ length: 21 }, (_, i) => `alias ${i}`) })).toThrow(
      /aliases/,
    );
    expect(() => updateEntity(p.doc, p.id, { aliases: ['x'.repeat(121)] })).toThrow(/aliases\.0/);
    expect(p.read()?.aliases).toEqual(['El Flaco']);
  });

  it('are read within bounds whatever a hostile peer wrote under the key', () => {
    const p = person();
    const fact = p.doc.getMap(ENTITIES).get(p.id) as Y.Map<unknown>;
    fact.set('aliases', [
      42,
      '  ',
      'La Sombra',
      'y'.repeat(500),
      null,
      ...Array.from({ length: 30 }, (_, i) => `a${i}`),
    ]);
    const read = readEntity(p.id, fact);
    expect(read.aliases?.[0]).toBe('La Sombra');
    expect(read.aliases).toHaveLength(20);
    fact.set('aliases', 'not a list');
    expect(readEntity(p.id, fact).aliases).toBeUndefined();
  });
});
