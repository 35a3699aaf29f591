// message-protection: unprotect the vector's PublicMessages and PrivateMessages (proposal, commit,
// application data) and protect the raw values again, then unprotect ours (RFC 9420 §6), with the
// engine's lazily derived secret tree (tsMls/secretTree.ts) and suite crypto. The sender is leaf 1.
import type { CiphersuiteImpl, GroupContext, MLSMessage, PrivateMessage } from 'ts-mls';
import type { AuthenticatedContent } from 'ts-mls/authenticatedContent.js';
import { decodeCommit, encodeCommit } from 'ts-mls/commit.js';
import { createContentCommitSignature } from 'ts-mls/framedContent.js';
import { protect, protectApplicationData, protectProposal, unprotectPrivateMessage } from 'ts-mls/messageProtection.js';
import { protectProposalPublic, protectPublicMessage, unprotectPublicMessage } from 'ts-mls/messageProtectionPublic.js';
import { decodeProposal, encodeProposal } from 'ts-mls/proposal.js';
import { createSecretTree } from '../tsMls/secretTree.ts';
import type { SuiteCrypto } from '../tsMls/suiteCrypto.ts';
import { decodeMessage, encodeMessage } from '../tsMls/wire.ts';
import { decodeAll } from './decode.ts';
import { hexOf, type VectorCase } from './fields.ts';
import type { VectorKind } from './kind.ts';
import { Expectations } from './outcome.ts';
import { vectorImpl } from './vectorHpke.ts';
import { withSuite } from './withSuite.ts';

const SENDER = 1;
const config = { retainKeysForEpochs: 0, retainKeysForGenerations: 0, maximumForwardRatchetSteps: 2 ** 31 };
const noPadding = { kind: 'alwaysPad', paddingLength: 0 } as const;
const EMPTY = new Uint8Array(0);

interface Keys {
  readonly gc: GroupContext;
  readonly sc: SuiteCrypto;
  readonly cs: CiphersuiteImpl;
  readonly signPriv: Uint8Array;
  readonly signPub: Uint8Array;
  readonly membershipKey: Uint8Array;
  readonly senderDataSecret: Uint8Array;
  readonly encryptionSecret: Uint8Array;
}

export const messageProtection: VectorKind = {
  name: 'message-protection',
  shape: {
    object: Object.fromEntries(
      [
        ['cipher_suite', 'uint'],
        ['epoch', 'uint'],
        ...['group_id', 'tree_hash', 'confirmed_transcript_hash', 'signature_priv', 'signature_pub', 'encryption_secret', 'sender_data_secret', 'membership_key'].map((k) => [k, 'hex']),
        ...['proposal', 'proposal_priv', 'proposal_pub', 'commit', 'commit_priv', 'commit_pub', 'application', 'application_priv'].map((k) => [k, 'hex']),
      ] as const,
    ),
  },
  check: (c, env) =>
    withSuite(c, env, async (sc) => {
      const e = new Expectations();
      const k: Keys = {
        gc: {
          version: 'mls10',
          cipherSuite: sc.params.name,
          groupId: hexOf(c, 'group_id'),
          epoch: BigInt(c.epoch as number),
          treeHash: hexOf(c, 'tree_hash'),
          confirmedTranscriptHash: hexOf(c, 'confirmed_transcript_hash'),
          extensions: [],
        },
        sc,
        cs: vectorImpl(sc, new TextEncoder().encode(`message-protection ${String(c.cipher_suite)}`)),
        signPriv: hexOf(c, 'signature_priv'),
        signPub: hexOf(c, 'signature_pub'),
        membershipKey: hexOf(c, 'membership_key'),
        senderDataSecret: hexOf(c, 'sender_data_secret'),
        encryptionSecret: hexOf(c, 'encryption_secret'),
      };
      await checkProposal(c, k, e);
      await checkCommit(c, k, e);
      await checkApplication(c, k, e);
      return e.outcome();
    }),
};

async function checkProposal(c: VectorCase, k: Keys, e: Expectations): Promise<void> {
  const raw = hexOf(c, 'proposal');
  const proposal = decodeAll(decodeProposal, raw);
  if (proposal === undefined) return e.fail('proposal does not decode');
  const pub = await openPublic(hexOf(c, 'proposal_pub'), k);
  e.bytes('proposal_pub', pub?.content.contentType === 'proposal' ? encodeProposal(pub.content.proposal) : undefined, raw);
  const priv = await openPrivate(hexOf(c, 'proposal_priv'), k);
  e.bytes('proposal_priv', priv?.content.contentType === 'proposal' ? encodeProposal(priv.content.proposal) : undefined, raw);

  const ourPub = await protectProposalPublic(k.signPriv, k.membershipKey, k.gc, EMPTY, proposal, SENDER, k.cs);
  const back = await openPublic(wire({ version: 'mls10', wireformat: 'mls_public_message', publicMessage: ourPub.publicMessage }), k);
  e.bytes('proposal protected as PublicMessage, unprotected', back?.content.contentType === 'proposal' ? encodeProposal(back.content.proposal) : undefined, raw);
  const tree = await createSecretTree(2, k.encryptionSecret, k.sc.impl);
  const ourPriv = await protectProposal(k.signPriv, k.senderDataSecret, proposal, EMPTY, k.gc, tree, SENDER, noPadding, k.cs);
  const back2 = await openPrivate(wirePrivate(ourPriv.privateMessage), k);
  e.bytes('proposal protected as PrivateMessage, unprotected', back2?.content.contentType === 'proposal' ? encodeProposal(back2.content.proposal) : undefined, raw);
}

