// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { Identifier } from '../../shared/identifiers';
import type { FieldReport, ReportInput } from '../../shared/reports';
import { NavigationContext } from '../workspaces/navigation';
import { FileReportForm } from './FileReportForm';
import type { ReportsApi } from '../../shared/workspace';
import type { Namer } from './reportText';
import { boardMatch } from './testReports';

afterEach(cleanup);

const CORE = { compartmentId: 'core', title: 'Task force', marking: 'TLP:AMBER — Task force' };
const SHERIFF = { compartmentId: 'rel', title: 'Webb County SO', marking: 'TLP:AMBER — REL TO Webb County SO' };
const onBoard = boardMatch();
const names: Namer = {
  member: (id) => (id === 'ana' ? 'Ana Ruiz (DEA)' : `member ${id}`),
  orgName: (id) => (id === 'org1' ? 'Sage Tern Circle' : ''),
  report: () => null,
};

/** The form over reports whose `add` is `add`, and whose lookup knows the phone on the board. */
function form(
  online: boolean,
  add: (input: ReportInput) => { reportId: string; compartmentId: string } = () => ({
    reportId: 'r1',
    compartmentId: 'rel',
  }),
) {
  const filed = vi.fn(add);
  const lookup = vi.fn((ids: Identifier[]) =>
    ids.some((i) => i.kind === 'phone' && i.value.replace(/\D/g, '').endsWith('9565550198')) ? [onBoard] : [],
  );
  const reports = {
    fileTargets: () => [CORE, SHERIFF],
    lookup,
    add: (input: ReportInput) => ({ ...filed(input), matches: [] }),
    report: (id: string) =>
      id === 'r1' ? ({ id, at: Date.UTC(2026, 11, 2, 3, 4), marking: SHERIFF.marking } as FieldReport) : null,
  } as unknown as ReportsApi;
  const navigation = { openCard: vi.fn(), openNote: vi.fn() };
  render(
    <NavigationContext.Provider value={navigation}>
      <FileReportForm reports={reports} names={names} online={online} />
    </NavigationContext.Provider>,
  );
  const el = screen.getByRole('form', { name: 'File a report' });
  const type = (label: string, value: string) =>
    fireEvent.change(within(el).getByLabelText(label), { target: { value } });
  return { el, filed, lookup, navigation, type };
}

describe('File a report', () => {
  it('shows what is already on the board as it is typed; the organization opens its card', async () => {
    const { el, type, navigation } = form(true);
    const preview = within(el).getByRole('region', { name: 'Already on the board' });
    expect(preview.textContent).toContain('Identifiers you type are looked up here.');
    type('Phones', '(956) 555-0198');
    const line = await within(preview).findByText(/is in/);
    expect(line.closest('li')!.textContent).toBe(
      '(956) 555-0198 is in Sage Tern Circle’s network as +1 956 555 0198, added by Ana Ruiz (DEA)',
    );
    fireEvent.click(within(preview).getByRole('button', { name: 'Sage Tern Circle' }));
    expect(navigation.openCard).toHaveBeenCalledWith('org1');
    type('Phones', '(956) 555-0100');
    expect((await within(preview).findByText(/None of these/)).textContent).toContain('None of these is on the board');
  });

  it('files offline with its grading, time and releasability, says when it reaches the table, and clears', () => {
    const { el, type, filed } = form(false);
    type('What was found', '  Burner phone at the ferry landing ');
    type('Phones', '(956) 555-0198\n\n');
    type('Vehicle plates', 'TX:ABC-1234');
    type('Where', 'Los Ebanos');
    type('When (date)', '2026-12-01');
    type('Time', '22:40');
    type('Source reliability', 'B');
    type('Information credibility', '2');
    type('Releasable to', 'rel');
    expect(el.textContent).toContain('TLP:AMBER — REL TO Webb County SO');
    fireEvent.submit(el);
    expect(filed).toHaveBeenCalledWith({
      text: 'Burner phone at the ferry landing',
      identifiers: [
        { kind: 'phone', value: '(956) 555-0198' },
        { kind: 'plate', value: 'TX:ABC-1234' },
      ],
      where: 'Los Ebanos',
      when: '2026-12-01T22:40',
      reliability: 'B',
      credibility: '2',
      compartmentId: 'rel',
    });
    const status = within(el).getByRole('status', { name: 'Report filed' });
    expect(status.textContent).toMatch(/^Filed at .+ \(B2, TLP:AMBER — REL TO Webb County SO\)\./);
    expect(status.textContent).toContain('You are offline: it goes to the table when the connection is back.');
    expect(within(el).getByLabelText<HTMLTextAreaElement>('Phones').value).toBe('');
  });

  it('defaults to F6 in the first compartment, and online says it is on its way', () => {
    const { el, type, filed } = form(true);
    type('What was found', 'Tally marks on a culvert');
    fireEvent.submit(el);
    expect(filed.mock.calls[0]![0]).toMatchObject({
      reliability: 'F',
      credibility: '6',
      compartmentId: 'core',
      when: '',
    });
    expect(within(el).getByRole('status').textContent).toContain('It is on its way to the table.');
  });

  it('refuses in one sentence and keeps everything typed', () => {
    const { el, type } = form(true, () => {
      throw new Error('A phone is at most 40 characters.');
    });
    type('What was found', 'Something');
    type('Phones', '9'.repeat(60));
    fireEvent.submit(el);
    expect(within(el).getByRole('alert').textContent).toBe('A phone is at most 40 characters.');
    expect(within(el).getByLabelText<HTMLTextAreaElement>('Phones').value).toBe('9'.repeat(60));
    expect(within(el).getByLabelText<HTMLTextAreaElement>('What was found').value).toBe('Something');
    expect(within(el).queryByRole('status')).toBeNull();
  });

  it('asks for the text before filing a blank report', () => {
    const { el, type, filed } = form(true);
    type('What was found', '   ');
    fireEvent.submit(el);
    expect(within(el).getByRole('alert').textContent).toBe('Say what was found: the report needs its text.');
    expect(filed).not.toHaveBeenCalled();
  });
});
