// passive-client-welcome and passive-client-handling-commit: a client built from the vector's KeyPackage
// and raw private keys (engine.importKeyPackage) joins from the Welcome (ratchet tree in it or given
// separately, external PSKs installed), then follows every epoch: its proposals, then its commit, each
// through engine.processHandshake, checking the epoch authenticator after the join and after every
// commit (RFC 9420 §8.7). Everything runs through the engine's own operations.
import type { JoinOptions } from '../engine.ts';
import { hex, hexOf, optionalHexOf, type VectorCase } from './fields.ts';
import type { VectorKind } from './kind.ts';
import type { Shape } from './schema.ts';
import { sameBytes, type CaseOutcome } from './outcome.ts';
import { vectorRandom } from './vectorHpke.ts';
import type { VectorEnv } from './env.ts';

const shape = {
  object: {
    cipher_suite: 'uint',
    external_psks: { array: { object: { psk_id: 'hex', psk: 'hex' } } },
    key_package: 'hex',
    signature_priv: 'hex',
    encryption_priv: 'hex',
    init_priv: 'hex',
    welcome: 'hex',
    ratchet_tree: 'hex?',
    initial_epoch_authenticator: 'hex',
    epochs: { array: { object: { proposals: { array: 'hex' }, commit: 'hex', epoch_authenticator: 'hex' } } },
  },
} as const satisfies { object: Record<string, Shape> };

/** The ratchet tree option of JoinOptions (RFC 9420 §12.4.3.3), which an engine may lack. */
type JoinWithTree = JoinOptions & { readonly ratchetTree?: Uint8Array };

async function check(c: VectorCase, env: VectorEnv): Promise<CaseOutcome> {
  const suite = await env.suite(c.cipher_suite as number);
  if (suite.kind === 'unsupported') return { kind: 'unsupported', detail: suite.detail };
  const { engine } = env;
  const imported = await engine.importKeyPackage({
    keyPackage: hexOf(c, 'key_package'),
    initPrivateKey: hexOf(c, 'init_priv'),
    encryptionPrivateKey: hexOf(c, 'encryption_priv'),
    signaturePrivateKey: hexOf(c, 'signature_priv'),
    randomBytes: vectorRandom(hexOf(c, 'init_priv')),
  });
  if (imported.kind !== 'ok') return { kind: 'fail', detail: `importKeyPackage: ${imported.reason}: ${imported.detail}` };
  const tree = optionalHexOf(c, 'ratchet_tree');
  const options: JoinWithTree = {
    externalPsks: (c.external_psks as VectorCase[]).map((p) => ({ id: hex(p.psk_id), secret: hex(p.psk) })),
    ...(tree !== undefined && { ratchetTree: tree }),
  };
  const joined = await engine.joinFromWelcome(imported.member, hexOf(c, 'welcome'), imported.keyPackagePrivate, options);
  if (joined.kind !== 'ok') {
    if (tree !== undefined && /no ratchet_?tree/i.test(joined.detail)) {
      return { kind: 'unsupported', detail: 'the ratchet tree is given out of band and this engine has no JoinOptions.ratchetTree' };
    }
    return { kind: 'fail', detail: `joinFromWelcome: ${joined.reason}: ${joined.detail}` };
  }
  let state = joined.state;
  if (!sameBytes(engine.epochAuthenticator(state), hexOf(c, 'initial_epoch_authenticator'))) {
    return { kind: 'fail', detail: 'epoch authenticator after the join differs from initial_epoch_authenticator' };
  }
  for (const [i, ep] of (c.epochs as VectorCase[]).entries()) {
    for (const [j, p] of (ep.proposals as string[]).entries()) {
      const r = await engine.processHandshake(state, hex(p));
      if (r.kind !== 'accepted') return { kind: 'fail', detail: `epoch ${i} proposal ${j}: ${r.reason}: ${r.detail}` };
      state = r.state;
    }
    const r = await engine.processHandshake(state, hex(ep.commit));
    if (r.kind !== 'accepted') return { kind: 'fail', detail: `epoch ${i} commit: ${r.reason}: ${r.detail}` };
    state = r.state;
    if (!sameBytes(engine.epochAuthenticator(state), hex(ep.epoch_authenticator))) return { kind: 'fail', detail: `epoch ${i}: epoch authenticator differs` };
  }
  return { kind: 'pass' };
}

export const passiveClientWelcome: VectorKind = { name: 'passive-client-welcome', shape, check };
export const passiveClientHandlingCommit: VectorKind = { name: 'passive-client-handling-commit', shape, check };
