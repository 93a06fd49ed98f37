import * as Y from 'yjs';

import { randomBytes, toBase64Url } from '../crypto';

/** The lanes a new workspace's board starts with; each workspace can change its own. */
export const DEFAULT_LANES = ['Identify', 'Collect', 'Target', 'Disrupt', 'Dismantled'] as const;

export interface Organization {
  id: string;
  name: string;
  lane: string;
}

const ORGS = 'organizations';
const SETTINGS = 'settings';

export function lanes(doc: Y.Doc): string[] {
  const stored = doc.getMap(SETTINGS).get('lanes');
  return Array.isArray(stored) && stored.every((l) => typeof l === 'string') ? stored : [...DEFAULT_LANES];
}

/** Adds an organization card in `lane` (the first lane by default); returns its new id. */
export function addOrganization(doc: Y.Doc, input: { name: string; lane?: string }): string {
  const name = input.name.trim();
  if (name.length === 0 || name.length > 200) throw new Error('an organization name is 1–200 characters');
  const lane = input.lane ?? lanes(doc)[0]!;
  if (!lanes(doc).includes(lane)) throw new Error(`no lane "${lane}": the lanes are ${lanes(doc).join(', ')}`);
  const id = toBase64Url(randomBytes(12));
  doc.transact(() => {
    const org = new Y.Map<unknown>();
    org.set('name', name);
    org.set('lane', lane);
    doc.getMap<Y.Map<unknown>>(ORGS).set(id, org);
  });
  return id;
}

export function listOrganizations(doc: Y.Doc): Organization[] {
  const out: Organization[] = [];
  doc.getMap<Y.Map<unknown>>(ORGS).forEach((org, id) => {
    if (!(org instanceof Y.Map)) return;
    out.push({ id, name: String(org.get('name') ?? ''), lane: String(org.get('lane') ?? '') });
  });
  return out.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

export function setWorkspaceTitle(doc: Y.Doc, title: string): void {
  doc.getMap(SETTINGS).set('title', title);
}

export function workspaceTitle(doc: Y.Doc): string {
  const title = doc.getMap(SETTINGS).get('title');
  return typeof title === 'string' ? title : '';
}

/** A member's own name and agency, written by the member into the encrypted workspace. */
export function setProfile(doc: Y.Doc, memberId: string, profile: { name: string; agency: string }): void {
  const p = new Y.Map<string>();
  p.set('name', profile.name);
  p.set('agency', profile.agency);
  doc.getMap('profiles').set(memberId, p);
}
