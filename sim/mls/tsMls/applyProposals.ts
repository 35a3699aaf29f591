// ts-mls 1.6.4's applyProposals, wrapped to fix two things about GroupContextExtensions proposals
// (RFC 9420 §12.1.7) without porting the whole function:
// - external_senders: ts-mls validates the extension with its one-sender-per-extension reader
//   (groupExtensions.ts), which fails on the RFC's vector. Here it is decoded and each sender's
//   credential validated the RFC way, and ts-mls only sees the proposal without that extension.
// - the new extension list: ts-mls treats an empty list as "no change"; the RFC replaces the group's
//   extensions with exactly the proposal's. `gce` is that list whenever the commit has the proposal.
// Callers use `gce` (not `additionalResult.extensions`) and require an UpdatePath when it is set
// (RFC 9420 §17.4: GroupContextExtensions is a "path required" proposal type, which ts-mls omits).
import type { CiphersuiteImpl, ClientState, Extension, Proposal, ProposalOrRef, PskIndex } from 'ts-mls';
import { applyProposals, type ApplyProposalsResult } from 'ts-mls/clientState.js';
import { extensionsSupportedByCapabilities } from 'ts-mls/extension.js';
import { ValidationError, type MlsError } from 'ts-mls/mlsError.js';
import { keyPackageError } from './addValidation.ts';
import { bytesToBase64 } from 'ts-mls/util/byteArray.js';
import { withPrefetchedKeyPackageSignatures } from './prefetchedSignatures.ts';
import { checkGroupContextExtensions, decodeExternalSenders, EXTERNAL_SENDERS, typeNumber } from './groupExtensions.ts';

export type RfcApplyProposalsResult = ApplyProposalsResult & { readonly gce: Extension[] | undefined };

export async function applyProposalsRfc(
  state: ClientState,
  proposals: readonly ProposalOrRef[],
  committer: Parameters<typeof applyProposals>[2],
  pskSearch: PskIndex,
  sentByClient: boolean,
  cs: CiphersuiteImpl,
): Promise<RfcApplyProposalsResult> {
  const found: Extension[][] = [];
  const checks: Promise<void>[] = [];
  const sanitize = (p: Proposal): Proposal => {
    if (p.proposalType !== 'group_context_extensions') return p;
    const extensions = p.groupContextExtensions.extensions;
    const problem = checkGroupContextExtensions(extensions);
    if (problem !== undefined) throw new ValidationError(`GroupContextExtensions: ${problem}`);
    found.push(extensions);
    const senders = extensions.filter((e) => typeNumber(e) === EXTERNAL_SENDERS);
    if (senders.length === 0) return p;
    for (const s of decodeExternalSenders(senders[0]!.extensionData)) {
      checks.push(
        state.clientConfig.authService.validateCredential(s.credential, s.signaturePublicKey).then((ok) => {
          if (!ok) throw new ValidationError('Could not validate external credential');
        }),
      );
    }
    return { proposalType: 'group_context_extensions', groupContextExtensions: { extensions: extensions.filter((e) => typeNumber(e) !== EXTERNAL_SENDERS) } };
  };
  const list = proposals.map((p): ProposalOrRef => (p.proposalOrRefType === 'proposal' ? { ...p, proposal: sanitize(p.proposal) } : p));
  let unapplied = state.unappliedProposals;
  for (const p of proposals) {
    if (p.proposalOrRefType !== 'reference') continue;
    const key = bytesToBase64(p.reference);
    const held = unapplied[key];
    if (held === undefined) continue; // ts-mls reports the missing reference
    const clean = sanitize(held.proposal);
    if (clean !== held.proposal) unapplied = { ...unapplied, [key]: { ...held, proposal: clean } };
  }
  await Promise.all(checks);
  // The added KeyPackages' signatures, all started now, side by side (prefetchedSignatures.ts).
  const added = list.flatMap((p) => {
    const proposal = p.proposalOrRefType === 'proposal' ? p.proposal : unapplied[bytesToBase64(p.reference)]?.proposal;
    return proposal?.proposalType === 'add' ? [proposal.add.keyPackage] : [];
  });
  const next = unapplied === state.unappliedProposals ? state : { ...state, unappliedProposals: unapplied };
  const checked = await withPrefetchedKeyPackageSignatures(cs, added);
  // Several Adds: their KeyPackages are validated here first, so ts-mls never meets one that fails
  // (addValidation.ts: its async reduce would leave the rejection unhandled).
  const resolved = list.map((p) => (p.proposalOrRefType === 'proposal' ? p.proposal : unapplied[bytesToBase64(p.reference)]?.proposal));
  let toApply = list;
  let addError: MlsError | undefined;
  if (added.length >= 2 && !resolved.some((p) => p?.proposalType === 'reinit' || p?.proposalType === 'external_init')) {
    const failing = new Set<number>();
    for (const [i, p] of resolved.entries()) {
      if (p?.proposalType !== 'add') continue;
      const e = await keyPackageError(p.add.keyPackage, state.groupContext, state.ratchetTree, sentByClient, state.clientConfig, checked);
      if (e === undefined) continue;
      failing.add(i);
      addError = e; // ts-mls reports the last failing Add's error
    }
    if (failing.size > 0) toApply = list.filter((_, i) => !failing.has(i));
  }
  const res = await applyProposals(next, toApply, committer, pskSearch, sentByClient, checked);
  if (addError !== undefined) throw addError;
  const gce = found.length === 1 ? found[0]! : undefined; // ts-mls rejects more than one
  if (gce === undefined || res.additionalResult.kind !== 'memberCommit') return { ...res, gce: undefined };
  // RFC 9420 §12.1.7: every member, the ones this commit adds included, must support the new extensions.
  for (const n of res.tree) {
    if (n?.nodeType === 'leaf' && !extensionsSupportedByCapabilities(gce, n.leaf.capabilities)) {
      throw new ValidationError('GroupContextExtensions: a member does not support every new extension');
    }
  }
  return { ...res, additionalResult: { ...res.additionalResult, extensions: gce }, gce };
}
