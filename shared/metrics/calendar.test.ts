import { describe, expect, it } from 'vitest';

import { bucketOf, bucketsBetween, dayNumber, previousPeriods } from './index';

describe('calendar buckets (UTC days, ISO 8601 weeks)', () => {
  it.each([
    ['2026-12-31', '2026-W53', '2026-12-28', '2027-01-03'],
    ['2027-01-03', '2026-W53', '2026-12-28', '2027-01-03'],
    ['2027-01-04', '2027-W01', '2027-01-04', '2027-01-10'],
    ['2024-12-30', '2025-W01', '2024-12-30', '2025-01-05'],
    ['2021-01-03', '2020-W53', '2020-12-28', '2021-01-03'],
    ['2026-12-02', '2026-W49', '2026-11-30', '2026-12-06'],
    ['1969-12-29', '1970-W01', '1969-12-29', '1970-01-04'],
  ])('%s is in week %s (%s to %s)', (date, bucket, start, end) => {
    expect(bucketOf(date, 'week')).toEqual({ bucket, start, end });
  });

  it('a month runs from its first to its last day, leap years included', () => {
    expect(bucketOf('2024-02-10', 'month')).toEqual({ bucket: '2024-02', start: '2024-02-01', end: '2024-02-29' });
    expect(bucketOf('2026-02-28', 'month')).toEqual({ bucket: '2026-02', start: '2026-02-01', end: '2026-02-28' });
    expect(bucketOf('2026-12-31', 'month')).toEqual({ bucket: '2026-12', start: '2026-12-01', end: '2026-12-31' });
  });

  it('refuses what is not a calendar day, in one sentence', () => {
    expect(dayNumber('2026-02-30')).toBeNull();
    expect(dayNumber('2026-1-05')).toBeNull();
    expect(dayNumber('soon')).toBeNull();
    expect(() => bucketOf('2026-13-01', 'month')).toThrow('"2026-13-01" is not a calendar date (YYYY-MM-DD)');
  });

  it('lists every bucket of a range, across a year end, and none for a reversed range', () => {
    expect(bucketsBetween('2026-12-20', '2027-01-12', 'week').map((b) => b.bucket)).toEqual([
      '2026-W51',
      '2026-W52',
      '2026-W53',
      '2027-W01',
      '2027-W02',
    ]);
    expect(bucketsBetween('2026-11-15', '2027-02-01', 'month').map((b) => b.bucket)).toEqual([
      '2026-11',
      '2026-12',
      '2027-01',
      '2027-02',
    ]);
    expect(bucketsBetween('2026-02-01', '2026-01-01', 'month')).toEqual([]);
  });

  it('previous periods are as long as the period, back to back, oldest first', () => {
    expect(previousPeriods('2026-11-24', '2026-11-30', 3)).toEqual([
      { from: '2026-11-03', to: '2026-11-09' },
      { from: '2026-11-10', to: '2026-11-16' },
      { from: '2026-11-17', to: '2026-11-23' },
    ]);
    expect(previousPeriods('2026-03-01', '2026-03-01', 2)).toEqual([
      { from: '2026-02-27', to: '2026-02-27' },
      { from: '2026-02-28', to: '2026-02-28' },
    ]);
    expect(previousPeriods('2026-03-01', '2026-03-31', 0)).toEqual([]);
    expect(() => previousPeriods('2026-03-02', '2026-03-01', 1)).toThrow('a period ends on or after the day it starts');
  });
});
