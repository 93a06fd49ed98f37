import type { FieldReport, ReportMatch } from '../../shared/reports';

/**
 * A new field report for tests: filed by 'ben' in 'core', graded F6, with no identifiers or steps.
 * Test kit only: no production file imports it.
 */
export const fieldReport = (id: string, at: number, over: Partial<FieldReport> = {}): FieldReport => ({
  id,
  compartmentId: 'core',
  marking: 'TLP:AMBER — Task force',
  by: 'ben',
  at,
  text: `Report ${id}`,
  identifiers: [],
  where: '',
  when: '',
  reliability: 'F',
  credibility: '6',
  steps: [],
  status: 'new',
  ...over,
});

/** For tests: the phone (956) 555-0198, on the board in org1's network as ana wrote it, in 'core'. */
export const boardMatch = (over: Partial<ReportMatch> = {}): ReportMatch => ({
  identifier: { kind: 'phone', value: '(956) 555-0198' },
  orgId: 'org1',
  reportId: null,
  factId: 'e1',
  text: '+1 956 555 0198',
  addedBy: 'ana',
  compartmentId: 'core',
  ...over,
});
