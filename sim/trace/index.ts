export * from './records.ts';
export { canonicalJson } from './canonicalJson.ts';
export { Trace, type LineListener, type TraceListener } from './trace.ts';
export { JsonlWriter } from './jsonlWriter.ts';
export { Ledger, LedgerViolation, type Outcome, type LedgerTotals } from './ledger.ts';
export { percentiles } from './percentiles.ts';
export { WireStats } from './wireStats.ts';
export { summarize, type RunSummary } from './summary.ts';
