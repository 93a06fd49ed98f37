export * from './types';
export {
  FIELD_REPORTS,
  REPORT_LIMITS,
  reportGuards,
  reportIdOf,
  reportRecordValid,
  signReport,
  signTriage,
  TRIAGE,
  triageRecordValid,
  WHEN,
} from './reportRecords';
export type { ReportBody, TriageBody } from './reportRecords';
export { RoomReports, statusOf } from './RoomReports';
export type { RoomReport } from './RoomReports';
