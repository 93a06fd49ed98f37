// @vitest-environment happy-dom
// happy-dom, not jsdom: see renderer/board/ReleasabilityControl.test.tsx.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { initCrypto } from '../../shared/crypto';
import { roomsWorld } from '../../shared/testkit/roomsWorld';
import { WorkspaceApi } from '../../shared/workspace';
import { ChangeFeed } from '../session/ChangeFeed';
import type { WorkspaceClient } from '../session/WorkspaceClient';
import { MetricsPanel } from './MetricsPanel';

await initCrypto();
afterEach(cleanup);

/** A client of the screens over a real WorkspaceApi, offline. */
function clientOf(api: WorkspaceApi): WorkspaceClient {
  return { api, changes: new ChangeFeed(() => undefined) } as unknown as WorkspaceClient;
}

/**
 * Ana (admin) holds two organizations in two lanes; Ben (an analyst) records their outcomes; Sam, a
 * sheriff's deputy, is a partner who holds only the organization released to his compartment.
 */
function table() {
  const w = roomsWorld();
  const benClient = w.join('analyst');
  const samClient = w.join('partner');
  const released = w.createCompartment(w.admin, 'releasable', [samClient.workspace.me]).id;
  w.sync();
  const ana = new WorkspaceApi(w.admin.workspace, w.admin.identity);
  const ben = new WorkspaceApi(benClient.workspace, benClient.identity);
  const sam = new WorkspaceApi(samClient.workspace, samClient.identity);
  return { w, ana, ben, sam, released };
}

function withOutcomes() {
  const t = table();
  const halcones = t.ana.board.addOrganization({ name: 'Los Halcones', lane: 'Target' });
  const mesa = t.ana.board.addOrganization({ name: 'Red Mesa', lane: 'Collect', compartmentId: t.released });
  t.w.sync();
  const add = (
    org: string,
    kind: 'arrest' | 'seizure' | 'indictment',
    date: string,
    agency: string,
    seizure?: object,
  ) => t.ben.board.addOutcome(org, { kind, date, agency, note: '', ...(seizure ? { seizure } : {}) } as never);
  add(halcones, 'arrest', '2026-10-05', 'DEA');
  add(halcones, 'arrest', '2026-11-02', 'DEA');
  add(halcones, 'seizure', '2026-11-03', 'CBP', { category: 'narcotics', drugKind: 'fentanyl', weightKg: 12.5 });
  add(halcones, 'seizure', '2026-11-20', 'CBP', { category: 'weapons', count: 4 });
  add(mesa, 'seizure', '2026-11-21', 'County Sheriff', { category: 'currency', amountUsd: 250000 });
  add(mesa, 'indictment', '2026-12-01', 'US Attorney');
  add(halcones, 'arrest', '2025-06-01', 'DEA'); // outside the last twelve months
  t.w.sync();
  return { ...t, halcones, mesa };
}

const chart = (title: string) => screen.getByRole('region', { name: title });
/** A table's body rows as [row header, ...cells]. */
const cells = (region: HTMLElement) =>
  within(region)
    .getAllByRole('row')
    .slice(1)
    .map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent));

