// @vitest-environment happy-dom
// happy-dom, not jsdom: see renderer/board/ReleasabilityControl.test.tsx.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { initCrypto } from '../../shared/crypto';
import { coreCompartmentId } from '../../shared/membership';
import { roomsWorld } from '../../shared/testkit/roomsWorld';
import { WorkspaceApi } from '../../shared/workspace';
import { HostContext } from '../host';
import type { Host } from '../host';
import type { WorkspaceClient } from '../session/WorkspaceClient';
import type { BundleExportOptions } from '../../shared/workspace';
import { ExportBundle } from './ExportBundle';

await initCrypto();
afterEach(cleanup);

/** An admin's export dialog, with an analyst and a partner (in a releasable compartment) to choose from. */
function dialog() {
  const w = roomsWorld();
  const analyst = w.join('analyst').workspace.me;
  const partner = w.join('partner').workspace.me;
  const released = w.createCompartment(w.admin, 'releasable', [partner]).id;
  w.sync();
  const core = coreCompartmentId(w.workspaceId);
  const names = new Map([
    [analyst, 'Ben Sample (DEA)'],
    [partner, 'Pat Partner (Webb County SO)'],
    [w.admin.workspace.me, 'Ana Example (Border Patrol)'],
  ]);
  const titles = new Map([
    [core, 'Task force'],
    [released, 'Webb County SO'],
  ]);
  const exportBundle = vi.fn(async (options: BundleExportOptions) => ({
    file: new Uint8Array([1, 2, 3]),
    bytes: 3,
    envelopes: 7,
    compartments: [...(options.compartments ?? [])],
    recipients: [...(options.recipients ?? [])],
  }));
  const host = {
    files: {
      save: vi.fn(async ({ suggestedName }: { suggestedName: string }) => ({ name: suggestedName })),
      open: vi.fn(async (_options: { filters: unknown[] }) => ({
        name: 'their.utstate',
        data: new Uint8Array([9, 9]),
      })),
    },
  };
  const client = {
    api: new WorkspaceApi(w.admin.workspace, w.admin.identity),
    workspace: w.admin.workspace,
    exportBundle,
  } as unknown as WorkspaceClient;
  render(
    <HostContext.Provider value={host as unknown as Host}>
      <ExportBundle
        client={client}
        title="Border Table"
        titleOf={(c) => titles.get(c) ?? c}
        nameOf={(m) => names.get(m) ?? m}
      />
    </HostContext.Provider>,
  );
  fireEvent.click(screen.getByRole('button', { name: 'Export for another network…' }));
  return {
    exportBundle,
    host,
    core,
    released,
    partner,
    analyst,
    form: screen.getByRole('form', { name: 'Export a bundle' }),
  };
}

describe('Export for another network…', () => {
  it('carries every compartment I hold by default, and says what it saved', async () => {
    const { exportBundle, host, core, released, form } = dialog();
    expect(within(form).getByRole<HTMLInputElement>('checkbox', { name: 'Task force' }).checked).toBe(true);
    expect(within(form).getByRole<HTMLInputElement>('checkbox', { name: 'Webb County SO' }).checked).toBe(true);
    fireEvent.submit(form);
    await screen.findByRole('status', { name: 'Export made' });
    expect(exportBundle.mock.calls[0]![0].compartments!.slice().sort()).toEqual([core, released].sort());
    expect(exportBundle.mock.calls[0]![0].recipients).toBeUndefined();
    const saved = host.files.save.mock.calls[0]![0];
    expect(saved.suggestedName).toMatch(/^unity-table-Border-Table-\d{4}-\d\d-\d\d\.utbundle$/);
    expect(screen.getByRole('status', { name: 'Export made' }).textContent).toContain('3 bytes, 7 envelopes');
    // The dialog closes once the file is saved.
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('for a chosen partner carries only its compartment, sealed for it, against the state file it handed over', async () => {
    const { exportBundle, host, released, partner, form } = dialog();
    fireEvent.click(within(form).getByRole('radio', { name: 'What chosen people may read' }));
    fireEvent.click(within(form).getByRole('checkbox', { name: 'Pat Partner (Webb County SO)' }));
    expect(form.textContent).toContain('Carries what all of them may read: Webb County SO.');
    fireEvent.click(within(form).getByRole('button', { name: 'Use what they already have…' }));
    await within(form).findByText(/Only what is missing from their\.utstate goes in/);
    expect(host.files.open.mock.calls[0]![0]).toEqual({
      filters: [{ name: 'Unity Table state file', extensions: ['utstate'] }],
    });
    fireEvent.submit(form);
    const made = await screen.findByRole('status', { name: 'Export made' });
    expect(exportBundle.mock.calls[0]![0]).toMatchObject({
      compartments: [released],
      recipients: [partner],
      since: new Uint8Array([9, 9]),
    });
    expect(made.textContent).toContain('Sealed for 1 person: Pat Partner (Webb County SO).');
  });

  it('refuses an empty choice in one line, and exports nothing', async () => {
    const { exportBundle, form } = dialog();
    fireEvent.click(within(form).getByRole('radio', { name: 'What chosen people may read' }));
    fireEvent.submit(form);
    expect((await within(form).findByRole('alert')).textContent).toContain(
      'Choose at least one person to carry it to.',
    );
    await waitFor(() => expect(exportBundle).not.toHaveBeenCalled());
  });
});
