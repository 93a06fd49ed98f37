import type { Granularity } from './types';

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a real calendar day written YYYY-MM-DD, or null (e.g. '2026-02-30', 'soon'). */
export function dayNumber(date: string): number | null {
  const m = ISO_DATE.exec(date);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  // Date.UTC rolls 02-30 over into March: a day that does not round-trip is not a day.
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return ms / DAY_MS;
}

/** The YYYY-MM-DD of a day number (years 0–9999 only, which is all dayNumber accepts). */
export function dayString(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function requireDay(date: string): number {
  const day = dayNumber(date);
  if (day === null) throw new Error(`"${date}" is not a calendar date (YYYY-MM-DD)`);
  return day;
}

/**
 * The week (ISO 8601: Monday first; the week belongs to the year of its Thursday, so 2026-12-31 is in
 * 2026-W53 and 2027-01-01 too) or the calendar month holding `date`, with its first and last day.
 */
export function bucketOf(date: string, g: Granularity): { bucket: string; start: string; end: string } {
  const day = requireDay(date);
  if (g === 'month') {
    const first = date.slice(0, 8) + '01';
    const d = new Date(day * DAY_MS);
    const last = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0) / DAY_MS;
    return { bucket: date.slice(0, 7), start: first, end: dayString(last) };
  }
  // 1970-01-01 was a Thursday: (day + 3) mod 7 is 0 on Mondays.
  const monday = day - ((((day + 3) % 7) + 7) % 7);
  const thursday = monday + 3;
  const year = new Date(thursday * DAY_MS).getUTCFullYear();
  const jan1 = Date.UTC(year, 0, 1) / DAY_MS;
  const week = Math.floor((thursday - jan1) / 7) + 1;
  return { bucket: `${year}-W${String(week).padStart(2, '0')}`, start: dayString(monday), end: dayString(monday + 6) };
}

/** Every bucket from the one holding `from` to the one holding `to`, in order (none if to < from). */
export function bucketsBetween(
  from: string,
  to: string,
  g: Granularity,
): Array<{ bucket: string; start: string; end: string }> {
  const last = requireDay(to);
  const out: Array<{ bucket: string; start: string; end: string }> = [];
  if (last < requireDay(from)) return out;
  let b = bucketOf(from, g);
  for (;;) {
    out.push(b);
    const next = requireDay(b.end) + 1;
    if (next > last) return out;
    b = bucketOf(dayString(next), g);
  }
}

/**
 * `n` periods as long as from..to (both days included), back to back, the last ending the day before
 * `from`; oldest first.
 */
export function previousPeriods(from: string, to: string, n: number): Array<{ from: string; to: string }> {
  const start = requireDay(from);
  const length = requireDay(to) - start + 1;
  if (length < 1) throw new Error('a period ends on or after the day it starts');
  const out: Array<{ from: string; to: string }> = [];
  for (let k = n; k >= 1; k--) {
    out.push({ from: dayString(start - k * length), to: dayString(start - (k - 1) * length - 1) });
  }
  return out;
}