describe('the Metrics tab over the real API', () => {
  it('says so in a sentence when nothing is recorded: no empty axes', () => {
    const { ana } = table();
    ana.board.addOrganization({ name: 'Los Halcones' });
    render(<MetricsPanel client={clientOf(ana)} today="2026-12-02" />);
    expect(screen.getByText(/No outcomes are recorded on this board yet/)).toBeTruthy();
    expect(screen.queryByRole('img')).toBeNull();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('shows the last twelve months per month: charts as images with a summary, each beside its table', async () => {
    const { ana } = withOutcomes();
    render(<MetricsPanel client={clientOf(ana)} today="2026-12-02" />);
    expect(screen.getByRole('heading', { name: '6 outcomes from 2025-12-03 to 2026-12-02' })).toBeTruthy();

    const overTime = chart('Outcomes per month');
    const image = within(overTime).getByRole('img');
    expect(image.getAttribute('aria-label')).toBe(
      'Outcomes by kind, per period: 6 in all over 13 rows; the most, 4, in 2026-11. The table beside it holds every value.',
    );
    // The first chart is drawn at once, the others one per frame after it; the tables are all there.
    expect(image.querySelector('svg')).not.toBeNull();
    const table = within(overTime).getByRole('table', { name: 'Outcomes by kind, per period' });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['Period', 'Arrests', 'Seizures', 'Indictments', 'Revocations', 'Total']);
    const rows = cells(table);
    expect(rows).toHaveLength(13); // 2025-12 … 2026-12, the empty months included
    expect(rows[0]).toEqual(['2025-12', '0', '0', '0', '0', '0']);
    expect(rows.find((r) => r[0] === '2026-10')).toEqual(['2026-10', '1', '0', '0', '0', '1']);
    expect(rows.find((r) => r[0] === '2026-11')).toEqual(['2026-11', '1', '3', '0', '0', '4']);
    expect(rows.find((r) => r[0] === '2026-12')).toEqual(['2026-12', '0', '0', '1', '0', '1']);

    expect(cells(chart('Narcotics seized by drug kind'))).toEqual([['fentanyl', '12.5 kg']]);
    expect(cells(chart('Weapons seized per month')).find((r) => r[0] === '2026-11')).toEqual(['2026-11', '4']);
    expect(cells(chart('Currency seized per month')).find((r) => r[0] === '2026-11')).toEqual(['2026-11', '$250,000']);
    expect(cells(chart('Per organization')).map((r) => [r[0], r[5]])).toEqual([
      ['Los Halcones', '4'],
      ['Red Mesa', '2'],
    ]);
    expect(cells(chart('Per agency')).map((r) => r[0])).toEqual(['CBP', 'DEA', 'County Sheriff', 'US Attorney']);
    expect(cells(chart('Per lane')).map((r) => [r[0], r[5]])).toEqual([
      ['Target', '4'],
      ['Collect', '2'],
    ]);
    expect(screen.getAllByRole('img')).toHaveLength(7);
    await waitFor(
      () => {
        for (const img of screen.getAllByRole('img')) expect(img.querySelector('svg')).not.toBeNull();
      },
      { timeout: 15_000 },
    );
    for (const img of screen.getAllByRole('img')) expect(img.getAttribute('aria-busy')).toBe('false');
  });

  it('counts by week across the filters, and says in one sentence when a period cannot be counted', () => {
    const { ana } = withOutcomes();
    render(<MetricsPanel client={clientOf(ana)} today="2026-12-02" />);
    fireEvent.click(screen.getByRole('radio', { name: 'Week' }));
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-11-01' } });
    const weeks = cells(screen.getByRole('table', { name: 'Outcomes by kind, per period' }));
    expect(weeks.map((r) => r[0])).toEqual(['2026-W44', '2026-W45', '2026-W46', '2026-W47', '2026-W48', '2026-W49']);
    expect(weeks.find((r) => r[0] === '2026-W45')).toEqual(['2026-W45', '1', '1', '0', '0', '2']);

    fireEvent.change(screen.getByLabelText('Agency'), { target: { value: 'cbp' } });
    expect(screen.getByRole('heading', { name: '2 outcomes from 2026-11-01 to 2026-12-02' })).toBeTruthy();
    expect(screen.getByText('No currency seized in this period.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Agency'), { target: { value: '' } });
    fireEvent.change(screen.getByLabelText('Lane'), { target: { value: 'Collect' } });
    expect(screen.getByRole('heading', { name: '2 outcomes from 2026-11-01 to 2026-12-02' })).toBeTruthy();
    const halcones = within(screen.getByLabelText('Organization')).getByRole('option', { name: 'Los Halcones' });
    fireEvent.change(screen.getByLabelText('Organization'), { target: { value: halcones.getAttribute('value') } });
    expect(screen.getByText('No outcomes in this period match these filters.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Organization'), { target: { value: '' } });

    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2026-10-01' } });
    expect(screen.getByRole('alert').textContent).toBe(
      'The period ends before it starts: the last day must be on or after the first.',
    );
    expect(screen.queryByRole('img')).toBeNull();
    // The filters are kept: a corrected period counts again.
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2026-12-02' } });
    expect(screen.getByRole('heading', { name: '2 outcomes from 2026-11-01 to 2026-12-02' })).toBeTruthy();
  });

  it('a partner counts only what is released to it; opened from a card, one organization', () => {
    const { sam, ana, halcones } = withOutcomes();
    render(<MetricsPanel client={clientOf(sam)} today="2026-12-02" />);
    expect(screen.getByRole('heading', { name: '2 outcomes from 2025-12-03 to 2026-12-02' })).toBeTruthy();
    expect(cells(chart('Per organization')).map((r) => r[0])).toEqual(['Red Mesa']);
    expect(screen.queryByText('Los Halcones')).toBeNull();
    cleanup();
    render(<MetricsPanel client={clientOf(ana)} orgId={halcones} today="2026-12-02" />);
    expect(screen.getByRole('heading', { name: '4 outcomes from 2025-12-03 to 2026-12-02' })).toBeTruthy();
  });

  it('copies a table as CSV, a hostile name defused so a spreadsheet shows it rather than runs it', async () => {
    const { ana, w, ben } = withOutcomes();
    const evil = ana.board.addOrganization({ name: '=HYPERLINK("http://evil.example","x")' });
    w.sync();
    ben.board.addOutcome(evil, { kind: 'arrest', date: '2026-11-30', agency: 'FBI', note: '' });
    w.sync();
    const written: string[] = [];
    vi.spyOn(navigator.clipboard, 'writeText').mockImplementation((text) => {
      written.push(text);
      return Promise.resolve();
    });
    render(<MetricsPanel client={clientOf(ana)} today="2026-12-02" />);
    const byOrg = chart('Per organization');
    fireEvent.click(within(byOrg).getByRole('button', { name: /^Copy as CSV/ }));
    await waitFor(() =>
      expect(within(byOrg).getByRole('status').textContent).toBe(
        'Copied 3 rows of “Outcomes per organization (top 10)” as CSV.',
      ),
    );
    expect(written[0]!.split('\r\n')).toEqual([
      'Organization,Arrests,Seizures,Indictments,Revocations,Total,Narcotics (kg),Weapons,US dollars',
      'Los Halcones,2,2,0,0,4,12.5,4,0',
      'Red Mesa,0,1,1,0,2,0,0,250000',
      `"'=HYPERLINK(""http://evil.example"",""x"")",1,0,0,0,1,0,0,0`,
      '',
    ]);
  });
});
