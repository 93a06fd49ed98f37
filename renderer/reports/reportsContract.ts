// TEMPORARY: the contract's ReportsApi until shared/workspace/ReportsApi.ts lands on main.
import type { Identifier } from '../../shared/identifiers';
import type { Connection, FieldReport, ReportInput, ReportMatch, TriageAction, TriageStep } from '../../shared/reports';

export interface Reports {
  add(input: ReportInput): { reportId: string; compartmentId: string; matches: ReportMatch[] };
  list(): FieldReport[];
  queue(): FieldReport[];
  report(id: string): FieldReport | null;
  matches(reportId: string): ReportMatch[];
  lookup(identifiers: Identifier[]): ReportMatch[];
  triage(reportId: string, action: TriageAction): TriageStep;
  sourceOf(entityId: string): { reportId: string; by: string } | null;
  orgMatches(orgId: string): ReportMatch[];
  connections(): Connection[];
  fileTargets(): Array<{ compartmentId: string; title: string; marking: string }>;
  onChange(listener: () => void): () => void;
  destroy(): void;
}
