import type { Briefing } from '../../shared/briefing/types';
import type { Totals } from '../../shared/metrics/types';

const CORE = 'TLP:AMBER — Task force';
const none: Totals = {
  arrests: 0,
  seizures: 0,
  indictments: 0,
  revocations: 0,
  kgByDrug: {},
  kg: 0,
  weapons: 0,
  usd: 0,
};
const ana = { memberId: 'ana0000000', name: 'Ana Ruiz', agency: 'DEA' };
const ben = { memberId: 'ben0000000', name: 'Ben Sample', agency: 'Border Patrol' };

/**
 * A week's briefing for the task force, for tests of the screens: every section has one item or more,
 * each marked for the core. `over` replaces whole fields. Test kit only: no production file imports it.
 */
export const testBriefing = (over: Partial<Briefing> = {}): Briefing => ({
  workspaceTitle: 'Border Table',
  from: '2026-11-24',
  to: '2026-11-30',
  madeAt: Date.UTC(2026, 11, 1, 9),
  madeBy: ana,
  audience: { compartmentId: 'core', title: 'Task force', banner: CORE },
  bluf: 'Sage Tern Circle moved its loads to the ferry.',
  priorities: [
    {
      rank: 1,
      orgId: 'o1',
      name: 'Sage Tern Circle',
      previousRank: 3,
      roundTitle: 'Week 48',
      compartmentId: 'core',
      marking: CORE,
    },
    {
      rank: 2,
      orgId: 'o2',
      name: 'Amber Pass Cell',
      previousRank: null,
      roundTitle: 'Week 48',
      compartmentId: 'core',
      marking: CORE,
    },
    {
      rank: 3,
      orgId: 'o3',
      name: 'Quartz Ferry Group',
      previousRank: 1,
      roundTitle: 'Week 48',
      compartmentId: 'core',
      marking: CORE,
    },
  ],
  laneChanges: [
    {
      orgId: 'o1',
      name: 'Sage Tern Circle',
      from: 'Targeting',
      to: 'Active',
      by: ben,
      at: Date.UTC(2026, 10, 26),
      compartmentId: 'core',
      marking: CORE,
    },
  ],
  organizations: [
    {
      orgId: 'o1',
      name: 'Sage Tern Circle',
      lane: 'Active',
      compartmentId: 'core',
      marking: CORE,
      entries: [
        {
          id: 'e1',
          kind: 'phone',
          label: '+1 956 555 0198',
          addedBy: ben,
          addedAt: Date.UTC(2026, 10, 25),
          compartmentId: 'core',
          marking: CORE,
        },
      ],
      outcomes: [
        {
          id: 'x1',
          kind: 'arrest',
          date: '2026-11-27',
          agency: 'Border Patrol',
          summary: 'Driver held at Roma',
          addedBy: ben,
          compartmentId: 'core',
          marking: CORE,
        },
      ],
    },
  ],
  totals: { ...none, arrests: 1 },
  trend: [
    { from: '2026-11-17', to: '2026-11-23', totals: { ...none, seizures: 2, kg: 40, kgByDrug: { cocaine: 40 } } },
    { from: '2026-11-24', to: '2026-11-30', totals: { ...none, arrests: 1 } },
  ],
  series: [],
  connections: [
    {
      identifier: 'TX ABC-1234',
      owners: ['Sage Tern Circle', 'Amber Pass Cell'],
      compartmentId: 'core',
      marking: CORE,
    },
  ],
  reports: [
    {
      id: 'r1',
      filedBy: ben,
      at: Date.UTC(2026, 10, 28, 8),
      grading: 'B2',
      excerpt: 'Grey pickup at the landing',
      status: 'linked',
      compartmentId: 'core',
      marking: CORE,
    },
  ],
  meetings: [
    {
      id: 'm1',
      title: 'Weekly table',
      date: '2026-11-26',
      markdown: 'Agreed to watch the ferry.',
      compartmentId: 'core',
      marking: CORE,
    },
  ],
  changes: [],
  ...over,
});
