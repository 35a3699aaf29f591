import type { NodeId } from '../../core/index.ts';
import type { Header } from '../protocol.ts';
import { decodeCapabilityAnswer, encodeCapabilityAnswer } from '../content/capabilityQuery.ts';
import type { ContentRuntime } from '../content/contentRuntime.ts';
import type { AttackReport, Attacker, AttackerContext } from './attacker.ts';

export interface DowngradeConfig {
  readonly provider: NodeId;
  /** `post-quantum`: remove post-quantum suites; `mls`: hide MLS support (withhold the evidence too). */
  readonly strip: 'post-quantum' | 'mls';
}

/**
 * A downgrade attacker (issue #5): a provider rewriting the capability-discovery answers it serves.
 * It cannot re-sign a device's KeyPackage, so the signed evidence it alters no longer verifies; the
 * unsigned directory listing it can rewrite at will. Whether it worked is read from outcomes: groups
 * that really ended on a classical suite although all their members' clients share a post-quantum
 * one, or copies that really went in clear to devices that have an MLS client.
 */
export class DowngradeAttacker implements Attacker {
  readonly kind = 'downgrade';
  readonly id: string;
  private readonly content: ContentRuntime;
  private tampered = 0;
  private clearToMls = 0;
  private readonly clearMessages = new Set<string>();
  /** Groups whose creator was handed a rewritten answer: the attempts. */
  private readonly attacked = new Set<string>();
  /** Attacked groups in which a copy really went in clear to a device that has an MLS client. */
  private readonly forcedClear = new Set<string>();

  constructor(private readonly ctx: AttackerContext, private readonly config: DowngradeConfig) {
    this.id = `attacker/downgrade@${config.provider}`;
    const provider = ctx.providers.get(config.provider);
    if (provider === undefined) throw new RangeError(`attackers: downgrade.provider "${config.provider}" names no provider`);
    if (ctx.services.content === undefined) throw new Error('downgrade attacker: the run has no content layer');
    this.content = ctx.services.content;
    provider.extensions.push({
      onCapabilityAnswer: (claim, payload) => {
        this.attacked.add(claim.group);
        return this.strip(payload);
      },
    });
    ctx.world.net.observeArrivals((env, node) => {
      const h = env.header as Header | undefined;
      if (h?.op !== 'app' || h.clear !== true || env.to !== node || !ctx.devices.has(node)) return;
      if (this.content.client(node).hasMls) {
        this.clearToMls++;
        this.clearMessages.add(h.msg);
        if (this.attacked.has(h.group)) this.forcedClear.add(h.group);
      }
    });
  }

  private strip(payload: Uint8Array): Uint8Array {
    const a = decodeCapabilityAnswer(payload);
    const pq = new Set(this.content.settings.suites.filter((s) => s.postQuantum).map((s) => s.id));
    this.tampered += a.listing.length;
    if (this.config.strip === 'mls') return encodeCapabilityAnswer({ listing: a.listing.map(() => []), evidence: a.evidence.map(() => new Uint8Array(0)) });
    return encodeCapabilityAnswer({
      listing: a.listing.map((l) => l.filter((s) => !pq.has(s))),
      evidence: a.evidence.map((kp) => stripSuites(kp, (s) => !pq.has(s)) ?? kp),
    });
  }

  /** Attacked groups on a classical suite whose members' clients all share a post-quantum one: downgraded. */
  private downgradedGroups(): number {
    const { engine } = this.ctx.services;
    const pq = new Set(this.content.settings.suites.filter((s) => s.postQuantum).map((s) => s.id));
    const seen = new Set<string>();
    let n = 0;
    for (const d of this.ctx.devices.values()) {
      for (const group of d.memberships().keys()) {
        const state = d.groupState(group);
        if (seen.has(group) || state === undefined || !this.attacked.has(group)) continue;
        seen.add(group);
        if (pq.has(engine.ciphersuite(state))) continue;
        const suites = engine.members(state).map((m) => this.content.client(m.identity as NodeId).ciphersuites);
        if (suites.length > 1 && [...pq].some((s) => suites.every((l) => l.includes(s)))) n++;
      }
    }
    return n;
  }

  report(): AttackReport {
    const downgraded = this.config.strip === 'post-quantum' ? this.downgradedGroups() : 0;
    return {
      attempts: this.attacked.size,
      successes: this.config.strip === 'post-quantum' ? downgraded : this.forcedClear.size,
      exposed: this.clearMessages.size,
      forged: 0,
      detections: [],
      detail: { listingsRewritten: this.tampered, downgradedGroups: downgraded, clearCopiesToMlsClients: this.clearToMls, rejectedAsTampered: this.content.stats.capabilityRejections },
    };
  }
}

/**
 * The KeyPackage MLSMessage with the leaf's capabilities.cipher_suites filtered (RFC 9420 §7.2; vectors
 * as §2.1.2), everything else byte for byte: what a relay without the device's key can do. Undefined
 * if the bytes are not a KeyPackage with a basic credential.
 */
export function stripSuites(kp: Uint8Array, keep: (suite: number) => boolean): Uint8Array | undefined {
  let o = 0;
  const vec = (): [number, number] => {
    const first = kp[o]!;
    const prefix = first >> 6;
    const n = prefix === 0 ? 1 : prefix === 1 ? 2 : 4;
    let len = first & 0x3f;
    for (let i = 1; i < n; i++) len = len * 256 + kp[o + i]!;
    const start = o + n;
    o = start + len;
    return [start, len];
  };
  try {
    if (((kp[2]! << 8) | kp[3]!) !== 5) return undefined; // wire_format mls_key_package
    o = 8; // MLSMessage.version, wire_format, KeyPackage.version, cipher_suite
    vec(); // init_key
    vec(); // encryption_key
    vec(); // signature_key
    if (((kp[o]! << 8) | kp[o + 1]!) !== 1) return undefined; // basic credential
    o += 2;
    vec(); // identity
    vec(); // versions
    const at = o;
    const [start, len] = vec(); // cipher_suites
    const suites: number[] = [];
    for (let i = start; i < start + len; i += 2) suites.push((kp[i]! << 8) | kp[i + 1]!);
    const kept = suites.filter(keep);
    const body = kept.flatMap((s) => [s >> 8, s & 0xff]);
    const header = body.length < 64 ? [body.length] : [0x40 | (body.length >> 8), body.length & 0xff];
    return Uint8Array.from([...kp.subarray(0, at), ...header, ...body, ...kp.subarray(start + len)]);
  } catch {
    return undefined;
  }
}
