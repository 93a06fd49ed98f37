import type { EntityKind } from '../model';
import { identifierKey } from './identifierKey';
import { findPlate } from './plate';
import type { Identifier, IdentifierKind } from './types';

/** The kind of network entry a report's identifier becomes when a report is linked. */
export const ENTITY_KIND_OF: Record<IdentifierKind, EntityKind> = {
  phone: 'phone',
  plate: 'vehicle',
  name: 'person',
  place: 'location',
  route: 'route',
};

/** An identifier with its comparable form (identifierKey). */
export interface KeyedIdentifier extends Identifier {
  key: string;
}

/**
 * The identifiers a network entry holds: a person's name and each alias ('name'); a phone's number
 * ('phone'); the plate found in a vehicle's name ('plate', written as displayIdentifier writes it,
 * so it keys the same again); a location ('place'); a route ('route'). Text with nothing comparable
 * (a phone entry "burner, number unknown", a vehicle without a plate) gives nothing.
 */
export function entityIdentifiers(entity: { kind: EntityKind; name: string; aliases?: string[] }): Identifier[] {
  return entityKeys(entity).map(({ kind, value }) => ({ kind, value }));
}

/** The same, each with its key: what an index needs, each text keyed once. */
export function entityKeys(entity: { kind: EntityKind; name: string; aliases?: string[] }): KeyedIdentifier[] {
  if (entity.kind === 'vehicle') {
    const plate = findPlate(entity.name);
    if (!plate) return [];
    // As displayIdentifier writes a plate, which parsePlate reads back to the same key.
    const value = plate.state === '?' ? plate.chars : `${plate.state} ${plate.chars}`;
    return [{ kind: 'plate', value, key: `plate:${plate.state}:${plate.chars}` }];
  }
  const kind = IDENTIFIER_OF[entity.kind];
  const texts = entity.kind === 'person' ? [entity.name, ...(entity.aliases ?? [])] : [entity.name];
  const out: KeyedIdentifier[] = [];
  for (const value of texts) {
    const key = identifierKey(kind, value);
    if (key !== null) out.push({ kind, value, key });
  }
  return out;
}

const IDENTIFIER_OF: Record<EntityKind, IdentifierKind> = {
  person: 'name',
  phone: 'phone',
  vehicle: 'plate',
  location: 'place',
  route: 'route',
};
