// Key transparency: per-provider RFC 9162 Merkle logs of identity→key bindings, signed tree heads per
// epoch, the client verifier, the owner's monitor, auditors and the detection-time model. Pure values
// over `sim/core` time, like the rest of `sim/identity`. See README.md.
export { HASH_SIZE, hashLeaf, hashChildren, emptyRoot } from './merkle/hashes.ts';
export { splitPoint } from './merkle/treeSize.ts';
export { merkleTreeHash } from './merkle/treeHash.ts';
export { AppendOnlyList } from './merkle/appendOnlyList.ts';
export { emptyMerkleLog, appendEntry, appendLeafHash, merkleLogOf, leafHashAt, subtreeHash, rootHash, type MerkleLog } from './merkle/merkleLog.ts';
export { emptyCompactRange, extendCompactRange, compactRangeRoot, type CompactRange } from './merkle/compactRange.ts';
export { inclusionProof, verifyInclusion, type InclusionProof } from './merkle/inclusionProof.ts';
export { consistencyProof, verifyConsistency, type ConsistencyProof } from './merkle/consistencyProof.ts';
export { DEFAULT_EPOCH_PERIOD, epochSchedule, epochAt, epochStart, nextEpochStart, type EpochSchedule } from './epochSchedule.ts';
export { encodeTreeHead, signTreeHead, verifyTreeHead, sameTreeHead, type TreeHead, type SignedTreeHead } from './treeHead.ts';
export { bindingLeafHash } from './bindingLeaf.ts';
export {
  emptyKtLog,
  appendBinding,
  latestHead,
  headAt,
  publishDue,
  publishTreeHead,
  entriesBetween,
  consistencyBetween,
  type KtLog,
  type KtAppend,
} from './ktLog.ts';
export { withTransparency, transparencyOf, type KtEvidence, type KtKeyRecord } from './ktKeyRecord.ts';
export { lookupKey, ktKeySource, type KtLookup } from './ktLookup.ts';
export { ktVerifier, type KtVerifier, type KtVerifierOptions, type KtVerdict, type KtRejectReason } from './ktVerifier.ts';
export { createMonitor, noteOwnKey, monitorCheck, type KtMonitor, type MonitorSpec, type MonitorResult, type FoundBinding, type LogFault } from './ktMonitor.ts';
export { createAuditor, auditTreeHead, auditSchedule, type KtAuditor, type AuditorSpec, type AuditFinding } from './ktAuditor.ts';
export { inclusionTime, nextCheckAt, detectionTime, detectionDelay, meanDetectionDelay, type DetectionScenario } from './detectionTime.ts';
