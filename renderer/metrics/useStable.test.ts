// @vitest-environment happy-dom
import { renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import type { OutcomeRow } from '../../shared/metrics';
import { sameRows, useStable } from './useStable';

const row = (over: Partial<OutcomeRow> = {}): OutcomeRow => ({
  id: 'o1',
  orgId: 'org',
  orgName: 'Los Halcones',
  lane: 'Target',
  agency: 'DEA',
  kind: 'seizure',
  date: '2026-11-02',
  kg: 2,
  drugKind: 'cocaine',
  compartmentId: 'core',
  marking: '',
  ...over,
});

describe('stable rows', () => {
  it('keeps the previous rows while a new read is equal, and takes a changed one', () => {
    const first = [row()];
    const { result, rerender } = renderHook(({ rows }) => useStable(rows, sameRows), { initialProps: { rows: first } });
    rerender({ rows: [row()] });
    expect(result.current).toBe(first);
    const changed = [row({ kg: 3 })];
    rerender({ rows: changed });
    expect(result.current).toBe(changed);
    expect(sameRows([row()], [row({ orgName: 'Renamed' })])).toBe(false);
    expect(sameRows([row()], [])).toBe(false);
  });
});
