// KeyPackages minted now and built when first needed (engine.ts `MintedKeyPackage`). Minting draws the
// operation's seed from the member's byte source, as generateKeyPackage does before its first await, so
// the source moves the same either way. Building then runs generateKeyPackage's steps from that seed,
// synchronously: init and leaf HPKE key pairs from the seed's first two sequential draws (what the
// seeded `generateKeyPair` takes, opRandom.ts), the leaf signed over its LeafNodeTBS, the KeyPackage
// over its KeyPackageTBS (RFC 9420 §10, §7.2, §5.1.2). The result is the same bytes, private keys and
// KeyPackageRef as generateKeyPackage at mint time (test/mls/mintKeyPackage.test.ts).
//
// Until it is built the KeyPackage's bytes are all there but its init_key, encryption_key and two
// signatures, which are zero: every length is fixed by the suite, so the bytes are final in length and
// everything a directory or a key-transparency log reads without keys (suite, credential, signature
// key, capabilities, extensions) is already real.
import { defaultLifetime, type Extension, type KeyPackage } from 'ts-mls';
import { encodeKeyPackageTBS, type KeyPackageTBS } from 'ts-mls/keyPackage.js';
import { encodeLeafNode, encodeLeafNodeTBS, type LeafNodeKeyPackage, type LeafNodeTBSKeyPackage } from 'ts-mls/leafNode.js';
import type { KeyPackageOptions, KeyPackagePrivate, KeyPackageResult, MintedKeyPackage } from '../engine.ts';
import { LAST_RESORT_EXTENSION } from './capabilities.ts';
import { EngineBug } from './engineBug.ts';
import type { EngineContext } from './engineContext.ts';
import { generateKeyPackage } from './generateKeyPackage.ts';
import { asKeyPackagePrivate, makeKeyPackagePrivate, type TsMember } from './handles.ts';
import { hasFixedLengthSignatures, type KeyPackageCrypto } from './keyPackageCrypto.ts';
import { concat, varLen } from './native/nativeHash.ts';
import { drawSeed, seededRandom } from './opRandom.ts';
import { encodeMessage } from './wire.ts';

/**
 * Draws the operation's seed now, before any await. Deferred where the suite's primitives are
 * synchronous and its signatures of one length (the native provider, every suite but ECDSA's). On a
 * provider without synchronous primitives (stock) the KeyPackage is made now but sent unbuilt all the
 * same, so a run's bytes do not depend on the provider. For ECDSA suites (DER signatures vary in
 * length) and with `deferKeyPackages: false` it is made now and its bytes are the real ones.
 */
export async function mintKeyPackage(ctx: EngineContext, member: TsMember, options: KeyPackageOptions = {}): Promise<MintedKeyPackage> {
  const lastResort = options.lastResort === true;
  const crypto = member.suite.keyPackages;
  if (ctx.deferKeyPackages && crypto !== undefined) {
    const seed = drawSeed(member.randomBytes);
    return new Deferred(member, crypto, lastResort, seed, unbuiltBytes(member, crypto, lastResort));
  }
  const made = await generateKeyPackage(member, options);
  if (!ctx.deferKeyPackages || !hasFixedLengthSignatures(member.suite.params.signature)) return new Made(made.keyPackage, made);
  const kp = asKeyPackagePrivate(made.keyPackagePrivate).keyPackage;
  return new Made(unbuiltBytes(member, { publicKeyLength: kp.initKey.length, signatureLength: kp.signature.length }, lastResort), made);
}

/** Computed from the seed on the first `build`. */
class Deferred implements MintedKeyPackage {
  private result: KeyPackageResult | undefined;

  constructor(
    private readonly member: TsMember,
    private readonly crypto: KeyPackageCrypto,
    private readonly lastResort: boolean,
    private readonly seed: Uint8Array,
    readonly keyPackage: Uint8Array,
  ) {}

  get built(): boolean {
    return this.result !== undefined;
  }

  build(): KeyPackageResult {
    if (this.result !== undefined) return this.result;
    const { member, crypto } = this;
    const r = seededRandom(this.seed);
    const init = crypto.deriveKeyPair(r.next(crypto.ikmLength));
    const leaf = crypto.deriveKeyPair(r.next(crypto.ikmLength));
    const sign = (label: string, content: () => Uint8Array) => crypto.sign(member.signKey, concat(varLen(LABELS[label]!), varLen(content())));
    const publicPackage = keyPackageOf(member, this.lastResort, init.pk, leaf.pk, sign);
    const bytes = encodeMessage({ version: 'mls10', wireformat: 'mls_key_package', keyPackage: publicPackage });
    const privatePackage = { initPrivateKey: init.sk, hpkePrivateKey: leaf.sk, signaturePrivateKey: member.signKey };
    this.result = fillIn(this.keyPackage, bytes, makeKeyPackagePrivate({ keyPackage: publicPackage, privatePackage }));
    return this.result;
  }
}

