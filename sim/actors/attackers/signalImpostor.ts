import type { NodeId } from '../../core/index.ts';
import type { IdentityKeys, PairwiseMessage, PreKeyStore, RandomBytes, SenderKeyRecord, Session, SignalEngine } from '../../signal/engine.ts';
import type { GroupName } from '../protocol.ts';
import { decodeBundle, lastResortBundle } from '../signal/bundleCodec.ts';

/** The attacker's stand-in for one target device: its own identity key and prekeys, served as the target's. */
export interface SignalFake {
  readonly identity: IdentityKeys;
  preKeys: PreKeyStore;
  /** A reusable (last-resort) bundle under the target's device id. */
  readonly bundle: Uint8Array;
  readonly identityKey: Uint8Array;
}

/**
 * The Signal counterpart of the substituting directory's MLS member: for each target device, a real
 * Signal identity of the attacker's, whose bundle the directory serves in the target's place. A contact
 * that accepts it runs PQXDH with the attacker's keys, so what it then seals "to the target" (1:1
 * messages, its sender-key distributions, hence its group messages) the attacker decrypts for real.
 * What was sealed to the real device fails here and is left to it.
 */
export class SignalImpostor {
  private readonly fakes = new Map<NodeId, SignalFake>();
  private readonly sessions = new Map<string, Session>();
  private readonly records = new Map<string, SenderKeyRecord>();
  /** Contacts that opened a session with a fake (a PreKeySignalMessage it accepted), by `target|contact`. */
  readonly opened = new Set<string>();

  constructor(private readonly engine: SignalEngine) {}

  /** A look-alike of the target's bundle (same device id) under fresh keys drawn from `randomBytes`. */
  fake(target: NodeId, real: Uint8Array, randomBytes: RandomBytes): SignalFake | undefined {
    const existing = this.fakes.get(target);
    if (existing !== undefined) return existing;
    const deviceId = decodeBundle(real)?.deviceId;
    if (deviceId === undefined) return undefined;
    const identity = this.engine.createIdentity({ randomBytes });
    const r = this.engine.createPreKeys(identity, { signedPreKeyId: 1, lastResortKyberPreKeyId: 2 });
    const f: SignalFake = { identity, preKeys: r.preKeys, bundle: lastResortBundle(r.upload, deviceId), identityKey: r.upload.identityKey };
    this.fakes.set(target, f);
    return f;
  }

  has(target: NodeId): boolean {
    return this.fakes.has(target);
  }

  /** A pairwise message `from` sent toward `target`, if it was sealed to the fake's keys. */
  readPairwise(target: NodeId, from: NodeId, message: PairwiseMessage): Uint8Array | undefined {
    const f = this.fakes.get(target);
    if (f === undefined) return undefined;
    const k = `${target}|${from}`;
    const r = this.engine.decrypt(f.identity, f.preKeys, this.sessions.get(k), message);
    if (r.kind !== 'ok') return undefined;
    this.sessions.set(k, r.session);
    f.preKeys = r.preKeys;
    this.opened.add(k);
    return r.plaintext;
  }

  /** A sender-key distribution read over a fake session: the sender's chain, for its group messages. */
  learn(target: NodeId, group: GroupName, from: NodeId, distribution: Uint8Array): void {
    const k = `${target}|${group}|${from}`;
    const d = this.engine.processSenderKeyDistribution(this.records.get(k), distribution);
    if (d.kind === 'ok') this.records.set(k, d.record);
  }

  /** A group message for `target`, if the attacker holds its sender's chain. */
  readGroup(target: NodeId, group: GroupName, sender: NodeId, bytes: Uint8Array): Uint8Array | undefined {
    const k = `${target}|${group}|${sender}`;
    const record = this.records.get(k);
    if (record === undefined) return undefined;
    const r = this.engine.groupDecrypt(record, bytes);
    if (r.kind !== 'ok') return undefined;
    this.records.set(k, r.record);
    return r.plaintext;
  }
}
