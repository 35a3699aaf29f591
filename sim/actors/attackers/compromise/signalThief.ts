import type { NodeId } from '../../../core/index.ts';
import type { IdentityKeys, PreKeyStore, SenderKeyRecord, Session, SignalEngine } from '../../../signal/engine.ts';
import type { GroupName, Header } from '../../protocol.ts';
import type { SignalDeviceState } from '../../signal/deviceState.ts';
import { decodePayload } from '../../signal/wire.ts';
import { userOfDevice, type World } from '../../world.ts';
import type { Held, ReadLog } from './readLog.ts';
import type { Thief } from './thief.ts';

/**
 * A thief holding a Signal device's state: identity key, prekeys, every Double Ratchet session and the
 * sender-key chains of its conversations. It runs the real decryption on everything addressed to the
 * victim, keeping its copies in step: a pairwise session stays readable until the victim's next DH
 * ratchet step toward that peer (a fresh ratchet key the copy never saw, so the peer's answer no longer
 * authenticates under the copy's root key); a sender-key chain stays readable until its sender rotates,
 * and a rotation delivered over a pairwise session the copy still reads is read too. The copy draws its
 * own randomness (it cannot predict the device's future keys).
 */
export class SignalThief implements Thief {
  private readonly identity: IdentityKeys;
  private preKeys: PreKeyStore;
  private readonly sessions: Map<NodeId, Session>;
  private readonly records = new Map<GroupName, Map<NodeId, SenderKeyRecord>>();
  /** Sender-key messages waiting for their sender's chain (a distribution still on its way). */
  private readonly waiting = new Map<string, { held: Held; bytes: Uint8Array }[]>();

  constructor(
    readonly victim: NodeId,
    stolen: SignalDeviceState,
    private readonly engine: SignalEngine,
    rng: (n: number) => Uint8Array,
    private readonly world: World,
    private readonly log: ReadLog,
    private readonly said: (h: Extract<Header, { op: 'app' }>) => Uint8Array | undefined,
  ) {
    this.identity = engine.withRandomBytes(stolen.identity, rng);
    this.preKeys = stolen.preKeys;
    this.sessions = new Map(stolen.sessions);
    for (const [group, c] of stolen.conversations) {
      this.records.set(group, new Map(c.records));
      log.track(group, new Set(c.roster.map(userOfDevice)).size <= 2);
    }
  }

  onDelivery(device: NodeId, h: Header, payload: Uint8Array): void {
    if (device !== this.victim) return;
    if (h.op === 'pairwise') return this.onDistribution(h.group, h.from, payload);
    if (h.op !== 'app') return;
    const p = decodePayload(payload);
    // Pairwise traffic in every conversation keeps the sessions in step; only stolen conversations count.
    const held = this.log.hold(h.group, h.msg, this.world.sim.now, this.said(h));
    if (p === undefined) return;
    if (p.kind === 'pairwise') {
      const plaintext = this.decryptPairwise(h.sender, p.message);
      if (held !== undefined && plaintext !== undefined) this.log.decrypted(held, plaintext);
      return;
    }
    if (held === undefined) return;
    this.readGroup(h.group, h.sender, held, p.bytes);
  }

  private decryptPairwise(from: NodeId, message: Parameters<SignalEngine['decrypt']>[3]): Uint8Array | undefined {
    const r = this.engine.decrypt(this.identity, this.preKeys, this.sessions.get(from), message);
    if (r.kind !== 'ok') return undefined;
    this.sessions.set(from, r.session);
    this.preKeys = r.preKeys;
    return r.plaintext;
  }

  /** A sender-key distribution over the pairwise session: read it if the session copy still can. */
  private onDistribution(group: GroupName, from: NodeId, payload: Uint8Array): void {
    const p = decodePayload(payload);
    if (p?.kind !== 'pairwise') return;
    const skdm = this.decryptPairwise(from, p.message);
    const records = this.records.get(group);
    if (skdm === undefined || records === undefined) return;
    const d = this.engine.processSenderKeyDistribution(records.get(from), skdm);
    if (d.kind !== 'ok') return;
    records.set(from, d.record);
    const key = `${group}|${from}`;
    const waiting = this.waiting.get(key) ?? [];
    this.waiting.delete(key);
    for (const w of waiting) this.readGroup(group, from, w.held, w.bytes);
  }

  private readGroup(group: GroupName, sender: NodeId, held: Held, bytes: Uint8Array): void {
    const records = this.records.get(group)!;
    const record = records.get(sender);
    const r = record === undefined ? undefined : this.engine.groupDecrypt(record, bytes);
    if (r === undefined || (r.kind === 'rejected' && r.reason === 'no-session')) {
      // A chain the copy does not hold (yet): read if its distribution arrives over a session it still reads.
      const key = `${group}|${sender}`;
      this.waiting.set(key, [...(this.waiting.get(key) ?? []), { held, bytes }]);
      return;
    }
    if (r.kind !== 'ok') return;
    records.set(sender, r.record);
    this.log.decrypted(held, r.plaintext);
  }
}
