import type * as Y from 'yjs';

import {
  asFact,
  createFact,
  ENTITIES,
  existing,
  facts,
  LINKS,
  newFactId,
  num,
  ORGS,
  OUTCOMES,
  oneOf,
  str,
  strs,
  writeFields,
} from './facts';
import type { Fact } from './facts';
import { firstIssue, ACTIVITIES, ORG_STATUSES, organizationFields, THREAT_LEVELS } from './schema';
import type { Activity, OrganizationFields, OrgStatus, ThreatLevel } from './schema';
import { laneOrder, lanes } from './lanes';
import { positionAtEnd } from './positions';

export interface Organization extends OrganizationFields {
  id: string;
  lane: string;
  /** Order within its lane (a fractional index: compare as strings). */
  position: string;
  createdAt: number | null;
  changedAt: number | null;
}

const DEFAULTS: OrganizationFields = {
  name: '',
  aliases: [],
  threat: 'moderate',
  activities: [],
  sectors: [],
  cities: [],
  leadAgency: '',
  status: 'active',
  summary: '',
};

/** Adds an organization card at the end of `lane` (the first lane by default); returns its id. */
export function addOrganization(
  doc: Y.Doc,
  input: Partial<OrganizationFields> & { name: string; lane?: string },
  at = Date.now(),
): string {
  const { lane: wanted, ...rest } = input;
  const parsed = organizationFields.safeParse({ ...DEFAULTS, ...rest });
  if (!parsed.success) throw new Error(firstIssue(parsed.error));
  const all = lanes(doc);
  const lane = wanted ?? all[0]!;
  if (!all.includes(lane)) throw new Error(`no lane "${lane}": the lanes are ${all.join(', ')}`);
  const id = newFactId();
  doc.transact(() => {
    const position = positionAtEnd(laneOrder(doc, lane));
    createFact(facts(doc, ORGS), id, { ...parsed.data, lane, position }, at);
  });
  return id;
}

/** Changes the given fields of an organization (validated as a whole; unchanged fields are not rewritten). */
export function updateOrganization(doc: Y.Doc, id: string, patch: Partial<OrganizationFields>, at = Date.now()): void {
  const fact = organizationFact(doc, id);
  const parsed = organizationFields.safeParse({ ...readFields(fact), ...patch });
  if (!parsed.success) throw new Error(firstIssue(parsed.error));
  const changes = Object.fromEntries(Object.keys(patch).map((k) => [k, parsed.data[k as keyof OrganizationFields]]));
  doc.transact(() => writeFields(fact, changes, at));
}

/** Removes an organization with its network and outcomes, in one edit (one undo step). */
export function removeOrganization(doc: Y.Doc, id: string): void {
  organizationFact(doc, id);
  doc.transact(() => {
    facts(doc, ORGS).delete(id);
    for (const name of [ENTITIES, LINKS, OUTCOMES]) {
      const map = facts(doc, name);
      for (const [factId, fact] of map) if (asFact(fact) && str(fact, 'org') === id) map.delete(factId);
    }
  });
}

export function organizationFact(doc: Y.Doc, id: string): Fact {
  return existing(doc, ORGS, id, 'organization');
}

export function readOrganization(id: string, fact: Fact): Organization {
  return {
    id,
    ...readFields(fact),
    lane: str(fact, 'lane'),
    position: str(fact, 'position'),
    createdAt: num(fact, 'createdAt'),
    changedAt: num(fact, 'at'),
  };
}

function readFields(fact: Fact): OrganizationFields {
  return {
    name: str(fact, 'name'),
    aliases: strs(fact, 'aliases'),
    threat: oneOf<ThreatLevel>(THREAT_LEVELS, fact.get('threat'), DEFAULTS.threat),
    activities: strs(fact, 'activities').filter((a): a is Activity => (ACTIVITIES as readonly string[]).includes(a)),
    sectors: strs(fact, 'sectors'),
    cities: strs(fact, 'cities'),
    leadAgency: str(fact, 'leadAgency'),
    status: oneOf<OrgStatus>(ORG_STATUSES, fact.get('status'), DEFAULTS.status),
    summary: str(fact, 'summary'),
  };
}

/** Every organization, by name (the board orders them by lane and position: see board.ts). */
export function listOrganizations(doc: Y.Doc): Organization[] {
  const out: Organization[] = [];
  facts(doc, ORGS).forEach((value, id) => {
    const fact = asFact(value);
    if (fact) out.push(readOrganization(id, fact));
  });
  return out.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}
