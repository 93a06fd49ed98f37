// @vitest-environment happy-dom
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import { BriefingPreview } from './BriefingPreview';
import { testBriefing } from './testBriefing';

afterEach(cleanup);

const section = (name: string) => screen.getByRole('region', { name });
const items = (name: string) =>
  within(section(name))
    .getAllByRole('listitem')
    .map((li) => li.textContent);

describe('the briefing preview', () => {
  it('carries its audience’s banner at the top and the bottom, and a portion mark on every item', () => {
    const { container } = render(<BriefingPreview briefing={testBriefing()} />);
    const banners = screen.getAllByRole('note', { name: 'Classification banner' });
    expect(banners.map((b) => b.textContent)).toEqual(['TLP:AMBER — Task force', 'TLP:AMBER — Task force']);
    const doc = screen.getByRole('article');
    expect(doc.firstElementChild).toBe(banners[0]);
    expect(doc.lastElementChild).toBe(banners[1]);
    // Every item of the document, not the chart's legend.
    for (const li of container.querySelectorAll('li:not(.recharts-legend-item)'))
      expect(li.querySelector('.portion-mark')?.textContent).toBe('(TLP:AMBER — Task force)');
  });

  it('shows each section under its heading: priorities with their movement, lanes, provenance, totals', () => {
    render(<BriefingPreview briefing={testBriefing()} />);
    expect(within(section('Bottom line up front')).getByText(/moved its loads to the ferry/)).toBeTruthy();
    expect(items('Top five priorities')).toEqual([
      '(TLP:AMBER — Task force) Sage Tern Circle ▲ up 2',
      '(TLP:AMBER — Task force) Amber Pass Cell new',
      '(TLP:AMBER — Task force) Quartz Ferry Group ▼ down 2',
    ]);
    expect(items('Lane changes')).toEqual([
      '(TLP:AMBER — Task force) Sage Tern Circle: Targeting → Active, by Ben Sample (Border Patrol) on 2026-11-26',
    ]);
    const orgs = section('Organizations');
    expect(within(orgs).getByRole('list', { name: 'Outcomes of Sage Tern Circle' }).textContent).toBe(
      '(TLP:AMBER — Task force) 2026-11-27 · arrest by Border Patrol: Driver held at Roma (recorded by Ben Sample (Border Patrol))',
    );
    expect(within(orgs).getByRole('list', { name: 'New entries of Sage Tern Circle' }).textContent).toContain(
      'phone: +1 956 555 0198, added by Ben Sample (Border Patrol) on 2026-11-25',
    );
    const table = within(section('Totals and trend')).getByRole('table', { name: 'Totals by period' });
    const rows = within(table).getAllByRole('row');
    expect(rows.map((r) => within(r).queryAllByRole('cell')[0]?.textContent)).toEqual([undefined, '0', '1']);
    expect(within(rows[2]!).getByRole('rowheader').textContent).toBe('2026-11-24 to 2026-11-30 (this period)');
    const chart = within(section('Totals and trend')).getByRole('img');
    expect(chart.getAttribute('aria-label')).toMatch(/over 2 periods/);
    // Recharts drew it as vector shapes: one bar per count the periods hold (2 seizures, then 1 arrest).
    expect(chart.querySelectorAll('svg .recharts-bar-rectangle').length).toBe(2);
    expect(items('New connections')).toEqual([
      '(TLP:AMBER — Task force) TX ABC-1234: Sage Tern Circle, Amber Pass Cell',
    ]);
    expect(items('New field reports')[0]).toContain('Ben Sample (Border Patrol), graded B2, linked: Grey pickup');
    expect(items('Meeting notes')[0]).toContain('2026-11-26 · Weekly table');
  });

  it('says in a sentence when a section has nothing', () => {
    render(
      <BriefingPreview
        briefing={testBriefing({
          bluf: '',
          priorities: [],
          laneChanges: [],
          organizations: [],
          connections: [],
          reports: [],
          meetings: [],
        })}
      />,
    );
    for (const [name, sentence] of [
      ['Bottom line up front', 'No bottom line has been written for this briefing.'],
      ['Top five priorities', 'No priority round has been closed yet.'],
      ['Lane changes', 'No organization changed lanes in this period.'],
      ['Organizations', 'No organization gained a network entry or an outcome in this period.'],
      ['New connections', 'No identifier came to be shared by two holders in this period.'],
      ['New field reports', 'No field report was filed in this period.'],
      ['Meeting notes', 'No meeting was noted in this period.'],
    ] as const)
      expect(within(section(name)).getByText(sentence)).toBeTruthy();
  });
});
