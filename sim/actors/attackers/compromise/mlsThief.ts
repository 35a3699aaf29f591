import { createHash } from 'node:crypto';
import { seconds, type NodeId } from '../../../core/index.ts';
import type { GroupState, MlsEngine } from '../../../mls/engine.ts';
import type { CryptoClock } from '../../cryptoClock.ts';
import type { GroupName, Header } from '../../protocol.ts';
import { userOfDevice, type World } from '../../world.ts';
import type { Held, ReadLog } from './readLog.ts';
import type { Thief } from './thief.ts';

/** The stolen copy of one MLS group, kept in step by the commits the attacker sees. */
interface Copy {
  state: GroupState;
  epoch: number;
  /** A commit the copy could not process (the victim's own, or one encrypted to its new keys): it is locked out. */
  lockedOut: boolean;
  /** Handshakes for epochs the copy has not reached, in arrival order. */
  readonly early: Map<number, Uint8Array[]>;
  readonly earlyApps: { held: Held; payload: Uint8Array; epoch: number }[];
  /** Handshakes already taken (the server fans each out to every member). */
  readonly seen: Set<string>;
}

/**
 * A thief holding an MLS device's group states (epoch secrets, the secret tree, its leaf and path
 * private keys). It processes every commit of those groups with the copy, as the victim would, so it
 * follows epochs whose path secrets are encrypted to the victim's old keys; the first commit it cannot
 * process (the victim's own commit, whose fresh path secrets only the real device has) locks it out of
 * every later epoch. Each application message addressed to the victim is decrypted with the copy for
 * real (RFC 9420 §6.3.2 unprotect).
 */
export class MlsThief implements Thief {
  private readonly copies = new Map<GroupName, Copy>();

  constructor(
    readonly victim: NodeId,
    states: ReadonlyMap<GroupName, GroupState>,
    private readonly engine: MlsEngine,
    private readonly clock: CryptoClock,
    private readonly world: World,
    private readonly log: ReadLog,
    private readonly said: (h: Extract<Header, { op: 'app' }>) => Uint8Array | undefined,
  ) {
    for (const [group, state] of states) {
      this.copies.set(group, { state, epoch: Number(engine.epoch(state)), lockedOut: false, early: new Map(), earlyApps: [], seen: new Set() });
      log.track(group, new Set(engine.members(state).map((m) => userOfDevice(m.identity as NodeId))).size <= 2);
    }
  }

  onDelivery(device: NodeId, h: Header, payload: Uint8Array): void {
    if (h.op !== 'handshake' && h.op !== 'app') return;
    const copy = this.copies.get(h.group);
    if (copy === undefined) return;
    const { sim } = this.world;
    if (h.op === 'handshake') {
        const key = createHash('sha256').update(payload).digest('hex');
      if (copy.seen.has(key)) return;
      copy.seen.add(key);
      sim.schedule(seconds(0), () => this.onCommit(copy, h.epoch, payload));
      return;
    }
    if (device !== this.victim) return;
    const held = this.log.hold(h.group, h.msg, sim.now, this.said(h));
    if (held === undefined) return;
    const epoch = Number(this.engine.peek(payload).epoch ?? -1);
    sim.schedule(seconds(0), () => this.onApp(copy, held, payload, epoch));
  }

  private async onCommit(copy: Copy, epoch: number, commit: Uint8Array): Promise<void> {
    if (copy.lockedOut || epoch < copy.epoch) return;
    if (epoch > copy.epoch) return void copy.early.set(epoch, [...(copy.early.get(epoch) ?? []), commit]);
    const state = copy.state;
    const r = await this.clock.time('attacker-process-commit', () => this.engine.processHandshake(state, commit));
    // ts-mls refuses the victim's own commit ("no overlap between provided private keys and update
    // path"): its path secrets are sealed to the other members' nodes only. That is the heal.
    if (r.kind !== 'accepted' || r.removedSelf) {
      copy.lockedOut = true;
      copy.earlyApps.length = 0;
      return;
    }
    copy.state = r.state;
    if (Number(r.epoch) === copy.epoch) return; // a proposal: same epoch
    copy.epoch = Number(r.epoch);
    const next = copy.early.get(copy.epoch) ?? [];
    for (const e of [...copy.early.keys()]) if (e <= copy.epoch) copy.early.delete(e);
    const ready = copy.earlyApps.filter((a) => a.epoch <= copy.epoch);
    copy.earlyApps.splice(0, copy.earlyApps.length, ...copy.earlyApps.filter((a) => a.epoch > copy.epoch));
    for (const a of ready) await this.onApp(copy, a.held, a.payload, a.epoch);
    for (const m of next) await this.onCommit(copy, copy.epoch, m);
  }

  private async onApp(copy: Copy, held: Held, payload: Uint8Array, epoch: number): Promise<void> {
    if (epoch > copy.epoch) {
      // Locked out: the epoch's secrets came in a commit the copy could not process; it stays unread.
      if (!copy.lockedOut) copy.earlyApps.push({ held, payload, epoch });
      return;
    }
    const state = copy.state;
    const r = await this.clock.time('attacker-unprotect', () => this.engine.unprotect(state, payload));
    if (r.kind !== 'ok') return;
    copy.state = r.state;
    this.log.decrypted(held, r.plaintext);
  }
}
