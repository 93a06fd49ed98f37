// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { OpenProgress } from '../../shared/workspace';
import { OpenProgressStatus } from './OpenProgressStatus';
import { openProgressText } from './openProgressText';

afterEach(cleanup);

const at = (p: Partial<OpenProgress> & Pick<OpenProgress, 'phase'>): OpenProgress => ({
  done: 0,
  total: null,
  unit: null,
  ...p,
});

describe('OpenProgressStatus', () => {
  it('says what is happening in a live region, with a bar that knows its whole when the step does', () => {
    const progress = at({ phase: 'checking', done: 120, total: 520, unit: 'envelopes' });
    render(<OpenProgressStatus what="Joining the workspace" progress={progress} onCancel={() => {}} />);
    expect(screen.getByRole('heading', { name: 'Joining the workspace' })).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe('Checking envelopes: 120 of 520');
    const bar = screen.getByRole('progressbar', { name: 'Joining the workspace' });
    expect(bar.getAttribute('aria-valuenow')).toBe('120');
    expect(bar.getAttribute('aria-valuemax')).toBe('520');
    expect(bar.getAttribute('aria-valuetext')).toBe('Checking envelopes: 120 of 520');
  });

  it('a download of unknown size: the bytes received, and a bar with no value (indeterminate)', () => {
    const progress = at({ phase: 'downloading', done: 6_200_000, unit: 'bytes' });
    render(<OpenProgressStatus what="Joining the workspace" progress={progress} onCancel={() => {}} />);
    expect(screen.getByRole('status').textContent).toBe('Downloading the workspace: 6.2 MB received');
    const bar = screen.getByRole('progressbar');
    expect(bar.hasAttribute('aria-valuenow')).toBe(false);
    expect(bar.hasAttribute('aria-valuemax')).toBe(false);
  });

  it('a restore: the bytes uploaded of the whole, on a bar that knows its whole', () => {
    const progress = at({
      phase: 'uploading',
      done: 2_000_000,
      total: 8_000_000,
      unit: 'bytes',
      rooms: 0,
      roomsTotal: 1,
    });
    render(<OpenProgressStatus what="Restoring Sector Table to the relay" progress={progress} onCancel={() => {}} />);
    expect(screen.getByRole('status').textContent).toBe('Uploading to the relay: 2.0 MB of 8.0 MB');
    const bar = screen.getByRole('progressbar', { name: 'Restoring Sector Table to the relay' });
    expect(bar.getAttribute('aria-valuenow')).toBe('2000000');
    expect(bar.getAttribute('aria-valuemax')).toBe('8000000');
  });

  it('Cancel is a button a keyboard reaches, and it calls back', () => {
    const onCancel = vi.fn();
    render(<OpenProgressStatus what="Opening Sector Table" progress={null} onCancel={onCancel} />);
    expect(screen.getByRole('status').textContent).toBe('Starting…');
    const cancel = screen.getByRole('button', { name: 'Cancel' });
    cancel.focus();
    expect(document.activeElement).toBe(cancel);
    fireEvent.click(cancel);
    expect(onCancel).toHaveBeenCalledOnce();
  });
});

describe('openProgressText', () => {
  it('has one readable sentence for every phase', () => {
    expect(openProgressText(at({ phase: 'connecting' }))).toBe('Connecting to the relay…');
    expect(openProgressText(at({ phase: 'connecting', done: 12_300, unit: 'bytes' }))).toBe(
      'Connecting to the relay: 12 kB received',
    );
    expect(openProgressText(at({ phase: 'joining' }))).toBe('Sending your join to the relay…');
    expect(openProgressText(at({ phase: 'reading', done: 3, unit: 'records', bytes: 13_800_000 }))).toBe(
      'Reading the local copy: 3 records (14 MB)',
    );
    expect(openProgressText(at({ phase: 'downloading', unit: 'bytes' }))).toBe('Downloading the workspace…');
    expect(openProgressText(at({ phase: 'downloading', done: 6_200_000, total: 13_700_000, unit: 'bytes' }))).toBe(
      'Downloading the workspace: 6.2 MB of 14 MB',
    );
    expect(openProgressText(at({ phase: 'checking', done: 1, total: 1, unit: 'envelopes' }))).toBe(
      'Checking envelopes: 1 of 1',
    );
    expect(openProgressText(at({ phase: 'building', done: 8, total: 30, unit: 'organizations' }))).toBe(
      "Writing the demo's cards: 8 of 30 organizations",
    );
    expect(openProgressText(at({ phase: 'history', done: 5, total: 12, unit: 'months' }))).toBe(
      "Writing the demo's year of history: month 5 of 12",
    );
    expect(openProgressText(at({ phase: 'bringing' }))).toBe(
      'Bringing the roster to a relay that does not hold this workspace…',
    );
    expect(
      openProgressText(
        at({ phase: 'uploading', done: 3_100_000, total: 15_600_000, unit: 'bytes', rooms: 1, roomsTotal: 3 }),
      ),
    ).toBe('Uploading to the relay: 3.1 MB of 16 MB (1 of 3 rooms held)');
    expect(openProgressText(at({ phase: 'opening' }))).toBe('Opening the board…');
    expect(openProgressText(at({ phase: 'ready' }))).toBe('Ready');
  });
});
