import { describe, expect, it } from 'vitest';

import { calendarDay, seizureOf } from './outcomeSeizure';

describe('what outcome add seized', () => {
  it('reads exactly one group for a seizure', () => {
    expect(seizureOf('seizure', { drug: ' fentanyl ', kg: '12.5' })).toEqual({
      category: 'narcotics',
      drugKind: 'fentanyl',
      weightKg: 12.5,
    });
    expect(seizureOf('seizure', { drug: 'cocaine' })).toEqual({ category: 'narcotics', drugKind: 'cocaine' });
    expect(seizureOf('seizure', { weapons: '7' })).toEqual({ category: 'weapons', count: 7 });
    expect(seizureOf('seizure', { usd: '25000.50' })).toEqual({ category: 'currency', amountUsd: 25000.5 });
    expect(seizureOf('arrest', {})).toBeUndefined();
  });

  it.each([
    ['seizure', {}, 'a seizure takes exactly one of --drug KIND --kg N, --weapons N or --usd N'],
    [
      'seizure',
      { drug: 'cocaine', usd: '5' },
      'a seizure takes exactly one of --drug KIND --kg N, --weapons N or --usd N',
    ],
    [
      'seizure',
      { weapons: '2', usd: '5' },
      'a seizure takes exactly one of --drug KIND --kg N, --weapons N or --usd N',
    ],
    ['seizure', { kg: '3' }, '--kg needs --drug KIND (what was seized)'],
    ['seizure', { drug: ' ' }, '--drug needs a kind of drug (e.g. methamphetamine)'],
    ['seizure', { weapons: '2.5' }, '--weapons takes a whole number of weapons, not "2.5"'],
    ['seizure', { usd: '-5' }, '--usd takes an amount of US dollars (e.g. 25000), not "-5"'],
    ['seizure', { drug: 'x', kg: '1e308' }, '--kg takes a number of kilograms (e.g. 12.5), not "1e308"'],
    ['arrest', { weapons: '2' }, '--drug, --kg, --weapons and --usd are for --kind seizure only'],
  ])('refuses %s with %j in one sentence', (kind, flags, message) => {
    expect(() => seizureOf(kind, flags)).toThrow(message);
  });

  it('takes a date only if it is a calendar day', () => {
    expect(calendarDay('2026-12-31')).toBe('2026-12-31');
    expect(() => calendarDay('2026-02-30')).toThrow('--date takes a calendar day as YYYY-MM-DD, not "2026-02-30"');
  });
});
