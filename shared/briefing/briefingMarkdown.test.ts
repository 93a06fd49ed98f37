import { describe, expect, it } from 'vitest';

import { emptyTotals } from '../metrics';
import { briefingMarkdown } from './index';
import type { Briefing } from './index';

const AMBER = 'TLP:AMBER — Task force';
const GREEN = 'TLP:GREEN — REL TO PARTNER DESK';
const person = (name: string, agency: string) => ({ memberId: `m-${name}`, name, agency });
const HOSTILE = '[click](javascript:alert(1)) <img src=x onerror=alert(2)> *bold* | pipe';

/** A small briefing written out by hand: the exporter is tested without a workspace. */
function sample(): Briefing {
  const totals = {
    ...emptyTotals(),
    arrests: 3,
    seizures: 1,
    kg: 12.5,
    kgByDrug: { methamphetamine: 12.5 },
    usd: 48_200,
  };
  const at = Date.parse('2026-11-25T10:00:00Z');
  return {
    workspaceTitle: 'Sector Table',
    from: '2026-11-23',
    to: '2026-11-29',
    madeAt: at,
    madeBy: person('Dana Whitfield', 'HSI'),
    audience: { compartmentId: 'rel', title: 'Partner Desk', banner: GREEN },
    bluf: 'Two seizures this week.',
    priorities: [
      {
        rank: 1,
        orgId: 'o1',
        name: 'Harbor Kite Network',
        previousRank: 3,
        roundTitle: 'Q4',
        compartmentId: 'rel',
        marking: GREEN,
      },
      {
        rank: 2,
        orgId: 'o2',
        name: HOSTILE,
        previousRank: null,
        roundTitle: 'Q4',
        compartmentId: 'rel',
        marking: GREEN,
      },
    ],
    laneChanges: [
      {
        orgId: 'o1',
        name: 'Harbor Kite Network',
        from: 'Identify',
        to: 'Disrupt',
        by: person('Ines Partida', 'State Police'),
        at,
        compartmentId: 'rel',
        marking: GREEN,
      },
    ],
    organizations: [
      {
        ...{ orgId: 'o1', name: 'Harbor Kite Network', lane: 'Disrupt', compartmentId: 'rel', marking: GREEN },
        entries: [
          {
            id: 'e1',
            kind: 'person',
            label: 'Lena Marsh',
            addedBy: person('Ines Partida', 'State Police'),
            addedAt: at,
            compartmentId: 'rel',
            marking: GREEN,
          },
        ],
        outcomes: [
          {
            id: 'x1',
            kind: 'seizure',
            date: '2026-11-24',
            agency: 'DEA',
            summary: '12.5 kg methamphetamine',
            addedBy: null,
            compartmentId: 'rel',
            marking: GREEN,
          },
        ],
      },
    ],
    totals,
    trend: [
      { from: '2026-11-16', to: '2026-11-22', totals: { ...emptyTotals(), arrests: 1 } },
      { from: '2026-11-23', to: '2026-11-29', totals },
    ],
    series: [{ bucket: '2026-W48', start: '2026-11-23', end: '2026-11-29', totals }],
    connections: [
      {
        identifier: '+1 956 555 0142',
        owners: ['Harbor Kite Network', 'field report of 2026-11-24'],
        compartmentId: 'rel',
        marking: GREEN,
      },
    ],
    reports: [
      {
        id: 'r1',
        filedBy: person('Ravi Okafor', 'CBP'),
        at,
        grading: 'B2',
        excerpt: 'A courier at the port.',
        status: 'new',
        compartmentId: 'rel',
        marking: GREEN,
      },
    ],
    meetings: [
      {
        id: 'n1',
        title: 'Weekly table',
        date: '2026-11-25',
        markdown: 'Met at the port.',
        compartmentId: 'core',
        marking: AMBER,
      },
    ],
    changes: [],
  };
}

describe('briefingMarkdown', () => {
  it('puts the banner first and last, a portion mark before each item, and the totals in tables', () => {
    const md = briefingMarkdown(sample());
    const lines = md.trimEnd().split('\n');
    expect(lines[0]).toBe(GREEN);
    expect(lines.at(-1)).toBe(GREEN);
    expect(md).toContain(`(${GREEN}) Two seizures this week.`);
    expect(md).toContain(`| 1 | (${GREEN}) Harbor Kite Network | up 2 |`);
    expect(md).toMatch(/\| 2 \| \(TLP:GREEN — REL TO PARTNER DESK\) .* \| new \|/);
    for (const line of lines.filter((l) => l.startsWith('- ')))
      expect(line).toMatch(/^- \(TLP:(GREEN|AMBER) — [^)]+\) /);
    expect(md).toContain(`### (${GREEN}) Harbor Kite Network — Disrupt`);
    expect(md).toContain(`### (${AMBER}) 2026-11-25 · Weekly table`);
    expect(md).toContain('| Measure | This period |\n| --- | --- |\n| Arrests | 3 |');
    expect(md).toContain('| Narcotics seized (kg) | 12.5 |');
    expect(md).toContain('| of which methamphetamine (kg) | 12.5 |');
    expect(md).toContain('| Currency seized (USD) | 48,200 |');
    expect(md).toContain('| Measure | 2026-11-16 – 2026-11-22 | 2026-11-23 – 2026-11-29 |');
    expect(md).toContain('| 2026-W48 | 2026-11-23 | 2026-11-29 | 4 |');
    expect(md).toContain('recorded by an unsigned edit');
    expect(md).toContain('Lena Marsh, added by Ines Partida (State Police) on 2026-11-25');
  });

  it('a hostile name becomes neither a link, nor HTML, nor a table column', () => {
    const md = briefingMarkdown(sample());
    expect(md).not.toMatch(/(^|[^\\])\]\(javascript:/);
    expect(md).not.toMatch(/(^|[^\\])<img/);
    const row = md.split('\n').find((l) => l.startsWith('| 2 |'))!;
    // GFM: a backslash escapes the next character; every other pipe separates cells.
    expect(row.replace(/\\./g, '').split('|').length - 2).toBe(3);
  });

  it('says so when a section is empty', () => {
    const b = {
      ...sample(),
      bluf: '',
      priorities: [],
      laneChanges: [],
      organizations: [],
      connections: [],
      reports: [],
      meetings: [],
    };
    const md = briefingMarkdown(b);
    for (const said of [
      'No bottom line written',
      'No closed priority round',
      'No organization changed lanes',
      'No new network entries',
      'No new connection',
      'No field report filed',
      'No meeting note in the period',
    ])
      expect(md).toContain(said);
  });
});
