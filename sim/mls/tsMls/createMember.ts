// A member: basic credential (RFC 9420 §5.3), signature key pair and capabilities for one suite.
import type { Extension } from 'ts-mls';
import type { CreateMemberOptions, MlsExtension, MemberKeys } from '../engine.ts';
import { buildCapabilities } from './capabilities.ts';
import { suiteParams } from './ciphersuites.ts';
import type { EngineContext } from './engineContext.ts';
import { makeMember } from './handles.ts';
import { opRandom } from './opRandom.ts';
import { signatureKeyPair } from './signatureKeys.ts';

export async function createMember(ctx: EngineContext, options: CreateMemberOptions): Promise<MemberKeys> {
  checkOptions(options);
  const params = suiteParams(options.ciphersuite);
  const random = opRandom(options.randomBytes);
  const grease = options.grease === false ? undefined : random.next(2);
  const keys = await signatureKeyPair(params, random);
  const suite = await ctx.suite(params);
  const leafExtensions = options.leafExtensions ?? [];
  return makeMember({
    identity: options.identity,
    suite,
    randomBytes: options.randomBytes,
    credential: { credentialType: 'basic', identity: new TextEncoder().encode(options.identity) },
    capabilities: buildCapabilities(params, options.capabilities, leafExtensions, grease),
    leafExtensions: leafExtensions.map(toExtension),
    signKey: keys.signKey,
    signPublicKey: keys.publicKey,
  });
}

export function toExtension(e: MlsExtension): Extension {
  return { extensionType: e.type, extensionData: e.data };
}

export function checkOptions(o: CreateMemberOptions): void {
  if (typeof o !== 'object' || o === null) throw new TypeError('createMember: options must be an object');
  if (typeof o.identity !== 'string' || o.identity.length === 0) throw new TypeError('identity: expected a non-empty string');
  if (typeof o.randomBytes !== 'function') throw new TypeError('randomBytes: expected a function (n) => Uint8Array');
  for (const [field, xs] of [
    ['capabilities.extensions', o.capabilities?.extensions],
    ['capabilities.proposals', o.capabilities?.proposals],
    ['capabilities.ciphersuites', o.capabilities?.ciphersuites],
    ['leafExtensions', o.leafExtensions?.map((e) => e.type)],
  ] as const) {
    for (const x of xs ?? []) if (!Number.isInteger(x) || x < 0 || x > 0xffff) throw new RangeError(`${field}: ${x} is not a uint16`);
  }
  for (const c of o.capabilities?.credentials ?? []) {
    if (c !== 'basic' && c !== 'x509') throw new RangeError(`capabilities.credentials: unknown credential type ${String(c)}`);
  }
  for (const e of o.leafExtensions ?? []) if (!(e.data instanceof Uint8Array)) throw new TypeError('leafExtensions: data must be a Uint8Array');
}
