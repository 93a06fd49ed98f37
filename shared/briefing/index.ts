export { buildBriefing, defaultPeriod, outcomeSummary, SERIES_WEEKS, TREND_PERIODS } from './buildBriefing';
export type { Briefing, BriefingOptions, Person } from './types';
