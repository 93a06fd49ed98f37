import type { OutcomeKind } from '../model';

/** Outcome metrics (issue 16): one row per outcome the reader's board shows, with what it is counted by. */
export interface OutcomeRow {
  id: string;
  orgId: string;
  orgName: string;
  lane: string;
  /** The agency that achieved it (the outcome's own field). */
  agency: string;
  kind: OutcomeKind;
  /** YYYY-MM-DD */
  date: string;
  /** Seizures: the drug kind for narcotics ('' if unsaid), kilograms, weapons counted, US dollars. */
  drugKind?: string;
  kg?: number;
  weapons?: number;
  usd?: number;
  compartmentId: string;
  marking: string;
}

export interface Totals {
  arrests: number;
  seizures: number;
  indictments: number;
  revocations: number;
  /** Narcotics seized, kilograms, by drug kind ('unspecified' when the seizure says none). */
  kgByDrug: Record<string, number>;
  kg: number;
  weapons: number;
  usd: number;
}

/** A week starts on Monday (ISO 8601); a month is a calendar month. Dates are UTC calendar days. */
export type Granularity = 'week' | 'month';

export interface SeriesPoint {
  /** '2026-W48' or '2026-11'. */
  bucket: string;
  /** First and last calendar day of the bucket, YYYY-MM-DD. */
  start: string;
  end: string;
  totals: Totals;
}

export type BreakdownBy = 'org' | 'agency' | 'lane';

export interface BreakdownRow {
  key: string;
  label: string;
  totals: Totals;
}
