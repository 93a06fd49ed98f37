import type { Identifier, IdentifierKind } from '../identifiers';

/** The Admiralty (NATO) grading: how reliable the source is, how credible the information. */
export const RELIABILITY = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
export const CREDIBILITY = ['1', '2', '3', '4', '5', '6'] as const;
export type Reliability = (typeof RELIABILITY)[number];
export type Credibility = (typeof CREDIBILITY)[number];

/** What an agent hands in. The reporter and the agency come from the signature, never from here. */
export interface ReportInput {
  text: string;
  identifiers: Identifier[];
  /** Where it was found (free text), '' if not said. */
  where?: string;
  /** When: YYYY-MM-DD or YYYY-MM-DDTHH:MM, '' if not said. */
  when?: string;
  /** Default 'F' (reliability cannot be judged). */
  reliability?: Reliability;
  /** Default '6' (truth cannot be judged). */
  credibility?: Credibility;
  /** The compartment it is released to: by default the core for a core member, else the partner's first. */
  compartmentId?: string;
}

export type TriageAction = { link: string } | { duplicateOf: string } | { dismiss: string };

/** One signed triage step, as every reader checked it. */
export interface TriageStep {
  recordId: string;
  step: 'link' | 'duplicate' | 'dismiss';
  /** The member who signed it. */
  by: string;
  at: number;
  /** link: the organization, and the network entries the step made (existing ones are not listed). */
  orgId?: string;
  entityIds?: string[];
  /** duplicate: the report this one repeats. */
  duplicateOf?: string;
  /** dismiss: why. */
  reason?: string;
}

export type ReportStatus = 'new' | 'linked' | 'duplicate' | 'dismissed';

/** A field report as every reader checked it: its signer is its reporter. */
export interface FieldReport {
  id: string;
  compartmentId: string;
  marking: string;
  /** The member who signed it (the reporter); their agency is their signed profile's. */
  by: string;
  at: number;
  text: string;
  identifiers: Identifier[];
  where: string;
  when: string;
  reliability: Reliability;
  credibility: Credibility;
  /** Oldest first. */
  steps: TriageStep[];
  /** linked if any step links; else duplicate; else dismissed; else new. */
  status: ReportStatus;
}

/** One identifier of a report (or of an organization's network) found elsewhere among what this member may read. */
export interface ReportMatch {
  /** The identifier as it was written on this side. */
  identifier: Identifier;
  /** Where else it is: a network entry of an organization, or another report. */
  orgId: string | null;
  reportId: string | null;
  /** The entry's or the report's id. */
  factId: string;
  /** The entry's name or the identifier as the other report wrote it. */
  text: string;
  /** Who added the entry (its signed `added` record) or signed the report; null if unproven. */
  addedBy: string | null;
  compartmentId: string;
}

/** An identifier shared by two or more organizations or reports. */
export interface Connection {
  key: string;
  kind: IdentifierKind;
  /** How it reads (the first way it was written). */
  identifier: string;
  facts: Array<{ orgId: string | null; reportId: string | null; factId: string; text: string; compartmentId: string }>;
}
