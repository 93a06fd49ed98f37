/**
 * What a field report or a network entry names that the table compares across organizations:
 * a phone, a vehicle plate, a person's name or alias, a place, a route or crossing point.
 */
export const IDENTIFIER_KINDS = ['phone', 'plate', 'name', 'place', 'route'] as const;
export type IdentifierKind = (typeof IDENTIFIER_KINDS)[number];

/** One identifier as a person typed it. */
export interface Identifier {
  kind: IdentifierKind;
  value: string;
}

/**
 * One place an identifier occurs among what this member may read: a network entry of an
 * organization (`orgId` set) or a field report (`reportId` set). `key` is its comparable form
 * (identifierKey); `text` is how it was written there.
 */
export interface Occurrence {
  key: string;
  kind: IdentifierKind;
  text: string;
  /** The network entry's id, or the report's id. */
  factId: string;
  orgId: string | null;
  reportId: string | null;
  compartmentId: string;
}
