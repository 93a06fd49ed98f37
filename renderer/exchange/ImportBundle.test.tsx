// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { HostContext } from '../host';
import type { Host } from '../host';
import type { WorkspaceClient } from '../session/WorkspaceClient';
import { NavigationContext } from '../workspaces/navigation';
import { PROGRESS_AFTER_MS } from './BundleProgressBar';
import { BundleRefused } from '../../shared/workspace';
import type { BundleImport, BundleProgress } from '../../shared/workspace';
import { ImportBundle } from './ImportBundle';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const imported: BundleImport = {
  workspaceId: 'w',
  new: 12,
  duplicates: 3,
  rejected: 1,
  warnings: ['1 envelope was held back: its writer had been removed'],
  summary: {
    exporter: { memberId: 'a', name: 'Ana Example' },
    createdAt: new Date(2026, 11, 1, 14, 3).getTime(),
    authors: [
      { memberId: 'a', name: 'Ana Example', envelopes: 10 },
      { memberId: 'b', name: 'Ben Sample', envelopes: 2 },
    ],
    organizations: [{ orgId: 'org-1', name: 'Los Halcones' }],
    notes: [{ docId: 'note-n1', title: 'Stakeout 12 Nov' }],
  },
};

/** The import button over a client whose importBundle is `run`, and the navigation it may call. */
function importer(
  run: (file: Uint8Array, options?: { onProgress?: (p: BundleProgress) => void }) => Promise<BundleImport>,
) {
  const importBundle = vi.fn(run);
  const navigation = { openCard: vi.fn(), openNote: vi.fn() };
  const host = {
    files: {
      open: vi.fn(async (_options: { filters: unknown[] }) => ({
        name: 'from-hq.utbundle',
        data: new Uint8Array([1]),
      })),
    },
  };
  render(
    <HostContext.Provider value={host as unknown as Host}>
      <NavigationContext.Provider value={navigation}>
        <ImportBundle client={{ importBundle } as unknown as WorkspaceClient} />
      </NavigationContext.Provider>
    </HostContext.Provider>,
  );
  const click = () => fireEvent.click(screen.getByRole('button', { name: 'Import a bundle…' }));
  return { importBundle, navigation, host, click };
}

describe('Import a bundle…', () => {
  it('sums up what came, from whom, with links to what changed', async () => {
    const { navigation, host, click } = importer(async () => imported);
    click();
    const summary = await screen.findByRole('region', { name: 'Import summary' });
    expect(host.files.open.mock.calls[0]![0]).toEqual({
      filters: [{ name: 'Unity Table bundle', extensions: ['utbundle'] }],
    });
    expect(summary.textContent).toContain(
      'Imported from-hq.utbundle from Ana Example (made 2026-12-01 14:03): 12 new envelopes, 3 already here, 1 rejected.',
    );
    expect(summary.textContent).toContain('New from: Ana Example (10), Ben Sample (2)');
    expect(screen.getByRole('list', { name: 'Warnings' }).textContent).toContain('held back');
    fireEvent.click(screen.getByRole('button', { name: 'Los Halcones' }));
    expect(navigation.openCard).toHaveBeenCalledWith('org-1');
    fireEvent.click(screen.getByRole('button', { name: 'Stakeout 12 Nov' }));
    expect(navigation.openNote).toHaveBeenCalledWith('n1');
  });

  it('shows a refusal as its one line, and no summary', async () => {
    const line = 'this bundle was already imported on 2026-12-01 14:03: nothing changed';
    const { click } = importer(async () => {
      throw new BundleRefused(line);
    });
    click();
    expect((await screen.findByRole('alert')).textContent).toBe(line);
    expect(screen.queryByRole('region', { name: 'Import summary' })).toBeNull();
  });

  it('shows a progress bar, in words, once the import takes longer than a moment', async () => {
    vi.useFakeTimers();
    let report: ((p: BundleProgress) => void) | undefined;
    let finish: (() => void) | undefined;
    const { click } = importer(
      (_file, options) =>
        new Promise((resolve) => {
          report = options?.onProgress;
          finish = () => resolve(imported);
        }),
    );
    click();
    await act(async () => {});
    act(() => report!({ phase: 'checking', done: 4210, total: 10_000 }));
    // Not before the moment has passed: a quick import never flashes a bar.
    expect(screen.queryByRole('progressbar')).toBeNull();
    await act(async () => vi.advanceTimersByTime(PROGRESS_AFTER_MS));
    const bar = screen.getByRole('progressbar', { name: 'Checking envelopes: 4,210 of 10,000' });
    expect(bar.getAttribute('aria-valuenow')).toBe('4210');
    expect(bar.getAttribute('aria-valuemax')).toBe('10000');
    await act(async () => finish!());
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect(screen.getByRole('region', { name: 'Import summary' })).toBeTruthy();
  });
});
