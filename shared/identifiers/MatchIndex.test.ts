import { describe, expect, it } from 'vitest';

import { identifierKey, MatchIndex } from './index';
import type { IdentifierKind, Occurrence } from './index';

/** An occurrence of `text` in a network entry of `orgId`, or in a report when orgId is null. */
function occ(kind: IdentifierKind, text: string, factId: string, orgId: string | null): Occurrence {
  const key = identifierKey(kind, text);
  if (key === null) throw new Error(`nothing comparable in ${text}`);
  return { key, kind, text, factId, orgId, reportId: orgId === null ? factId : null, compartmentId: 'core' };
}

const pairs = (ms: Array<{ own: Occurrence; other: Occurrence }>) =>
  ms.map((m) => `${m.own.factId}>${m.other.factId}`).sort();

describe('MatchIndex', () => {
  it('matches a phone written two ways across organizations and reports, never within one organization', () => {
    const index = new MatchIndex();
    index.set('e1', [occ('phone', '+1 956 555 0198', 'e1', 'orgA')]);
    index.set('e2', [occ('phone', '956.555.0198', 'e2', 'orgA')]);
    index.set('e3', [occ('phone', '1-956-555-0198', 'e3', 'orgB')]);
    index.set('r1', [occ('phone', '(956) 555-0198', 'r1', null), occ('name', 'Juan Pérez', 'r1', null)]);
    expect(pairs(index.matchesOf('e1'))).toEqual(['e1>e3', 'e1>r1']);
    expect(pairs(index.matchesOf('r1'))).toEqual(['r1>e1', 'r1>e2', 'r1>e3']);
    expect(pairs(index.matchesOfOrg('orgA'))).toEqual(['e1>e3', 'e1>r1', 'e2>e3', 'e2>r1']);
    expect(index.size).toBe(4);
  });

  it('never matches a fact with itself, even when it holds the same identifier twice', () => {
    const index = new MatchIndex();
    index.set('r1', [occ('name', 'Juan Pérez', 'r1', null), occ('name', 'Pérez, Juan', 'r1', null)]);
    expect(index.matchesOf('r1')).toEqual([]);
    expect(index.shared()).toEqual([]);
  });

  it('matches a plate without a state against each state, but two states not with each other', () => {
    const index = new MatchIndex();
    index.set('tx', [occ('plate', 'TX ABC-1234', 'tx', 'orgA')]);
    index.set('son', [occ('plate', 'SON ABC-1234', 'son', 'orgB')]);
    index.set('r1', [occ('plate', 'abc 1234', 'r1', null)]);
    expect(pairs(index.matchesOf('tx'))).toEqual(['tx>r1']);
    expect(pairs(index.matchesOf('r1'))).toEqual(['r1>son', 'r1>tx']);
    expect(
      index
        .lookup('plate', 'ABC1234')
        .map((o) => o.factId)
        .sort(),
    ).toEqual(['r1', 'son', 'tx']);
    expect(
      index
        .lookup('plate', 'TX:ABC1234')
        .map((o) => o.factId)
        .sort(),
    ).toEqual(['r1', 'tx']);
    const shared = index.shared().map(
      (s) =>
        `${s.key}=${s.occurrences
          .map((o) => o.factId)
          .sort()
          .join(',')}`,
    );
    expect(shared.sort()).toEqual(['plate:SON:ABC1234=r1,son', 'plate:TX:ABC1234=r1,tx']);
  });

  it('keeps shared() up to date as facts come and go', () => {
    const index = new MatchIndex();
    index.set('e1', [occ('name', 'Juan Pérez', 'e1', 'orgA')]);
    index.set('e2', [occ('name', 'juan perez', 'e2', 'orgA')]);
    expect(index.shared()).toEqual([]); // one organization is one owner
    index.set('e3', [occ('name', 'PEREZ, JUAN', 'e3', 'orgB')]);
    expect(index.shared().map((s) => [s.key, s.occurrences.length])).toEqual([['name:juan perez', 3]]);
    index.delete('e3');
    expect(index.shared()).toEqual([]);
    index.set('r1', [occ('name', 'Juan Perez', 'r1', null)]);
    expect(index.shared()).toHaveLength(1);
    index.set('r1', []);
    expect(index.shared()).toEqual([]);
    expect(index.size).toBe(2);
  });

  it('a plate without a state stands alone only while no state holds its characters', () => {
    const index = new MatchIndex();
    index.set('r1', [occ('plate', 'ABC-1234', 'r1', null)]);
    index.set('r2', [occ('plate', 'ABC 1234', 'r2', null)]);
    expect(index.shared().map((s) => s.key)).toEqual(['plate:?:ABC1234']);
    index.set('e1', [occ('plate', 'TX ABC1234', 'e1', 'orgA')]);
    expect(index.shared().map((s) => s.key)).toEqual(['plate:TX:ABC1234']);
    index.delete('e1');
    expect(index.shared().map((s) => s.key)).toEqual(['plate:?:ABC1234']);
  });

  it('looks up an identifier not filed yet, and answers nothing for text without one', () => {
    const index = new MatchIndex();
    index.set('e1', [occ('phone', '+52 55 1234 5678', 'e1', 'orgA')]);
    expect(index.lookup('phone', '044 55 1234 5678').map((o) => o.factId)).toEqual(['e1']);
    expect(index.lookup('phone', 'unknown')).toEqual([]);
    expect(index.lookup('name', 'Juan')).toEqual([]);
  });

  it('replaces what a fact contributed when it is set again', () => {
    const index = new MatchIndex();
    index.set('e1', [occ('phone', '956 555 0198', 'e1', 'orgA')]);
    index.set('r1', [occ('phone', '956 555 0198', 'r1', null)]);
    index.set('e1', [occ('phone', '956 555 0199', 'e1', 'orgA')]);
    expect(index.matchesOf('r1')).toEqual([]);
    expect(index.matchesOfOrg('orgA')).toEqual([]);
    expect(index.shared()).toEqual([]);
  });
});
