import { describe, expect, it } from 'vitest';

import type { Connection } from '../../shared/reports';
import { connectionGraph, sharedCounts } from './connectionGraph';

const fact = (orgId: string | null, factId: string, text = 'x') => ({
  orgId,
  reportId: orgId === null ? factId : null,
  factId,
  text,
  compartmentId: 'c',
});

const plate: Connection = {
  key: 'plate:TX:ABC1234',
  kind: 'plate',
  identifier: 'TX ABC1234',
  facts: [fact('a', 'e1', 'TX ABC-1234'), fact('b', 'e2', 'tx:abc1234'), fact('a', 'e3', 'TX ABC 1234')],
};
const phone: Connection = {
  key: 'phone:+19565550198',
  kind: 'phone',
  identifier: '+1 956 555 0198',
  facts: [fact('a', 'e4'), fact(null, 'r1')],
};
const label = { org: (id: string) => `Org ${id}`, report: (id: string) => `Report ${id}` };

describe('connectionGraph', () => {
  it('draws each owner once and one labelled edge per identifier and pair', () => {
    const { nodes, edges } = connectionGraph([plate, phone], label);
    expect(nodes).toEqual([
      { id: 'org:a', label: 'Org a', kind: 'organization' },
      { id: 'org:b', label: 'Org b', kind: 'organization' },
      { id: 'report:r1', label: 'Report r1', kind: 'report' },
    ]);
    expect(edges.map((e) => [e.source, e.target, e.label])).toEqual([
      ['org:a', 'org:b', 'TX ABC1234'],
      ['org:a', 'report:r1', '+1 956 555 0198'],
    ]);
    expect(new Set(edges.map((e) => e.id)).size).toBe(edges.length);
  });

  it('links every pair of a few owners, and many owners as a star', () => {
    const few: Connection = { ...plate, facts: ['a', 'b', 'c'].map((o, i) => fact(o, `e${i}`)) };
    expect(connectionGraph([few], label).edges).toHaveLength(3);
    const many: Connection = { ...plate, facts: Array.from({ length: 10 }, (_, i) => fact(`o${i}`, `e${i}`)) };
    const star = connectionGraph([many], label).edges;
    expect(star).toHaveLength(9);
    expect(new Set(star.map((e) => e.source))).toEqual(new Set(['org:o0']));
  });
});

describe('sharedCounts', () => {
  it('counts each shared identifier once per organization holding it', () => {
    expect(sharedCounts([plate, phone])).toEqual(
      new Map([
        ['a', 2],
        ['b', 1],
      ]),
    );
  });
});
