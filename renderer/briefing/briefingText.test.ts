import { describe, expect, it } from 'vitest';

import { defaultPeriod } from '../../shared/briefing';
import { briefingFileName, movementText, periodProblem } from './briefingText';

describe('briefing text', () => {
  it('names the export after its period and audience, in plain characters', () => {
    expect(briefingFileName('2026-11-24', '2026-11-30', 'Webb County SO', 'pdf')).toBe(
      'briefing-2026-11-24-to-2026-11-30-webb-county-so.pdf',
    );
    expect(briefingFileName('2026-11-24', '2026-11-30', '../Ñandú / ‹x›', 'md')).toBe(
      'briefing-2026-11-24-to-2026-11-30-nandu-x.md',
    );
    expect(briefingFileName('2026-11-24', '2026-11-30', '///', 'md')).toBe(
      'briefing-2026-11-24-to-2026-11-30-audience.md',
    );
  });

  it('defaults to the seven days ending today, both included', () => {
    expect(defaultPeriod(Date.UTC(2026, 11, 2, 23, 59))).toEqual({ from: '2026-11-26', to: '2026-12-02' });
  });

  it('refuses a period that is not two real days in order, in one sentence', () => {
    expect(periodProblem('2026-11-24', '2026-11-30')).toBeNull();
    expect(periodProblem('2026-11-30', '2026-11-30')).toBeNull();
    expect(periodProblem('', '2026-11-30')).toBe('Give both ends of the period as dates.');
    expect(periodProblem('2026-02-30', '2026-03-01')).toBe('Give both ends of the period as dates.');
    expect(periodProblem('2026-12-01', '2026-11-30')).toBe('The period must start on or before the day it ends.');
  });

  it('says how a priority moved as the exports do, with an arrow for a move', () => {
    expect([movementText(1, 3), movementText(3, 1), movementText(2, 2), movementText(2, null)]).toEqual([
      '▲ up 2',
      '▼ down 2',
      'same',
      'new',
    ]);
  });
});
