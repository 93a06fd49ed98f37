import { z } from 'zod';

/**
 * The vocabulary of the board: what a member may type into a fact. Each list is closed so that
 * filters, counts and briefings mean the same thing at every agency's table.
 */
export const ACTIVITIES = ['narcotics', 'human smuggling', 'weapons', 'bulk cash', 'other'] as const;
export const THREAT_LEVELS = ['low', 'moderate', 'high', 'critical'] as const;
export const ORG_STATUSES = ['active', 'dormant', 'dismantled'] as const;
export const ENTITY_KINDS = ['person', 'phone', 'vehicle', 'location', 'route'] as const;
export const PERSON_ROLES = [
  'leader',
  'coordinator',
  'driver',
  'stash-house operator',
  'recruiter',
  'money courier',
  'lookout',
  'other',
] as const;
export const LOCATION_KINDS = ['stash house', 'safe house', 'crossing point', 'business', 'other'] as const;
export const OUTCOME_KINDS = ['arrest', 'seizure', 'indictment', 'entry-permission revocation'] as const;
export const SEIZURE_CATEGORIES = ['narcotics', 'weapons', 'currency'] as const;

export type Activity = (typeof ACTIVITIES)[number];
export type ThreatLevel = (typeof THREAT_LEVELS)[number];
export type OrgStatus = (typeof ORG_STATUSES)[number];
export type EntityKind = (typeof ENTITY_KINDS)[number];
export type OutcomeKind = (typeof OUTCOME_KINDS)[number];
export type SeizureCategory = (typeof SEIZURE_CATEGORIES)[number];

const text = (max: number) => z.string().trim().max(max);
const list = (max: number) => z.array(text(120).min(1)).max(max);

/** Every organization field a member edits (lane and position move through `moveOrganization`). */
export const organizationFields = z.object({
  name: text(200).min(1, 'an organization needs a name'),
  aliases: list(50),
  threat: z.enum(THREAT_LEVELS),
  activities: z.array(z.enum(ACTIVITIES)).max(ACTIVITIES.length),
  sectors: list(50),
  cities: list(50),
  leadAgency: text(120),
  status: z.enum(ORG_STATUSES),
  summary: text(4000),
});
export type OrganizationFields = z.infer<typeof organizationFields>;

export const entityFields = z.object({
  kind: z.enum(ENTITY_KINDS),
  name: text(200).min(1, 'a network entry needs a name or number'),
  /** For a person: their role in the network. */
  role: z.enum(PERSON_ROLES).optional(),
  /** For a location: what kind of place. */
  locationKind: z.enum(LOCATION_KINDS).optional(),
  /** For a person: other names they go by; each is compared as a name when matching (issue 15). */
  aliases: list(20).optional(),
  detail: text(2000),
});
export type EntityFields = z.infer<typeof entityFields>;

export const linkFields = z.object({
  from: z.string().min(1),
  to: z.string().min(1),
  label: text(120),
});

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is YYYY-MM-DD');

const seizureFields = z.object({
  category: z.enum(SEIZURE_CATEGORIES),
  /** Narcotics: what kind (e.g. methamphetamine, fentanyl pills). */
  drugKind: text(120).optional(),
  weightKg: z.number().nonnegative().max(1e6).optional(),
  /** Weapons: how many. */
  count: z.number().int().nonnegative().max(1e6).optional(),
  /** Currency: how much, in US dollars. */
  amountUsd: z.number().nonnegative().max(1e12).optional(),
});
export type SeizureFields = z.infer<typeof seizureFields>;

export const outcomeFields = z.object({
  kind: z.enum(OUTCOME_KINDS),
  date: isoDate,
  agency: text(120).min(1, 'an outcome names the agency that achieved it'),
  note: text(2000),
  seizure: seizureFields.optional(),
});
export type OutcomeFields = z.infer<typeof outcomeFields>;

export const meetingFields = z.object({
  title: text(200).min(1, 'a meeting note needs a title'),
  date: isoDate,
  /** Member ids, picked from the roster. */
  attendees: z.array(z.string().min(1).max(64)).max(200),
});
export type MeetingFields = z.infer<typeof meetingFields>;

/** The first problem of a failed parse, as one sentence for the person who typed it. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid input';
  const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return `${where}${issue.message}`;
}
