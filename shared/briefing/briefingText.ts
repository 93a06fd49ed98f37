import type { Totals } from '../metrics';
import type { Briefing, Person } from './types';

/** Wording the PDF and the Markdown of a briefing share. */
export const briefingTitle = (b: Briefing): string =>
  `${b.workspaceTitle || 'Unity Table'} — Briefing ${b.from} to ${b.to}`;

export const formatDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export const formatKg = (kg: number): string =>
  kg.toLocaleString('en-US', { minimumFractionDigits: 0, maximumFractionDigits: 3 });

const formatUsd = (usd: number): string => usd.toLocaleString('en-US', { maximumFractionDigits: 2 });

/** The measures a briefing totals, label and worded value, in the order the totals and the trend list them. */
export const TOTAL_MEASURES: ReadonlyArray<readonly [string, (t: Totals) => string]> = [
  ['Arrests', (t) => String(t.arrests)],
  ['Seizures', (t) => String(t.seizures)],
  ['Indictments', (t) => String(t.indictments)],
  ['Entry-permission revocations', (t) => String(t.revocations)],
  ['Narcotics seized (kg)', (t) => formatKg(t.kg)],
  ['Weapons seized', (t) => String(t.weapons)],
  ['Currency seized (USD)', (t) => formatUsd(t.usd)],
];

/** "Ravi Okafor (CBP)", or the start of the member id when unsigned. */
export function personLabel(p: Person): string {
  const name = p.name || `member ${p.memberId.slice(0, 8)}`;
  return p.agency ? `${name} (${p.agency})` : name;
}

/** How a priority moved since the round before: "up 2", "down 1", "same", "new". */
export function movement(rank: number, previous: number | null): string {
  if (previous === null) return 'new';
  if (previous === rank) return 'same';
  return previous > rank ? `up ${previous - rank}` : `down ${rank - previous}`;
}

/** Where the top five come from: the round by its title, or unnamed where its title is not the audience's to read. */
export const roundSource = (roundTitle: string): string =>
  roundTitle === '' ? 'From the latest closed priority round' : `From the round "${roundTitle}"`;
