import type { EntityFields, OutcomeFields } from '../model';

/** What a card shows of a network entry, in one line: "phone +1 956 555 0198", "person Ana Cruz (driver)". */
export function entitySummary(e: Pick<EntityFields, 'kind' | 'name' | 'role' | 'locationKind'>): string {
  const detail = e.kind === 'person' ? e.role : e.kind === 'location' ? e.locationKind : undefined;
  return `${e.kind} ${e.name}${detail && detail !== 'other' ? ` (${detail})` : ''}`;
}

/** What a card shows of an outcome: "seizure 12 kg methamphetamine (CBP, 2026-11-30)". */
export function outcomeSummary(o: Pick<OutcomeFields, 'kind' | 'date' | 'agency' | 'seizure'>): string {
  const s = o.kind === 'seizure' ? o.seizure : undefined;
  const what = !s
    ? ''
    : s.category === 'narcotics'
      ? [s.weightKg !== undefined ? `${s.weightKg} kg` : '', s.drugKind ?? 'narcotics'].filter(Boolean).join(' ')
      : s.category === 'weapons'
        ? `${s.count ?? ''} weapons`.trim()
        : `${s.amountUsd !== undefined ? `$${s.amountUsd.toLocaleString('en-US')}` : ''} currency`.trim();
  const where = [o.agency, o.date].filter(Boolean).join(', ');
  return `${o.kind}${what ? ` ${what}` : ''}${where ? ` (${where})` : ''}`;
}

/** A link between two entries: "Ana Cruz — calls — +1 956 555 0198". */
export function linkSummary(from: string, label: string, to: string): string {
  return `${from} — ${label || 'linked to'} — ${to}`;
}

/** A field's value as one line of text (lists joined with commas). */
export function fieldText(value: unknown): string {
  if (Array.isArray(value)) return value.map(fieldText).join(', ');
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return value === undefined || value === null ? '' : JSON.stringify(value);
}
