import { dayNumber } from '../shared/metrics';
import type { SeizureFields } from '../shared/model';
import type { Flags } from './commandKit';

const NUMBER = /^\d+(\.\d+)?$/;
const WHOLE = /^\d+$/;

function amount(flags: Flags, name: string, pattern: RegExp, what: string): number | undefined {
  const raw = flags[name];
  if (raw === undefined) return undefined;
  if (!pattern.test(raw.trim())) throw new Error(`--${name} takes ${what}, not "${raw}"`);
  return Number(raw);
}

/**
 * What `outcome add` seized, from `--drug KIND [--kg N]`, `--weapons N` or `--usd N`: exactly one of
 * those groups for a seizure, none for any other kind. Refused before anything opens, so a bad line
 * writes nothing.
 */
export function seizureOf(kind: string, flags: Flags): SeizureFields | undefined {
  const kg = amount(flags, 'kg', NUMBER, 'a number of kilograms (e.g. 12.5)');
  const weapons = amount(flags, 'weapons', WHOLE, 'a whole number of weapons');
  const usd = amount(flags, 'usd', NUMBER, 'an amount of US dollars (e.g. 25000)');
  const drug = flags['drug']?.trim();
  if (kg !== undefined && drug === undefined) throw new Error('--kg needs --drug KIND (what was seized)');
  if (drug === '') throw new Error('--drug needs a kind of drug (e.g. methamphetamine)');
  const groups = [drug !== undefined, weapons !== undefined, usd !== undefined].filter(Boolean).length;
  if (kind !== 'seizure') {
    if (groups > 0) throw new Error('--drug, --kg, --weapons and --usd are for --kind seizure only');
    return undefined;
  }
  if (groups !== 1) throw new Error('a seizure takes exactly one of --drug KIND --kg N, --weapons N or --usd N');
  if (drug !== undefined)
    return { category: 'narcotics', drugKind: drug, ...(kg !== undefined ? { weightKg: kg } : {}) };
  if (weapons !== undefined) return { category: 'weapons', count: weapons };
  return { category: 'currency', amountUsd: usd! };
}

/** `--date` as a calendar day: '2026-02-30' would be counted in no week or month, so it is refused here. */
export function calendarDay(date: string): string {
  if (dayNumber(date) === null) throw new Error(`--date takes a calendar day as YYYY-MM-DD, not "${date}"`);
  return date;
}
