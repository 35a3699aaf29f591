// Shared test fixtures: a seeded byte source and a small group built through the engine.
import { seededBytes, text, utf8 } from '../helpers/seededBytes.ts';
import type { GroupState, MemberKeys, MlsEngine } from '../../sim/mls/engine.ts';
import { createTsMlsEngine, type CryptoMode, type TsMlsEngineOptions } from '../../sim/mls/tsMlsEngine.ts';

/**
 * The crypto provider the engine tests run on: `MLS_CRYPTO=stock node scripts/test.mjs test/mls/...`
 * runs the whole suite on ts-mls's stock provider; the default is the engine's default, native.
 */
export const TEST_CRYPTO: CryptoMode = process.env.MLS_CRYPTO === 'stock' ? 'stock' : 'native';

/** The built-in engine on the test run's crypto provider. */
export function testEngine(options: TsMlsEngineOptions = {}): MlsEngine {
  return createTsMlsEngine({ crypto: TEST_CRYPTO, ...options });
}

export { seededBytes, text, utf8 };

export function expectOk<T extends { kind: string }>(r: T, what = 'operation'): Extract<T, { kind: 'ok' | 'accepted' }> {
  if (r.kind !== 'ok' && r.kind !== 'accepted') {
    const d = r as unknown as { reason?: string; detail?: string };
    throw new Error(`${what}: ${r.kind} ${d.reason ?? ''} ${d.detail ?? ''}`);
  }
  return r as Extract<T, { kind: 'ok' | 'accepted' }>;
}

export interface Party {
  readonly name: string;
  readonly member: MemberKeys;
  state: GroupState;
}

/**
 * `names[0]` creates the group and adds the rest in one commit; everyone joins from the Welcome.
 * Returns the parties with their states at epoch 1.
 */
export async function buildGroup(engine: MlsEngine, suite: number, names: readonly string[], seed = 'group'): Promise<Party[]> {
  const members = [];
  for (const name of names) {
    members.push(await engine.createMember({ identity: name, ciphersuite: suite, randomBytes: seededBytes(`${seed}/${name}`) }));
  }
  const creator = members[0]!;
  const { state } = await engine.createGroup(creator, utf8(`${seed}-group`));
  const kps = [];
  for (const m of members.slice(1)) kps.push(await engine.generateKeyPackage(m));
  const c = expectOk(await engine.commit(state, { adds: kps.map((k) => k.keyPackage) }), 'commit adds');
  const parties: Party[] = [{ name: names[0]!, member: creator, state: c.state }];
  for (const [i, m] of members.slice(1).entries()) {
    const j = expectOk(await engine.joinFromWelcome(m, c.welcome!, kps[i]!.keyPackagePrivate), 'join');
    parties.push({ name: names[i + 1]!, member: m, state: j.state });
  }
  return parties;
}

/** Everyone but the committer processes the commit; the committer adopts its staged state. */
export async function deliverCommit(engine: MlsEngine, parties: Party[], committer: Party, staged: GroupState, commit: Uint8Array): Promise<void> {
  for (const p of parties) {
    if (p === committer) continue;
    p.state = expectOk(await engine.processHandshake(p.state, commit), `${p.name} processes commit`).state;
  }
  committer.state = staged;
}
