import type { NodeId } from '../../core/index.ts';
import type { AttackReport, Attacker, AttackerContext } from './attacker.ts';
import { secondsBetween } from './attacker.ts';

export interface NonCompliantClientConfig {
  /** The provider whose clients are modified; absent = the scenario's last provider. */
  readonly provider?: string | undefined;
  /** Share of that provider's devices running the modified client. */
  readonly share: number;
  /** Whether the client still advertises disappearing-message support (a lie no check can catch). */
  readonly lies: boolean;
}

/**
 * A modified client that ignores disappearing-message timers and keeps every copy. An honest one says
 * so in its advertised capabilities (a sender's check can see it); a lying one advertises support it
 * does not have. Measured on retention records, per modified device: it had a chance when a timed
 * message was sent in a group it is in (or it got a copy), and succeeded if it still kept a copy after
 * the timer ran out when the run ends; `exposed` counts those messages. Detection is a sender's
 * warning naming one of its devices, timed from the first timed message sent in a group that has it.
 */
export class NonCompliantClient implements Attacker {
  readonly kind = 'non-compliant-client';
  readonly id: string;
  private readonly devices = new Set<NodeId>();

  constructor(private readonly ctx: AttackerContext, config: NonCompliantClientConfig, index: number) {
    const providers = [...new Set(ctx.population.users.map((u) => u.provider))];
    const provider = (config.provider ?? providers.at(-1)) as NodeId;
    this.id = `attacker/non-compliant-${index}@${provider}`;
    const d = ctx.clients.disappearing;
    if (d === undefined) return;
    const rng = ctx.world.streams.stream(`attackers/${this.id}/devices`);
    for (const device of ctx.devices.values()) {
      if (device.provider !== provider || !rng.chance(config.share)) continue;
      this.devices.add(device.id);
      d.markNonCompliant(device.id, { lies: config.lies });
      // An honest modified client says in its signed leaves that it keeps messages; a lying one does not.
      if (!config.lies) ctx.services.content?.disclaimTimers(device.id);
    }
  }

  report(): AttackReport {
    const d = this.ctx.clients.disappearing;
    const s = d?.summary(this.devices);
    const detections = [...this.devices].flatMap((dev) => {
      const warned = d?.warnedAbout.get(dev);
      const exposedAt = d?.firstTimedWith.get(dev);
      return warned === undefined || exposedAt === undefined ? [] : [secondsBetween(exposedAt, warned)];
    });
    // Per device: one with a chance to keep a timed message (it was in such a group, or got a copy)
    // succeeds if it kept one past expiry.
    const chances = [...this.devices].filter((dev) => d?.firstTimedWith.has(dev) === true || (d?.summary(new Set([dev])).copies ?? 0) > 0);
    return {
      attempts: chances.length,
      successes: chances.filter((dev) => (d?.keptMessages(new Set([dev])) ?? 0) > 0).length,
      exposed: d?.keptMessages(this.devices) ?? 0,
      forged: 0,
      detections,
      detail: {
        devices: this.devices.size,
        timedCopies: s?.copies ?? 0,
        expiredCopies: s?.expired ?? 0,
        retainedPastExpiry: s?.retainedPastExpiry ?? 0,
        senderWarnings: s?.warnings ?? 0,
        sentWithoutTimer: s?.refused ?? 0,
      },
    };
  }
}
