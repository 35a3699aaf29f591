import type { NodeId } from '../../core/index.ts';
import type { Envelope } from '../../net/index.ts';
import type { Header } from '../protocol.ts';
import { homeOfDevice } from '../world.ts';
import type { AttackReport, Attacker, AttackerContext } from './attacker.ts';
import { groundTruthPairs, HeaderPairs, type TalkPairs } from './talkPairs.ts';

export interface MetadataObserverConfig {
  /** The server whose traffic it sees (a provider, the bridge, a hub, the discovery service). */
  readonly at: NodeId;
  /** The scenario's providers (people live there; other nodes are infrastructure). */
  readonly providers: readonly NodeId[];
  /** Whether clients of `provider` seal the sender out of the `app` header. */
  readonly sealedSender: (provider: NodeId) => boolean;
}

/**
 * A passive observer at one server. It reads the routing header of every envelope the server handles
 * and rebuilds who talks to whom (per message id: senders x recipients). Under sealed sender the
 * header names no sender, but the server still sees which of its own clients' connections a message
 * came in on, so it keeps learning its own users' outgoing pairs. It does not (yet) correlate timing.
 * Scored as precision and recall of the learned pairs of people against every pair the workload's
 * messages really went between.
 */
export class MetadataObserver implements Attacker {
  readonly kind = 'metadata-observer';
  readonly id: string;
  private readonly seen: HeaderPairs;
  private readonly truth: TalkPairs;

  constructor(ctx: AttackerContext, private readonly config: MetadataObserverConfig) {
    this.id = `attacker/observer@${config.at}`;
    const providers = new Set<string>(config.providers);
    this.seen = new HeaderPairs(providers);
    this.truth = groundTruthPairs(ctx.world.trace, providers);
    ctx.world.net.observeArrivals((env, node) => {
      if (node === config.at && env.to === config.at) this.observe(env as Envelope<Header>);
    });
  }

  private observe(env: Envelope<Header>): void {
    this.seen.envelopes++;
    this.seen.bytes += env.payload.length;
    const h = env.header;
    if (h?.op !== 'app') return;
    this.seen.see(h, visibleSender(env, h, this.config.sealedSender));
  }

  report(): AttackReport {
    return pairReport(this.seen, this.truth);
  }
}

/** The sender an observer can name: the header's, unless sealed; then only a client's own connection. */
export function visibleSender(env: Envelope, h: Extract<Header, { op: 'app' }>, sealed: (provider: NodeId) => boolean): NodeId | undefined {
  let home: NodeId;
  try {
    home = homeOfDevice(h.sender);
  } catch {
    return h.sender;
  }
  if (!sealed(home)) return h.sender;
  return env.from === h.sender ? h.sender : undefined;
}

/** attempts = true pairs, successes = correctly learned pairs (success rate = recall). */
export function pairReport(seen: HeaderPairs, truth: TalkPairs): AttackReport {
  const learned = seen.learned.size;
  const correct = seen.learned.correctAgainst(truth);
  return {
    attempts: truth.size,
    successes: correct,
    exposed: 0,
    forged: 0,
    detections: [],
    detail: {
      pairsTrue: truth.size,
      pairsLearned: learned,
      pairsCorrect: correct,
      precisionPct: learned === 0 ? 0 : Math.round((1000 * correct) / learned) / 10,
      recallPct: truth.size === 0 ? 0 : Math.round((1000 * correct) / truth.size) / 10,
      envelopesSeen: seen.envelopes,
      bytesSeen: seen.bytes,
    },
  };
}
