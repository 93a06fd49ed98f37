import type { EntityKind } from '../model';
import { displayIdentifier, identifierKey } from './identifierKey';
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

/**
 * The identifiers a network entry holds: a person's name and each alias ('name'); a phone's number
 * ('phone'); the plate found in a vehicle's name ('plate', written as displayIdentifier writes it,
 * so it keys the same again); a location ('place'); a route ('route'). Text with nothing comparable
 * (a phone entry "burner, number unknown", a vehicle without a plate) gives nothing.
 */
export function entityIdentifiers(entity: { kind: EntityKind; name: string; aliases?: string[] }): Identifier[] {
  const out: Identifier[] = [];
  const push = (kind: IdentifierKind, value: string) => {
    if (identifierKey(kind, value) !== null) out.push({ kind, value });
  };
  switch (entity.kind) {
    case 'person':
      push('name', entity.name);
      for (const alias of entity.aliases ?? []) push('name', alias);
      break;
    case 'phone':
      push('phone', entity.name);
      break;
    case 'vehicle': {
      const plate = findPlate(entity.name);
      if (plate)
        push('plate', displayIdentifier('plate', plate.state === '?' ? plate.chars : `${plate.state}:${plate.chars}`));
      break;
    }
    case 'location':
      push('place', entity.name);
      break;
    case 'route':
      push('route', entity.name);
      break;
  }
  return out;
}
