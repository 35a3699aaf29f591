// The LeafNode of an Update proposal (RFC 9420 §12.1.2): same credential, signature key and
// capabilities, a fresh HPKE key, leaf_node_source = update, signed over group id and leaf index
// (§7.2 LeafNodeTBS). ts-mls has no helper for the proposer's side.
import type { CiphersuiteImpl, ClientState, LeafNodeUpdate } from 'ts-mls';
import { getOwnLeafNode } from 'ts-mls/clientState.js';
import { encodeLeafNodeTBS } from 'ts-mls/leafNode.js';
import { signWithLabel } from 'ts-mls/crypto/signature.js';
import type { PendingUpdate } from './handles.ts';

export async function updateLeaf(client: ClientState, cs: CiphersuiteImpl): Promise<{ leaf: LeafNodeUpdate; pending: PendingUpdate }> {
  const own = getOwnLeafNode(client);
  const keys = await cs.hpke.generateKeyPair();
  const hpkePublicKey = await cs.hpke.exportPublicKey(keys.publicKey);
  const body = {
    hpkePublicKey,
    signaturePublicKey: own.signaturePublicKey,
    credential: own.credential,
    capabilities: own.capabilities,
    leafNodeSource: 'update' as const,
    extensions: own.extensions,
  };
  const tbs = encodeLeafNodeTBS({ ...body, groupId: client.groupContext.groupId, leafIndex: client.privatePath.leafIndex });
  const signature = await signWithLabel(client.signaturePrivateKey, 'LeafNodeTBS', tbs, cs.signature);
  return {
    leaf: { ...body, signature },
    pending: { hpkePublicKey, hpkePrivateKey: await cs.hpke.exportPrivateKey(keys.privateKey) },
  };
}