async function checkCommit(c: VectorCase, k: Keys, e: Expectations): Promise<void> {
  const raw = hexOf(c, 'commit');
  const commit = decodeAll(decodeCommit, raw);
  if (commit === undefined) return e.fail('commit does not decode');
  const pub = await openPublic(hexOf(c, 'commit_pub'), k);
  e.bytes('commit_pub', pub?.content.contentType === 'commit' ? encodeCommit(pub.content.commit) : undefined, raw);
  const priv = await openPrivate(hexOf(c, 'commit_priv'), k);
  e.bytes('commit_priv', priv?.content.contentType === 'commit' ? encodeCommit(priv.content.commit) : undefined, raw);
  // Our own protection carries the confirmation tag the vector's message carries.
  const tag = pub?.auth.contentType === 'commit' ? pub.auth.confirmationTag : undefined;
  if (tag === undefined) return e.fail('commit_pub carries no confirmation tag');
  const sender = { senderType: 'member', leafIndex: SENDER } as const;

  const signedPub = await createContentCommitSignature(k.gc, 'mls_public_message', commit, sender, EMPTY, k.signPriv, k.cs.signature);
  const content: AuthenticatedContent = {
    wireformat: 'mls_public_message',
    content: signedPub.framedContent,
    auth: { contentType: 'commit', signature: signedPub.signature, confirmationTag: tag },
  };
  const ourPub = await protectPublicMessage(k.membershipKey, k.gc, content, k.cs);
  const back = await openPublic(wire({ version: 'mls10', wireformat: 'mls_public_message', publicMessage: ourPub }), k);
  e.bytes('commit protected as PublicMessage, unprotected', back?.content.contentType === 'commit' ? encodeCommit(back.content.commit) : undefined, raw);

  const signedPriv = await createContentCommitSignature(k.gc, 'mls_private_message', commit, sender, EMPTY, k.signPriv, k.cs.signature);
  const tree = await createSecretTree(2, k.encryptionSecret, k.sc.impl);
  const ours = await protect(
    k.senderDataSecret,
    EMPTY,
    k.gc,
    tree,
    { contentType: 'commit', commit, auth: { contentType: 'commit', signature: signedPriv.signature, confirmationTag: tag } },
    SENDER,
    noPadding,
    k.cs,
  );
  const back2 = await openPrivate(wirePrivate(ours.privateMessage), k);
  e.bytes('commit protected as PrivateMessage, unprotected', back2?.content.contentType === 'commit' ? encodeCommit(back2.content.commit) : undefined, raw);
}

async function checkApplication(c: VectorCase, k: Keys, e: Expectations): Promise<void> {
  const raw = hexOf(c, 'application');
  const priv = await openPrivate(hexOf(c, 'application_priv'), k);
  e.bytes('application_priv', priv?.content.contentType === 'application' ? priv.content.applicationData : undefined, raw);
  const tree = await createSecretTree(2, k.encryptionSecret, k.sc.impl);
  const ours = await protectApplicationData(k.signPriv, k.senderDataSecret, raw, EMPTY, k.gc, tree, SENDER, noPadding, k.cs);
  const back = await openPrivate(wirePrivate(ours.privateMessage), k);
  e.bytes('application protected as PrivateMessage, unprotected', back?.content.contentType === 'application' ? back.content.applicationData : undefined, raw);
}

const wire = (m: MLSMessage): Uint8Array => encodeMessage(m);
const wirePrivate = (pm: PrivateMessage): Uint8Array => wire({ version: 'mls10', wireformat: 'mls_private_message', privateMessage: pm });

async function openPublic(bytes: Uint8Array, k: Keys): Promise<AuthenticatedContent | undefined> {
  const m = decodeMessage(bytes);
  if (m?.wireformat !== 'mls_public_message') return undefined;
  try {
    const content = await unprotectPublicMessage(k.membershipKey, k.gc, [], m.publicMessage, k.sc.impl, k.signPub);
    return { wireformat: 'mls_public_message', content: content.content, auth: content.auth };
  } catch {
    return undefined;
  }
}

async function openPrivate(bytes: Uint8Array, k: Keys): Promise<AuthenticatedContent | undefined> {
  const m = decodeMessage(bytes);
  if (m?.wireformat !== 'mls_private_message') return undefined;
  try {
    const tree = await createSecretTree(2, k.encryptionSecret, k.sc.impl);
    const r = await unprotectPrivateMessage(k.senderDataSecret, m.privateMessage, tree, [], k.gc, config, k.sc.impl, k.signPub);
    return r.content;
  } catch {
    return undefined;
  }
}
