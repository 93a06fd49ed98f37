import * as Y from 'yjs';

import { PROFILES, SETTINGS } from './facts';
import { fieldAuthor } from './provenance';
import type { AuthorOf } from './provenance';

export function setWorkspaceTitle(doc: Y.Doc, title: string): void {
  doc.getMap(SETTINGS).set('title', title);
}

export function workspaceTitle(doc: Y.Doc): string {
  const title = doc.getMap(SETTINGS).get('title');
  return typeof title === 'string' ? title : '';
}

export interface MemberProfile {
  name: string;
  agency: string;
}

/** A member's own name and agency, written by the member into the encrypted workspace. */
export function setProfile(doc: Y.Doc, memberId: string, profile: MemberProfile): void {
  const p = new Y.Map<string>();
  p.set('name', profile.name);
  p.set('agency', profile.agency);
  doc.getMap(PROFILES).set(memberId, p);
}

/**
 * A member's profile, only as that member signed it: a name or agency another member wrote for
 * them is not shown (anyone who can edit could otherwise relabel a colleague).
 */
export function memberProfile(doc: Y.Doc, memberId: string, authorOf: AuthorOf): MemberProfile | null {
  const profiles = doc.getMap<unknown>(PROFILES);
  const p = profiles.get(memberId);
  if (!(p instanceof Y.Map)) return null;
  if (fieldAuthor(profiles, memberId, authorOf) !== memberId) return null;
  const name = p.get('name');
  const agency = p.get('agency');
  return { name: typeof name === 'string' ? name : '', agency: typeof agency === 'string' ? agency : '' };
}
