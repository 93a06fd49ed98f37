import { memberIdOf } from '../crypto';
import type { Identity } from '../crypto';
import { compartmentMembers, CORE_TITLE, defaultMarking, openLabel, scopeOf } from './compartments';
import type { CompartmentLabel } from './compartments';
import { keyIdOf, openKeyring } from './keyLog';
import type { Compartment, Roster } from './roster';

export interface CompartmentView {
  compartmentId: string;
  kind: Compartment['kind'];
  /** Null while this member holds no key its label was sealed under (an admin has not served it yet). */
  title: string | null;
  marking: string | null;
  members: string[];
  epoch: number;
}

/**
 * The compartments `me` is in, each with its label opened with `me`'s keys (ADR 0012 §2): the core
 * is "Task force", "TLP:AMBER — Task force" until an admin labels it.
 */
export function compartmentList(roster: Roster, keyEntries: readonly unknown[], me: Identity): CompartmentView[] {
  const myId = memberIdOf(me);
  const views: CompartmentView[] = [];
  for (const c of roster.compartments.values()) {
    const members = compartmentMembers(roster, c.compartmentId);
    if (!members.has(myId)) continue;
    let label: CompartmentLabel | null =
      c.kind === 'core' ? { title: CORE_TITLE, marking: defaultMarking('core', CORE_TITLE) } : null;
    if (c.label) {
      const sealed = c.label;
      const ring = openKeyring(
        roster.workspaceId,
        keyEntries,
        roster,
        me,
        scopeOf(roster.workspaceId, c.compartmentId),
      );
      const key = ring.opening(sealed.epoch).find((k) => keyIdOf(k) === sealed.kid);
      label = (key && openLabel(roster.workspaceId, sealed, key)) ?? label;
      ring.wipe();
    }
    views.push({
      compartmentId: c.compartmentId,
      kind: c.kind,
      title: label?.title ?? null,
      marking: label?.marking ?? null,
      members: [...members].sort(),
      epoch: c.epoch,
    });
  }
  return views;
}
