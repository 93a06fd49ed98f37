export { buildBriefing, defaultPeriod, outcomeSummary, SERIES_WEEKS, TREND_PERIODS } from './buildBriefing';
export { addDays, dayOf, dayStart } from './periodMath';
export { briefingMarkdown } from './briefingMarkdown';
export { briefingDocument, briefingPdf } from './briefingPdf';
export { briefingTitle, movement, personLabel, roundSource } from './briefingText';
export type { Briefing, BriefingOptions, Person } from './types';
