// A member and its KeyPackagePrivate from a serialized KeyPackage plus its raw private keys, as the
// RFC 9420 passive-client test vectors give them. Every private key is checked against its public key
// in the KeyPackage (signature: sign and verify a probe; HPKE: seal to the public key and open with
// the private one), and the KeyPackage's own signatures are checked, before anything is built.
import { shake256 } from '@noble/hashes/sha3.js';
import { verifyKeyPackage } from 'ts-mls/keyPackage.js';
import { verifyLeafNodeSignatureKeyPackage } from 'ts-mls/leafNode.js';
import type { ImportKeyPackageOptions, ImportKeyPackageResult } from '../engine.ts';
import { bytesEqual } from './bytes.ts';
import { suiteParamsByName } from './ciphersuites.ts';
import type { EngineContext } from './engineContext.ts';
import { makeKeyPackagePrivate, makeMember } from './handles.ts';
import { rejected, rejectionOf } from './rejection.ts';
import type { SuiteCrypto } from './suiteCrypto.ts';
import { decodeMessage } from './wire.ts';

const te = new TextEncoder();
const PROBE = te.encode('interop-sim importKeyPackage key check');

export async function importKeyPackage(ctx: EngineContext, o: ImportKeyPackageOptions): Promise<ImportKeyPackageResult> {
  if (typeof o !== 'object' || o === null) throw new TypeError('importKeyPackage: options must be an object');
  for (const f of ['keyPackage', 'initPrivateKey', 'encryptionPrivateKey', 'signaturePrivateKey'] as const) {
    if (!(o[f] instanceof Uint8Array)) throw new TypeError(`${f}: expected bytes`);
  }
  if (typeof o.randomBytes !== 'function') throw new TypeError('randomBytes: expected a function (n) => Uint8Array');
  const msg = decodeMessage(o.keyPackage);
  if (msg?.wireformat !== 'mls_key_package') return rejected('malformed', 'keyPackage: does not decode as a KeyPackage MLSMessage');
  const kp = msg.keyPackage;
  const params = suiteParamsByName(kp.cipherSuite);
  if (params === undefined) return rejected('invalid', `keyPackage: ciphersuite ${kp.cipherSuite} is not supported by this engine`);
  const suite = await ctx.suite(params);
  try {
    if (!(await verifyLeafNodeSignatureKeyPackage(kp.leafNode, suite.impl.signature))) return rejected('bad-signature', 'keyPackage: leaf node signature does not verify');
    if (!(await verifyKeyPackage(kp, suite.impl.signature))) return rejected('bad-signature', 'keyPackage: signature does not verify');
    const signature = await suite.impl.signature.sign(o.signaturePrivateKey, PROBE);
    if (!(await suite.impl.signature.verify(kp.leafNode.signaturePublicKey, PROBE, signature))) {
      return rejected('invalid', 'signaturePrivateKey: does not match the leaf node signature_key');
    }
    if (!(await hpkePairMatches(suite, o.initPrivateKey, kp.initKey))) return rejected('invalid', 'initPrivateKey: does not match the KeyPackage init_key');
    if (!(await hpkePairMatches(suite, o.encryptionPrivateKey, kp.leafNode.hpkePublicKey))) {
      return rejected('invalid', 'encryptionPrivateKey: does not match the leaf node encryption_key');
    }
  } catch (e) {
    return rejectionOf(e);
  }
  const credential = kp.leafNode.credential;
  const member = makeMember({
    identity: credential.credentialType === 'basic' ? new TextDecoder().decode(credential.identity) : `${credential.credentialType} credential`,
    suite,
    randomBytes: o.randomBytes,
    credential,
    capabilities: kp.leafNode.capabilities,
    leafExtensions: kp.leafNode.extensions,
    signKey: o.signaturePrivateKey.slice(),
    signPublicKey: kp.leafNode.signaturePublicKey.slice(),
  });
  const privatePackage = { initPrivateKey: o.initPrivateKey.slice(), hpkePrivateKey: o.encryptionPrivateKey.slice(), signaturePrivateKey: o.signaturePrivateKey.slice() };
  return { kind: 'ok', member, keyPackagePrivate: makeKeyPackagePrivate({ keyPackage: kp, privatePackage }) };
}

// HPKE has no "public key of this private key" operation in ts-mls's interface: seal a probe to the
// public key and open it with the private one. The ephemeral comes from the public key itself (no
// randomness is drawn; the probe is thrown away).
async function hpkePairMatches(suite: SuiteCrypto, privateKey: Uint8Array, publicKey: Uint8Array): Promise<boolean> {
  const pk = await suite.hpke.importPublicKey(publicKey);
  const sk = await suite.hpke.importPrivateKey(privateKey);
  const ekm = shake256(Uint8Array.of(...PROBE, ...publicKey), { dkLen: suite.params.ekmLength });
  const { ct, enc } = await suite.seal(pk, PROBE, PROBE, PROBE, ekm);
  try {
    return bytesEqual(await suite.hpke.open(sk, enc, ct, PROBE, PROBE), PROBE);
  } catch {
    return false;
  }
}
