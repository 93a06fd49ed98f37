import { parsePhone } from './phoneNumber';
import { parsePlate } from './plate';
import type { IdentifierKind } from './types';
import { nameWords, placeWords } from './words';

/**
 * The comparable form of an identifier, or null when the text holds nothing comparable (not a
 * possible phone number, no plate characters, no letters or digits):
 * 'phone:+19565550198', 'plate:TX:ABC1234' ('plate:?:ABC1234' when no state was written),
 * 'name:juan perez', 'place:123 main street', 'route:interstate 35 north'.
 */
export function identifierKey(kind: IdentifierKind, text: string): string | null {
  switch (kind) {
    case 'phone': {
      const phone = parsePhone(text);
      return phone ? `phone:${phone.number}` : null;
    }
    case 'plate': {
      const plate = parsePlate(text);
      return plate ? `plate:${plate.state}:${plate.chars}` : null;
    }
    case 'name': {
      const words = nameWords(text);
      return words ? `name:${words}` : null;
    }
    case 'place':
    case 'route': {
      const words = placeWords(text);
      return words ? `${kind}:${words}` : null;
    }
  }
}

/**
 * Whether two keys name the same thing: they are equal, or both are plates with the same
 * characters and one of them has no state ('?'). Two different states never match: TX ABC1234 and
 * SON ABC1234 are two vehicles. Not transitive, by design.
 */
export function keysMatch(a: string, b: string): boolean {
  if (a === b) return true;
  const pa = plateOfKey(a);
  const pb = plateOfKey(b);
  return !!pa && !!pb && pa.chars === pb.chars && (pa.state === '?' || pb.state === '?');
}

/** The state and characters of a plate key ('plate:TX:ABC1234'), or null for any other key. */
export function plateOfKey(key: string): { state: string; chars: string } | null {
  if (!key.startsWith('plate:')) return null;
  const colon = key.indexOf(':', 6);
  if (colon < 0) return null;
  return { state: key.slice(6, colon), chars: key.slice(colon + 1) };
}

/**
 * How the table writes an identifier: a phone in international form ('+1 956 555 0198'), a plate
 * as state and characters ('TX ABC1234', or 'ABC1234' without a state); the others trimmed as
 * typed. Text that is not comparable is shown trimmed, unchanged.
 */
export function displayIdentifier(kind: IdentifierKind, text: string): string {
  if (kind === 'phone') {
    const phone = parsePhone(text);
    if (phone) return phone.formatInternational();
  } else if (kind === 'plate') {
    const plate = parsePlate(text);
    if (plate) return plate.state === '?' ? plate.chars : `${plate.state} ${plate.chars}`;
  }
  return text.trim();
}
