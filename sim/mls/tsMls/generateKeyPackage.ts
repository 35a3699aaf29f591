// KeyPackages (RFC 9420 §10) from a member's long-term keys, with fresh seeded init and leaf keys.
import { defaultLifetime, type KeyPackage, type PrivateKeyPackage } from 'ts-mls';
import { generateKeyPackageWithKey } from 'ts-mls/keyPackage.js';
import type { CiphersuiteImpl } from 'ts-mls';
import type { KeyPackageOptions, KeyPackageResult } from '../engine.ts';
import { LAST_RESORT_EXTENSION } from './capabilities.ts';
import { makeKeyPackagePrivate, type TsMember } from './handles.ts';
import { seededOp } from './seededImpl.ts';
import { encodeMessage } from './wire.ts';

export async function generateKeyPackage(member: TsMember, options: KeyPackageOptions = {}): Promise<KeyPackageResult> {
  const { cs } = seededOp(member);
  const { publicPackage, privatePackage } = await freshKeyPackage(member, cs, options.lastResort === true);
  return {
    keyPackage: encodeMessage({ version: 'mls10', wireformat: 'mls_key_package', keyPackage: publicPackage }),
    keyPackagePrivate: makeKeyPackagePrivate({ keyPackage: publicPackage, privatePackage }),
  };
}

// Lifetime is the widest allowed: ts-mls checks it against the wall clock, which a simulation must not
// depend on.
export function freshKeyPackage(
  member: TsMember,
  cs: CiphersuiteImpl,
  lastResort: boolean,
): Promise<{ publicPackage: KeyPackage; privatePackage: PrivateKeyPackage }> {
  const extensions = lastResort ? [{ extensionType: LAST_RESORT_EXTENSION, extensionData: new Uint8Array(0) }] : [];
  return generateKeyPackageWithKey(
    member.credential,
    member.capabilities,
    defaultLifetime,
    extensions,
    { signKey: member.signKey, publicKey: member.signPublicKey },
    cs,
    [...member.leafExtensions],
  );
}
