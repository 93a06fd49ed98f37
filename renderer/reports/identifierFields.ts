import type { Identifier, IdentifierKind } from '../../shared/identifiers';

/** The form's identifier boxes, one per kind, in the order a field agent thinks of them. */
export const IDENTIFIER_FIELDS: ReadonlyArray<{ kind: IdentifierKind; label: string; hint: string }> = [
  { kind: 'phone', label: 'Phones', hint: 'One per line, as written: (956) 555-0198' },
  { kind: 'plate', label: 'Vehicle plates', hint: 'One per line, state then plate: TX:ABC-1234' },
  { kind: 'name', label: 'Names and aliases', hint: 'One per line' },
  { kind: 'place', label: 'Addresses and places', hint: 'One per line' },
  { kind: 'route', label: 'Routes and crossing points', hint: 'One per line' },
];

/** How one kind reads in a sentence or a table ("vehicle plate"). */
export const KIND_WORD: Record<IdentifierKind, string> = {
  phone: 'phone',
  plate: 'vehicle plate',
  name: 'name',
  place: 'place',
  route: 'route',
};

export type IdentifierText = Partial<Record<IdentifierKind, string>>;

/**
 * The identifiers the boxes hold: one per non-blank line, trimmed, in the boxes' order; a line
 * repeated in one box counts once (pasting a list twice files nothing twice).
 */
export function identifiersOf(text: IdentifierText): Identifier[] {
  const out: Identifier[] = [];
  for (const { kind } of IDENTIFIER_FIELDS) {
    const seen = new Set<string>();
    for (const line of (text[kind] ?? '').split('\n')) {
      const value = line.trim();
      if (value === '' || seen.has(value)) continue;
      seen.add(value);
      out.push({ kind, value });
    }
  }
  return out;
}
