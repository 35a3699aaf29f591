export * from './arrangement.ts';
export { arrangementBetween, isUniform } from './arrangementBetween.ts';
export * from './pairMetrics.ts';
export { PairCollector, type PairSources, type Party } from './pairCollector.ts';
export * from './protection.ts';
export { weakestLink, weakestOf, type MessageCrossing } from './weakestLink.ts';
export { PAIR_METRIC_DIGITS, PAIR_METRIC_LABELS } from './pairLabels.ts';
