// @vitest-environment happy-dom
// happy-dom, not jsdom: see renderer/board/ReleasabilityControl.test.tsx.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { fromUtf8, initCrypto } from '../../shared/crypto';
import { roomsWorld } from '../../shared/testkit/roomsWorld';
import { WorkspaceApi } from '../../shared/workspace';
import { HostContext } from '../host';
import type { Host } from '../host';
import { AppSessionContext } from '../session/AppSession';
import type { AppSession } from '../session/AppSession';
import { ChangeFeed } from '../session/ChangeFeed';
import type { WorkspaceClient } from '../session/WorkspaceClient';
import { BriefingPanel } from './BriefingPanel';

await initCrypto();
afterEach(cleanup);

const CORE = 'TLP:AMBER — Task force';

/**
 * The table, over the real API: Ana (admin) holds the task force and a releasable compartment shared with
 * Pat, a partner; Org Hidden is the task force's alone, Org Shared is released. Eve, an analyst whose patched
 * client writes what it likes, names an organization and its entry as markup.
 */
function table() {
  const w = roomsWorld();
  const pat = w.join('partner');
  const evilClient = w.join('analyst');
  const released = w.createCompartment(w.admin, 'releasable', [pat.workspace.me]).id;
  w.sync();
  const ana = new WorkspaceApi(w.admin.workspace, w.admin.identity);
  ana.signProfile({ name: 'Ana Ruiz', agency: 'DEA' });
  const eve = new WorkspaceApi(evilClient.workspace, evilClient.identity);
  eve.signProfile({ name: 'Eve Mallory', agency: 'County SO' });
  const hidden = ana.board.addOrganization({ name: 'Org Hidden' });
  ana.board.addEntity(hidden, { kind: 'person', name: 'Courier Hidden', detail: '' });
  const shared = ana.board.addOrganization({ name: 'Org Shared', compartmentId: released });
  ana.board.addEntity(shared, { kind: 'person', name: 'Courier Shared', detail: '' });
  const evil = eve.board.addOrganization({ name: '<img src=x onerror="window.pwned=1">' });
  eve.board.addEntity(evil, { kind: 'person', name: '<script>window.pwned=1</script>', detail: '' });
  w.sync();
  const saved: Array<{ suggestedName: string; data: Uint8Array }> = [];
  const save = vi.fn(async (file: { suggestedName: string; data: Uint8Array }) => {
    saved.push(file);
    return { name: file.suggestedName };
  });
  const host = { files: { save } } as unknown as Host;
  const session = { vault: { name: 'Ana Ruiz', agency: 'DEA' } } as unknown as AppSession;
  const client = {
    api: ana,
    changes: new ChangeFeed(() => undefined),
  } as unknown as WorkspaceClient;
  render(
    <HostContext.Provider value={host}>
      <AppSessionContext.Provider value={session}>
        <BriefingPanel client={client} canEdit />
      </AppSessionContext.Provider>
    </HostContext.Provider>,
  );
  const marking = ana.board.marking(released);
  return { saved, save, marking, released };
}

const banners = () => screen.getAllByRole('note', { name: 'Classification banner' }).map((b) => b.textContent);
const organizations = () => screen.getByRole('region', { name: 'Organizations' });

