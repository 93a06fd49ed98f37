import type { CompartmentKind } from '../../shared/membership';

/** TLP 2.0's labels, the default vocabulary of markings (ADR 0012 §2), most restrictive first. */
export const TLP_LABELS = ['TLP:RED', 'TLP:AMBER+STRICT', 'TLP:AMBER', 'TLP:GREEN', 'TLP:CLEAR'] as const;
export type TlpLabel = (typeof TLP_LABELS)[number];

/** The label a new compartment of this kind starts with: what the kind's default marking uses. */
export const defaultTlp = (kind: CompartmentKind): TlpLabel => (kind === 'restricted' ? 'TLP:RED' : 'TLP:AMBER');

/** The audience a marking names when none is typed: "REL TO <title>" for a releasable compartment, the title else. */
export const defaultAudience = (kind: CompartmentKind, title: string): string =>
  kind === 'releasable' ? `REL TO ${title.trim()}` : title.trim();

/** A marking: the TLP label followed by the audience, "TLP:AMBER — REL TO Webb County SO". */
export function markingOf(tlp: TlpLabel, audience: string, kind: CompartmentKind, title: string): string {
  return `${tlp} — ${audience.trim() || defaultAudience(kind, title)}`;
}
