// ts-mls 1.6.4's addHistoricalReceiverData (RFC 9420 §15.3: keep a few past epochs' receiving
// secrets), without its dead work: to evict an epoch it walks every value of that epoch's secret tree
// into an array it then drops, which would force a lazily derived tree (secretTree.ts) in full.
import type { ClientState, EpochReceiverData } from 'ts-mls';

export function addHistoricalReceiverData(state: ClientState): Map<bigint, EpochReceiverData> {
  const all = new Map(state.historicalReceiverData);
  all.set(state.groupContext.epoch, {
    secretTree: state.secretTree,
    ratchetTree: state.ratchetTree,
    senderDataSecret: state.keySchedule.senderDataSecret,
    groupContext: state.groupContext,
    resumptionPsk: state.keySchedule.resumptionPsk,
  });
  const max = state.clientConfig.keyRetentionConfig.retainKeysForEpochs;
  if (all.size < max) return all;
  const kept = [...all.keys()].sort((a, b) => (a < b ? -1 : 1)).slice(-max);
  return new Map(kept.map((e) => [e, all.get(e)!]));
}
