import type { ChangeEntry } from '../history';
import type { SeriesPoint, Totals } from '../metrics';

/** Who did something, as their signed profile says (name and agency '' when unsigned). */
export interface Person {
  memberId: string;
  name: string;
  agency: string;
}

export interface BriefingOptions {
  /** First and last day of the period, YYYY-MM-DD, both included. Default: the seven days ending today. */
  from: string;
  to: string;
  /**
   * The compartment it is made for: it holds only what every member of that compartment can read,
   * and carries its banner. null: everything this member holds, under the broadest marking of it.
   */
  audience: string | null;
}

/** Every item carries the marking of the compartment it was read from (its portion mark). */
interface Marked {
  compartmentId: string;
  marking: string;
}

export interface Briefing {
  workspaceTitle: string;
  from: string;
  to: string;
  madeAt: number;
  madeBy: Person;
  audience: { compartmentId: string | null; title: string; banner: string };
  /** The bottom line up front, as Markdown (from the briefing's Lexical note; '' if none written). */
  bluf: string;
  /** The top five of the latest closed round, and how each moved since the round before. */
  priorities: Array<
    Marked & { rank: number; orgId: string; name: string; previousRank: number | null; roundTitle: string }
  >;
  laneChanges: Array<Marked & { orgId: string; name: string; from: string; to: string; by: Person; at: number }>;
  organizations: Array<
    Marked & {
      orgId: string;
      name: string;
      lane: string;
      entries: Array<
        Marked & { id: string; kind: string; label: string; addedBy: Person | null; addedAt: number | null }
      >;
      outcomes: Array<
        Marked & { id: string; kind: string; date: string; agency: string; summary: string; addedBy: Person | null }
      >;
    }
  >;
  totals: Totals;
  /** The period and the periods of the same length before it, oldest first (the charts). */
  trend: Array<{ from: string; to: string; totals: Totals }>;
  /** Weekly series over the last 12 weeks, for the chart of outcomes over time. */
  series: SeriesPoint[];
  connections: Array<Marked & { identifier: string; owners: string[] }>;
  reports: Array<
    Marked & { id: string; filedBy: Person; at: number; grading: string; excerpt: string; status: string }
  >;
  meetings: Array<Marked & { id: string; title: string; date: string; markdown: string }>;
  /** Every change in the period, for "what changed since". */
  changes: ChangeEntry[];
}
