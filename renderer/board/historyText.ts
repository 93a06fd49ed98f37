import type { ChangeEntry } from '../../shared/history';

/** How a card's fields read in a sentence. */
const FIELD_NAMES: Record<string, string> = {
  name: 'the name',
  aliases: 'the aliases',
  activities: 'the activities',
  sectors: 'the sectors',
  cities: 'the cities',
  leadAgency: 'the lead agency',
  status: 'the status',
  summary: 'the summary',
};

const quoted = (s: string) => `“${s.length > 80 ? s.slice(0, 79) + '…' : s}”`;

/**
 * One line of a card's history: "Rosa Lind (CBP) moved it from Identify to Collect · 2 Dec 2026, 14:05".
 * `who` names a member (name and agency from their signed profile). An unlogged change says so: the
 * card holds a value no signed record explains, and the member named wrote that value.
 */
export function changeLine(
  entry: ChangeEntry,
  who: (memberId: string) => string,
  when: (at: number) => string,
): string {
  const by = entry.by === '' ? 'Someone' : who(entry.by);
  const c = entry.change;
  let what: string;
  switch (c.kind) {
    case 'created':
      what = c.lane ? `added it to ${c.lane}` : 'added it';
      break;
    case 'lane':
      what = c.rename
        ? `renamed its lane from ${c.from} to ${c.to}`
        : `moved it from ${c.from || 'no lane'} to ${c.to}`;
      break;
    case 'threat':
      what = `changed the threat from ${c.from || 'none'} to ${c.to}`;
      break;
    case 'field': {
      const field = FIELD_NAMES[c.field] ?? c.field;
      what = c.value === '' ? `cleared ${field}` : `set ${field} to ${quoted(c.value)}`;
      break;
    }
    case 'added':
    case 'removed':
      what = `${c.kind} ${c.map === 'links' ? 'the link ' : ''}${c.summary}`;
      break;
    case 'deleted':
      what = 'removed the organization';
      break;
  }
  const proof = entry.proof === 'unlogged' ? ' — changed without a signed record' : '';
  return `${by} ${what}${proof} · ${when(entry.at)}`;
}

/** Whether an entry is a change of the card itself (a lane renamed for the whole board is not). */
export const isCardChange = (e: ChangeEntry): boolean => !(e.change.kind === 'lane' && e.change.rename);

/** The start of day `day` (YYYY-MM-DD) on this machine's clock, or null if it is not a date. */
export function dayStart(day: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const at = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])).getTime();
  return Number.isFinite(at) ? at : null;
}
