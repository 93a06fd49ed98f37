// @vitest-environment happy-dom
// happy-dom, not jsdom: see renderer/board/ReleasabilityControl.test.tsx.
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { initCrypto } from '../../shared/crypto';
import { roomsWorld } from '../../shared/testkit/roomsWorld';
import { WorkspaceApi } from '../../shared/workspace';
import type { WorkspaceClient } from '../session/WorkspaceClient';
import { CompartmentsSection } from './CompartmentsSection';

await initCrypto();
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function section() {
  const w = roomsWorld();
  const analyst = w.join('analyst');
  const sheriff = w.join('partner');
  const admin = new WorkspaceApi(w.admin.workspace, w.admin.identity);
  const names = new Map([
    [w.admin.workspace.me, 'Ana'],
    [analyst.workspace.me, 'Ben'],
    [sheriff.workspace.me, 'Pat'],
  ]);
  const errors: string[] = [];
  const ui = () => (
    <CompartmentsSection
      client={{ api: admin } as WorkspaceClient}
      attempt={(action) => {
        try {
          action();
        } catch (err) {
          errors.push(String(err));
        }
      }}
      nameOf={(m) => names.get(m) ?? m}
    />
  );
  const view = render(ui());
  return { w, admin, sheriff, errors, rerender: () => view.rerender(ui()) };
}

describe('the Compartments section of the Members tab (ADR 0012 §8)', () => {
  it('creates a releasable compartment with its TLP label, audience and partners; the grid says who reads it', () => {
    const { admin, sheriff, errors, rerender } = section();
    const form = screen.getByRole('form', { name: 'New compartment' });
    // A releasable compartment lists partners only: the core is in it anyway.
    expect(within(form).queryByRole('checkbox', { name: 'Ben' })).toBeNull();
    fireEvent.change(within(form).getByLabelText('Compartment title'), { target: { value: 'Webb County SO' } });
    fireEvent.change(within(form).getByLabelText('TLP label'), { target: { value: 'TLP:GREEN' } });
    fireEvent.change(within(form).getByLabelText('Audience'), { target: { value: 'REL TO Webb SO' } });
    fireEvent.click(within(form).getByRole('checkbox', { name: 'Pat' }));
    fireEvent.submit(form);
    expect(errors).toEqual([]);
    const made = admin.compartments().find((c) => c.kind === 'releasable')!;
    expect(made).toMatchObject({ title: 'Webb County SO', marking: 'TLP:GREEN — REL TO Webb SO' });
    expect(made.members).toContain(sheriff.workspace.me);

    rerender();
    const grid = screen.getByRole('table', { name: 'Who can read what' });
    expect(within(grid).getByLabelText('Pat in Webb County SO').textContent).toBe('reads');
    expect(within(grid).getByLabelText('Pat in Task force').textContent).toBe('—');
    expect(within(grid).getByLabelText('Ben in Webb County SO').textContent).toBe('reads');
  });

  it('removing a member says it rotates the key, and does it only when confirmed', () => {
    const { w, admin, sheriff, rerender } = section();
    const id = w.createCompartment(w.admin, 'releasable', [sheriff.workspace.me]).id;
    w.sync();
    rerender();
    const confirm = vi.fn(() => false);
    vi.stubGlobal('confirm', confirm);
    const remove = screen.getByRole('button', { name: /^Remove Pat from / });
    fireEvent.click(remove);
    expect(confirm.mock.calls[0]).toEqual([
      expect.stringMatching(/This rotates its key: they will read nothing written there from now on/),
    ]);
    expect(admin.roster.compartments.get(id)!.listed.has(sheriff.workspace.me)).toBe(true);
    const epoch = admin.roster.compartments.get(id)!.epoch;
    confirm.mockReturnValue(true);
    fireEvent.click(remove);
    expect(admin.roster.compartments.get(id)!.listed.has(sheriff.workspace.me)).toBe(false);
    expect(admin.roster.compartments.get(id)!.epoch).toBe(epoch + 1);
  });
});
