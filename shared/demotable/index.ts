export { buildDemoTable, DEMO_MEMBERS, DEMO_TABLE_SEED, PARTNER_COMPARTMENT_TITLE } from './demoTable';
export type { DemoTable, DemoTableOptions, DemoTableSummary } from './demoTable';
