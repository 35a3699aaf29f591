// The same member (credential, signature key pair, GREASE values) advertising other capabilities or
// leaf extensions: what a client upgrade changes. Later KeyPackages and groups carry the new leaf
// contents; a commit with `revisedMember` puts them into an existing group's tree (RFC 9420 §12.4.2).
import type { MemberKeys, ReviseMemberOptions } from '../engine.ts';
import { buildCapabilities, greaseOf } from './capabilities.ts';
import { checkOptions, toExtension } from './createMember.ts';
import { makeMember, type TsMember } from './handles.ts';

export function reviseMember(member: TsMember, options: ReviseMemberOptions): MemberKeys {
  if (typeof options !== 'object' || options === null) throw new TypeError('reviseMember: options must be an object');
  checkOptions({ identity: member.identity, ciphersuite: member.suite.params.id, randomBytes: member.randomBytes, ...options });
  const leafExtensions = options.leafExtensions ?? [];
  const fresh = buildCapabilities(member.suite.params, options.capabilities, leafExtensions, undefined);
  const capabilities = {
    ...fresh,
    extensions: [...new Set([...fresh.extensions, ...greaseOf(member.capabilities.extensions)])],
    proposals: [...new Set([...fresh.proposals, ...greaseOf(member.capabilities.proposals)])],
  };
  return makeMember({
    identity: member.identity,
    suite: member.suite,
    randomBytes: member.randomBytes,
    credential: member.credential,
    capabilities,
    leafExtensions: leafExtensions.map(toExtension),
    signKey: member.signKey,
    signPublicKey: member.signPublicKey,
  });
}
