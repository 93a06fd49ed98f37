import { dayNumber, dayString } from '../metrics';

/** Calendar-day arithmetic on YYYY-MM-DD (UTC days, as shared/metrics counts them). */
export const DAY_MS = 86_400_000;

/** Midnight UTC of a real calendar day, or null ("2026-02-30" is not one). */
export function dayStart(day: string): number | null {
  const n = dayNumber(day);
  return n === null ? null : n * DAY_MS;
}

export const dayOf = (ms: number): string => dayString(Math.floor(ms / DAY_MS));
export const addDays = (day: string, n: number): string => dayString(dayNumber(day)! + n);
