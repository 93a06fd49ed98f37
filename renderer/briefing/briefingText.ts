import { dayStart, movement } from '../../shared/briefing';

/** How a priority moved, as the exports say it, with its arrow: "▲ up 2", "▼ down 1", "same", "new". */
export function movementText(rank: number, previousRank: number | null): string {
  const said = movement(rank, previousRank);
  if (previousRank === null || previousRank === rank) return said;
  return `${previousRank > rank ? '▲' : '▼'} ${said}`;
}

/** Why a period cannot be briefed, in one sentence; null when it can. */
export function periodProblem(from: string, to: string): string | null {
  const valid = (d: string) => dayStart(d) !== null;
  if (!valid(from) || !valid(to)) return 'Give both ends of the period as dates.';
  if (from > to) return 'The period must start on or before the day it ends.';
  return null;
}

/** The export's file name: briefing-2026-11-24-to-2026-11-30-webb-county-so.pdf. */
export function briefingFileName(from: string, to: string, audienceTitle: string, ext: 'pdf' | 'md'): string {
  const slug =
    audienceTitle
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40)
      .replace(/-+$/, '') || 'audience';
  return `briefing-${from}-to-${to}-${slug}.${ext}`;
}
