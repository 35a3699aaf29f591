// What a KeyPackage from a directory advertises, trusted only once its signatures check out
// (RFC 9420 §10.1: the KeyPackage signature covers the leaf node, whose own signature covers its
// capabilities and extensions). A relay that strips a capability breaks both.
import { verifyKeyPackage } from 'ts-mls/keyPackage.js';
import { verifyLeafNodeSignatureKeyPackage } from 'ts-mls/leafNode.js';
import type { InspectKeyPackageResult } from '../engine.ts';
import { suiteParamsByName } from './ciphersuites.ts';
import type { EngineContext } from './engineContext.ts';
import { leafInfoOf } from './members.ts';
import { rejected } from './rejection.ts';
import { decodeMessage } from './wire.ts';

export async function inspectKeyPackage(ctx: EngineContext, bytes: Uint8Array): Promise<InspectKeyPackageResult> {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('keyPackage: expected bytes');
  const msg = decodeMessage(bytes);
  if (msg?.wireformat !== 'mls_key_package') return rejected('malformed', 'key package: does not decode as a KeyPackage MLSMessage');
  const kp = msg.keyPackage;
  const params = suiteParamsByName(kp.cipherSuite);
  if (params === undefined) return rejected('invalid', `key package: ciphersuite ${kp.cipherSuite} is not supported by this engine`);
  const { impl } = await ctx.suite(params);
  try {
    if (!(await verifyLeafNodeSignatureKeyPackage(kp.leafNode, impl.signature))) return rejected('bad-signature', 'key package: leaf node signature does not verify');
    if (!(await verifyKeyPackage(kp, impl.signature))) return rejected('bad-signature', 'key package: signature does not verify');
  } catch (e) {
    return rejected('bad-signature', `key package: ${(e as Error).message.split('\n')[0]}`);
  }
  return { kind: 'ok', ciphersuite: params.id, leaf: leafInfoOf(kp.leafNode) };
}