/** Made at mint time; `keyPackage` holds either the real bytes already or the unbuilt ones until `build`. */
class Made implements MintedKeyPackage {
  private result: KeyPackageResult | undefined;

  constructor(
    readonly keyPackage: Uint8Array,
    private readonly made: KeyPackageResult,
  ) {
    if (keyPackage === made.keyPackage) this.result = made;
  }

  get built(): boolean {
    return this.result !== undefined;
  }

  build(): KeyPackageResult {
    return (this.result ??= fillIn(this.keyPackage, this.made.keyPackage, this.made.keyPackagePrivate));
  }
}

function fillIn(unbuilt: Uint8Array, bytes: Uint8Array, keyPackagePrivate: KeyPackagePrivate): KeyPackageResult {
  if (bytes.length !== unbuilt.length) throw new EngineBug(`KeyPackage built as ${bytes.length} bytes, minted as ${unbuilt.length}`);
  unbuilt.set(bytes);
  return { keyPackage: unbuilt, keyPackagePrivate };
}

const encoder = new TextEncoder();
const LABELS: Record<string, Uint8Array> = { LeafNodeTBS: encoder.encode('MLS 1.0 LeafNodeTBS'), KeyPackageTBS: encoder.encode('MLS 1.0 KeyPackageTBS') };
const LAST_RESORT: readonly Extension[] = [{ extensionType: LAST_RESORT_EXTENSION, extensionData: new Uint8Array(0) }];

/** The KeyPackage as ts-mls's generateKeyPackageWithKey assembles it (widest lifetime, see generateKeyPackage.ts). */
function keyPackageOf(
  member: TsMember,
  lastResort: boolean,
  initKey: Uint8Array,
  hpkePublicKey: Uint8Array,
  sign: (label: string, content: () => Uint8Array) => Uint8Array,
): KeyPackage {
  const leafTbs: LeafNodeTBSKeyPackage = {
    leafNodeSource: 'key_package',
    hpkePublicKey,
    signaturePublicKey: member.signPublicKey,
    extensions: [...member.leafExtensions],
    credential: member.credential,
    capabilities: member.capabilities,
    lifetime: defaultLifetime,
  };
  const leafNode: LeafNodeKeyPackage = { ...leafTbs, signature: sign('LeafNodeTBS', () => encodeLeafNodeTBS(leafTbs)) };
  const tbs: KeyPackageTBS = { version: 'mls10', cipherSuite: member.suite.params.name, initKey, leafNode, extensions: lastResort ? [...LAST_RESORT] : [] };
  return { ...tbs, signature: sign('KeyPackageTBS', () => encodeKeyPackageTBS(tbs)) };
}

// The unbuilt bytes, assembled per RFC 9420 §6 and §10: MLSMessage version (mls10) and wire_format
// (mls_key_package), then the KeyPackage: version, cipher_suite, init_key<V>, leaf_node, extensions<V>,
// signature<V>. The leaf node (keys and signature zero) depends only on the member: encoded once per
// member handle. test/mls/mintKeyPackage.test.ts checks the result against the built bytes' fields and length.
const unbuiltLeaves = new WeakMap<TsMember, Uint8Array>();
const MLS10 = Uint8Array.of(0x00, 0x01);
const HEAD = concat(MLS10, Uint8Array.of(0x00, 0x05), MLS10);
const NO_EXTENSIONS = Uint8Array.of(0x00);
// One extension: extension_type 0x000a (last_resort, RFC 9420 §17.3), empty extension_data.
const LAST_RESORT_EXTENSIONS = varLen(Uint8Array.of(LAST_RESORT_EXTENSION >> 8, LAST_RESORT_EXTENSION & 0xff, 0x00));

function unbuiltBytes(member: TsMember, crypto: Pick<KeyPackageCrypto, 'publicKeyLength' | 'signatureLength'>, lastResort: boolean): Uint8Array {
  let leaf = unbuiltLeaves.get(member);
  if (leaf === undefined) {
    const zeros = new Uint8Array(crypto.publicKeyLength);
    const kp = keyPackageOf(member, false, zeros, zeros, () => new Uint8Array(crypto.signatureLength));
    unbuiltLeaves.set(member, (leaf = encodeLeafNode(kp.leafNode)));
  }
  const id = member.suite.params.id;
  return concat(
    HEAD,
    Uint8Array.of(id >> 8, id & 0xff),
    varLen(new Uint8Array(crypto.publicKeyLength)),
    leaf,
    lastResort ? LAST_RESORT_EXTENSIONS : NO_EXTENSIONS,
    varLen(new Uint8Array(crypto.signatureLength)),
  );
}
