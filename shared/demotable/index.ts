export {
  buildDemoTable,
  buildDemoTableStepwise,
  DEMO_MEMBERS,
  DEMO_TABLE_SEED,
  PARTNER_COMPARTMENT_TITLE,
} from './demoTable';
export type { DemoStep, DemoTable, DemoTableOptions, DemoTableSummary } from './demoTable';
