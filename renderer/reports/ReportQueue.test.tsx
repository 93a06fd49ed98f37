// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { TriageAction } from '../../shared/reports';
import { NavigationContext } from '../workspaces/navigation';
import { ReportQueue } from './ReportQueue';
import type { ReportsApi } from '../../shared/workspace';
import { moment } from './reportText';
import type { Namer } from './reportText';
import { boardMatch, fieldReport } from './testReports';

afterEach(cleanup);

const T = Date.UTC(2026, 11, 1, 8, 0);
const first = fieldReport('r1', T, {
  reliability: 'B',
  credibility: '2',
  identifiers: [
    { kind: 'phone', value: '(956) 555-0198' },
    { kind: 'plate', value: 'TX:ABC-1234' },
  ],
  where: 'Los Ebanos',
  when: '2026-11-30T22:40',
});
const second = fieldReport('r2', T + 60_000, { by: 'cara' });
const done = fieldReport('r0', T - 60_000, {
  status: 'dismissed',
  steps: [{ recordId: 's0', step: 'dismiss', by: 'ana', at: T, reason: 'Known decoy number' }],
});
const phoneMatch = boardMatch({ orgId: 'org2' });
const names: Namer = {
  member: (id) =>
    ({ ana: 'Ana Ruiz (DEA)', ben: 'Ben Sample (Border Patrol)', cara: 'Cara Vega (HSI)' })[id] ?? `member ${id}`,
  orgName: (id) => ({ org1: 'Amber Pass Cell', org2: 'Sage Tern Circle' })[id] ?? '',
  report: (id) => [first, second, done].find((r) => r.id === id) ?? null,
};

function queue(triage: (id: string, action: TriageAction) => void = () => undefined, canTriage = true) {
  const triaged = vi.fn(triage);
  const reports = {
    list: () => [second, first, done],
    queue: () => [first, second],
    matches: (id: string) => (id === 'r1' ? [phoneMatch] : []),
    triage: triaged,
  } as unknown as ReportsApi;
  const navigation = { openCard: vi.fn(), openNote: vi.fn() };
  render(
    <NavigationContext.Provider value={navigation}>
      <ReportQueue
        reports={reports}
        names={names}
        canTriage={canTriage}
        organizations={[
          ['org1', 'Amber Pass Cell'],
          ['org2', 'Sage Tern Circle'],
        ]}
      />
    </NavigationContext.Provider>,
  );
  const item = (who: string, at: number) =>
    screen.getByRole('article', { name: `Field report by ${who}, ${moment(at)}` });
  return { triaged, navigation, item };
}

describe('the report queue', () => {
  it('lists new reports oldest first, each with reporter, grading, marking, identifiers and its matches', () => {
    const { item, navigation } = queue();
    expect(screen.getAllByRole('article').map((a) => a.getAttribute('aria-label'))).toEqual([
      `Field report by Ben Sample (Border Patrol), ${moment(first.at)}`,
      `Field report by Cara Vega (HSI), ${moment(second.at)}`,
    ]);
    const one = item('Ben Sample (Border Patrol)', first.at);
    expect(one.textContent).toContain('B2');
    expect(one.textContent).toContain('(usually reliable source, probably true)');
    expect(one.textContent).toContain('TLP:AMBER — Task force');
    expect(one.textContent).toContain('Where: Los Ebanos · When: 2026-11-30 22:40');
    expect(within(one).getByRole('list', { name: 'Identifiers' }).textContent).toBe(
      'phone: (956) 555-0198vehicle plate: TX:ABC-1234',
    );
    const matches = within(one).getByRole('list', { name: 'Matches' });
    expect(matches.textContent).toBe(
      '(956) 555-0198 is in Sage Tern Circle’s network as +1 956 555 0198, added by Ana Ruiz (DEA)',
    );
    fireEvent.click(within(matches).getByRole('button', { name: 'Sage Tern Circle' }));
    expect(navigation.openCard).toHaveBeenCalledWith('org2');
  });

  it('offers the matched organization first, and links to the one chosen', () => {
    const { item, triaged } = queue();
    const one = item('Ben Sample (Border Patrol)', first.at);
    const select = within(one).getByLabelText<HTMLSelectElement>('Link to an organization');
    expect([...select.options].map((o) => o.text)).toEqual(['Sage Tern Circle (matched)', 'Amber Pass Cell']);
    fireEvent.submit(within(one).getByRole('form', { name: 'Link' }));
    expect(triaged).toHaveBeenCalledWith('r1', { link: 'org2' });
    expect(within(one).getByRole('status').textContent).toBe('Linked.');
  });

  it('marks a duplicate of another report, chosen by reporter and date', () => {
    const { item, triaged } = queue();
    const two = item('Cara Vega (HSI)', second.at);
    const select = within(two).getByLabelText<HTMLSelectElement>('Mark as duplicate of');
    expect([...select.options].map((o) => o.value)).toEqual(['r1', 'r0']);
    fireEvent.change(select, { target: { value: 'r1' } });
    fireEvent.submit(within(two).getByRole('form', { name: 'Mark as duplicate' }));
    expect(triaged).toHaveBeenCalledWith('r2', { duplicateOf: 'r1' });
  });

  it('shows a refusal as its one sentence', () => {
    const { item, triaged } = queue(() => {
      throw new Error('Say why the report is dismissed.');
    });
    const one = item('Ben Sample (Border Patrol)', first.at);
    fireEvent.change(within(one).getByLabelText('Reason to dismiss'), { target: { value: '   ' } });
    fireEvent.submit(within(one).getByRole('form', { name: 'Dismiss' }));
    expect(triaged).toHaveBeenCalledWith('r1', { dismiss: '' });
    expect(within(one).getByRole('alert').textContent).toBe('Say why the report is dismissed.');
  });

  it('"Show all" adds triaged reports with every step: who, agency, when', () => {
    const { item } = queue();
    expect(screen.getByRole('heading', { name: 'New reports (2)' })).toBeTruthy();
    fireEvent.click(screen.getByRole('checkbox', { name: /Show all/ }));
    expect(screen.getByRole('heading', { name: 'All reports (3)' })).toBeTruthy();
    const old = item('Ben Sample (Border Patrol)', done.at);
    expect(within(old).getByRole('list', { name: 'Triage steps' }).textContent).toBe(
      `Dismissed by Ana Ruiz (DEA), ${moment(T)}: Known decoy number`,
    );
  });

  it('shows no triage controls to a member who may not write', () => {
    queue(undefined, false);
    expect(screen.queryByRole('group', { name: /^Triage/ })).toBeNull();
  });
});
