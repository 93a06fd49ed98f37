import type * as Y from 'yjs';

import {
  asFact,
  createFact,
  ENTITIES,
  existing,
  facts,
  LINKS,
  newFactId,
  oneOf,
  str,
  strs,
  writeFields,
} from './facts';
import type { Fact } from './facts';
import { organizationFact } from './organizations';
import { ENTITY_KINDS, entityFields, firstIssue, LOCATION_KINDS, linkFields, PERSON_ROLES } from './schema';
import type { EntityFields, EntityKind } from './schema';

export interface NetworkEntity extends EntityFields {
  id: string;
  org: string;
}

export interface NetworkLink {
  id: string;
  org: string;
  from: string;
  to: string;
  label: string;
}

export function addEntity(doc: Y.Doc, org: string, input: EntityFields, at = Date.now()): string {
  organizationFact(doc, org);
  return addEntityFact(doc, org, input, at);
}

/**
 * Adds an entry of `org` without requiring the organization in this document: an entry may live in a
 * compartment narrower than its organization's (ADR 0012), whose room holds no copy of it.
 */
export function addEntityFact(doc: Y.Doc, org: string, input: EntityFields, at = Date.now()): string {
  const parsed = entityFields.safeParse(input);
  if (!parsed.success) throw new Error(firstIssue(parsed.error));
  const id = newFactId();
  doc.transact(() => createFact(facts(doc, ENTITIES), id, { ...relevant(parsed.data), org }, at));
  return id;
}

export function updateEntity(doc: Y.Doc, id: string, patch: Partial<EntityFields>, at = Date.now()): void {
  const fact = existing(doc, ENTITIES, id, 'network entry');
  const parsed = entityFields.safeParse({ ...readEntity(id, fact), ...patch });
  if (!parsed.success) throw new Error(firstIssue(parsed.error));
  const { role, locationKind, aliases, ...rest } = relevant(parsed.data);
  doc.transact(() => writeFields(fact, { ...rest, role, locationKind, aliases }, at));
}

/** Removes an entity and every link that touches it (one edit). */
export function removeEntity(doc: Y.Doc, id: string): void {
  existing(doc, ENTITIES, id, 'network entry');
  doc.transact(() => {
    facts(doc, ENTITIES).delete(id);
    const links = facts(doc, LINKS);
    for (const [linkId, value] of links) {
      const link = asFact(value);
      if (link && (str(link, 'from') === id || str(link, 'to') === id)) links.delete(linkId);
    }
  });
}

/** Links two entities of the same organization with a label ("calls", "drives", "stores at"…). */
export function addLink(doc: Y.Doc, input: { from: string; to: string; label: string }, at = Date.now()): string {
  const parsed = linkFields.safeParse(input);
  if (!parsed.success) throw new Error(firstIssue(parsed.error));
  const { from, to } = parsed.data;
  if (from === to) throw new Error('a link joins two different entries');
  const org = str(existing(doc, ENTITIES, from, 'network entry'), 'org');
  if (str(existing(doc, ENTITIES, to, 'network entry'), 'org') !== org) {
    throw new Error('a link joins two entries of the same organization');
  }
  const id = newFactId();
  doc.transact(() => createFact(facts(doc, LINKS), id, { ...parsed.data, org }, at));
  return id;
}

export function removeLink(doc: Y.Doc, id: string): void {
  existing(doc, LINKS, id, 'link');
  facts(doc, LINKS).delete(id);
}

export function readEntity(id: string, fact: Fact): NetworkEntity {
  const kind = oneOf<EntityKind>(ENTITY_KINDS, fact.get('kind'), 'person');
  const role = fact.get('role');
  const locationKind = fact.get('locationKind');
  // Within the schema's bounds whatever a peer wrote: at most 20 aliases of 1 to 120 characters.
  const aliases = strs(fact, 'aliases')
    .map((a) => a.trim())
    .filter((a) => a !== '' && a.length <= 120)
    .slice(0, 20);
  return {
    id,
    org: str(fact, 'org'),
    kind,
    name: str(fact, 'name'),
    ...(kind === 'person' ? { role: oneOf(PERSON_ROLES, role, 'other') } : {}),
    ...(kind === 'person' && aliases.length > 0 ? { aliases } : {}),
    ...(kind === 'location' ? { locationKind: oneOf(LOCATION_KINDS, locationKind, 'other') } : {}),
    detail: str(fact, 'detail'),
  };
}

/** A role and aliases belong to people and a place kind to locations: the others are dropped. */
function relevant(e: EntityFields): EntityFields {
  return {
    ...e,
    role: e.kind === 'person' ? (e.role ?? 'other') : undefined,
    locationKind: e.kind === 'location' ? (e.locationKind ?? 'other') : undefined,
    aliases: e.kind === 'person' && e.aliases && e.aliases.length > 0 ? e.aliases : undefined,
  };
}
