import type { MessageId, NodeId, SimTime } from '../../core/index.ts';
import { BridgeDevice } from '../bridgeDevice.ts';
import type { ContentSignatures } from '../contentSignatures.ts';
import { secondsBetween, type AttackReport, type Attacker, type AttackerContext } from './attacker.ts';

export interface BridgeOperatorConfig {
  /** Share of relayed messages whose content it alters. */
  readonly alterShare: number;
}

/**
 * The operator of a re-encrypting bridge (`bridge-reencrypt` only). It reads everything it relays
 * (the bridge's own decryptions, already ground truth in Exposures) and alters a share of it before
 * re-encrypting: the recipients' MLS accepts it, since the bridge is a genuine member of their group.
 * Forged = copies delivered whose content differs from what the sender wrote (the oracle knows);
 * detected = copies a client rejected because the sender's content signature did not verify.
 */
export class BridgeOperator implements Attacker {
  readonly kind = 'bridge-operator';
  readonly id = 'attacker/bridge-operator';
  private readonly bridge: BridgeDevice | undefined;
  private readonly altered = new Map<MessageId, SimTime>();
  private readonly read = new Set<MessageId>();

  constructor(private readonly ctx: AttackerContext, config: BridgeOperatorConfig) {
    this.bridge = [...ctx.devices.values()].find((d): d is BridgeDevice => d instanceof BridgeDevice);
    const rng = ctx.world.streams.stream(`attackers/${this.id}/choices`);
    if (this.bridge === undefined) return; // no re-encrypting bridge in this architecture: nothing to run
    this.bridge.alter = (h, plaintext) => {
      this.read.add(h.msg);
      if (this.altered.has(h.msg) || !rng.chance(config.alterShare)) return plaintext;
      this.signatures?.relayed(h.msg, h.sender as NodeId, plaintext);
      this.altered.set(h.msg, ctx.world.sim.now);
      // Same length, one character changed ("meet at 5" -> "meet at 6"): indistinguishable to MLS.
      const out = Uint8Array.from(plaintext);
      if (out.length > 0) out[out.length - 1] = out[out.length - 1]! ^ 0x01;
      return out;
    };
  }

  private get signatures(): ContentSignatures | undefined {
    return this.ctx.services.contentSignatures;
  }

  report(): AttackReport {
    const sigs = this.signatures;
    const forged = (sigs?.accepted ?? []).filter((a) => this.altered.has(a.msg));
    const caught = (sigs?.caught ?? []).filter((a) => this.altered.has(a.msg));
    const forgedMsgs = new Set(forged.map((a) => a.msg));
    return {
      attempts: this.altered.size,
      successes: forgedMsgs.size,
      exposed: this.read.size,
      forged: forgedMsgs.size,
      // One detection per altered message: the first client that caught it.
      detections: [...new Map(caught.map((c) => [c.msg, c] as const).reverse()).values()].map((c) => secondsBetween(this.altered.get(c.msg)!, c.at)),
      detail: { relayedRead: this.read.size, altered: this.altered.size, forgedCopies: forged.length, caughtCopies: caught.length },
    };
  }
}