describe('the Briefing tab over the real API', () => {
  it('briefs the last seven days of everything I hold by default, under the task force’s banner', async () => {
    table();
    const controls = screen.getByRole('form', { name: 'Briefing period and audience' });
    const today = new Date().toISOString().slice(0, 10);
    expect(within(controls).getByLabelText<HTMLInputElement>('To').value).toBe(today);
    expect(within(controls).getByLabelText<HTMLInputElement>('From').value).toBe(
      new Date(Date.now() - 6 * 86_400_000).toISOString().slice(0, 10),
    );
    expect(within(controls).getByLabelText<HTMLSelectElement>('Audience').value).toBe('');
    await waitFor(() => expect(within(organizations()).getByText(/Org Hidden/)).toBeTruthy());
    expect(banners()).toEqual([CORE, CORE]);
    expect(within(organizations()).getByText(/Org Shared/)).toBeTruthy();
  });

  it('for the partner’s compartment: its banner at top and bottom, and no task-force-only organization', async () => {
    const { marking, released } = table();
    await waitFor(() => expect(within(organizations()).getByText(/Org Hidden/)).toBeTruthy());
    const audience = screen.getByLabelText<HTMLSelectElement>('Audience');
    expect([...audience.options].map((o) => o.text)).toContain(`releasable 1 (${marking})`);
    fireEvent.change(audience, { target: { value: released } });
    await waitFor(() => expect(banners()).toEqual([marking, marking]));
    expect(marking).not.toBe(CORE);
    const orgs = organizations();
    expect(within(orgs).getByText(/Org Shared/)).toBeTruthy();
    expect(within(orgs).getByText(/Courier Shared/)).toBeTruthy();
    expect(orgs.textContent).not.toMatch(/Org Hidden|Courier Hidden/);
    expect(screen.getByRole('article').textContent).not.toMatch(/Org Hidden|Courier Hidden/);
  });

  it('shows a hostile member’s markup as the characters it typed, running nothing', async () => {
    table();
    await waitFor(() => expect(within(organizations()).getByText(/<img src=x/)).toBeTruthy());
    const doc = screen.getByRole('article');
    expect(doc.textContent).toContain('<script>window.pwned=1</script>');
    expect(doc.querySelectorAll('img, script, a, iframe')).toHaveLength(0);
    expect((window as unknown as { pwned?: number }).pwned).toBeUndefined();
  });

  it('a bad period says so in one sentence, keeps what was typed, and the last preview stays', async () => {
    table();
    await waitFor(() => expect(within(organizations()).getByText(/Org Hidden/)).toBeTruthy());
    const from = screen.getByLabelText<HTMLInputElement>('From');
    fireEvent.change(from, { target: { value: '2999-01-01' } });
    expect(screen.getByRole('alert').textContent).toBe('The period must start on or before the day it ends.');
    expect(from.value).toBe('2999-01-01');
    expect(within(organizations()).getByText(/Org Hidden/)).toBeTruthy();
  });

  it('exports the Markdown and the PDF under the audience’s name, and says what it wrote', async () => {
    const { saved, marking, released } = table();
    fireEvent.change(screen.getByLabelText('Audience'), { target: { value: released } });
    await waitFor(() => expect(banners()).toEqual([marking, marking]));
    const today = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.now() - 6 * 86_400_000).toISOString().slice(0, 10);
    const status = screen.getByRole('status', { name: 'Export' });

    fireEvent.click(screen.getByRole('button', { name: 'Export Markdown' }));
    const mdName = `briefing-${from}-to-${today}-releasable-1.md`;
    await waitFor(() => expect(status.textContent).toBe(`Saved ${mdName}.`));
    const markdown = fromUtf8(saved[0]!.data);
    expect(saved[0]!.suggestedName).toBe(mdName);
    expect(markdown).toContain(marking);
    expect(markdown).toContain('Org Shared');
    expect(markdown).not.toContain('Org Hidden');

    fireEvent.click(screen.getByRole('button', { name: 'Export PDF' }));
    const pdfName = `briefing-${from}-to-${today}-releasable-1.pdf`;
    await waitFor(() => expect(status.textContent).toBe(`Saved ${pdfName}.`), { timeout: 15_000 });
    expect(new TextDecoder().decode(saved[1]!.data.slice(0, 5))).toBe('%PDF-');
  });

  it('says in one sentence why nothing was written when the save fails or is cancelled', async () => {
    const { save } = table();
    await waitFor(() => expect(within(organizations()).getByText(/Org Hidden/)).toBeTruthy());
    const status = screen.getByRole('status', { name: 'Export' });
    save.mockRejectedValueOnce(new Error('The disk is full.'));
    fireEvent.click(screen.getByRole('button', { name: 'Export Markdown' }));
    await waitFor(() => expect(status.textContent).toBe('Export failed: The disk is full.'));
    save.mockResolvedValueOnce(null as unknown as { name: string });
    fireEvent.click(screen.getByRole('button', { name: 'Export Markdown' }));
    await waitFor(() => expect(status.textContent).toBe('Nothing was saved: the save was cancelled.'));
  });
});
