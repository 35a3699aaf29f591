import {
  after,
  envelopeId,
  laterOf,
  micros,
  type EnvelopeId,
  type MessageId,
  type NodeId,
  type RandomStream,
  type RandomStreams,
  type SimTime,
  type Simulator,
} from '../core/index.ts';
import type { DropReason, PayloadKind, Trace } from '../trace/index.ts';
import { wireSize, type Envelope } from './envelope.ts';
import { meanLatencyMs, sampleLatency } from './latency.ts';
import { completePayload } from './lazyPayload.ts';
import { Outages } from './outages.ts';
import { payloadHash } from './payloadHash.ts';
import { RouteTable, type WeightedEdge } from './routing.ts';
import { linkKey, type LinkSpec, type NodeSpec, type OutageSpec } from './spec.ts';

/** Called when an envelope reaches the node it was addressed to. May be async (crypto). */
export type Receiver = (env: Envelope) => void | PromiseLike<void>;

/**
 * Told when an envelope is put on the last link to the node it is addressed to (its arrival is then
 * scheduled), so the node can start work that only depends on the bytes, e.g. decryption on another
 * thread. It must not change the simulation: the envelope may still be lost, and its arrival is what counts.
 */
export type ArrivalNotice = (env: Envelope) => void;

/**
 * Sees every envelope arriving at a node (before its queue): for byte-level audits and taps. The payload
 * is as sent: one whose bytes are deferred (lazyPayload.ts) is not completed for it; call `completePayload` to read it.
 */
export type ArrivalObserver = (env: Envelope, node: NodeId) => void;

/** Told when an envelope is lost, so the owner can settle or retry the message it carried. */
export type DropHandler = (env: Envelope, reason: DropReason, at: NodeId) => void;

/**
 * What an on-path party does with one envelope crossing an intercepted link: let it pass, drop it,
 * swap in altered bytes (a copy: the sender's bytes are untouched), hold it back, or let it pass and
 * inject a copy of it later (a replay). Decided deterministically by the interceptor.
 */
export type LinkVerdict =
  | { readonly kind: 'pass' }
  | { readonly kind: 'drop'; readonly reason: DropReason }
  | { readonly kind: 'modify'; readonly payload: Uint8Array }
  | { readonly kind: 'delay'; readonly micros: number }
  | { readonly kind: 'replay'; readonly afterMicros: number };

/** Sees each envelope about to cross an intercepted link from `from` to `to` (either direction). */
export type LinkInterceptor = (env: Envelope, from: NodeId, to: NodeId) => LinkVerdict;

export interface SendRequest<H = unknown> {
  readonly from: NodeId;
  readonly to: NodeId;
  readonly kind: PayloadKind;
  readonly payload: Uint8Array;
  readonly msg?: MessageId;
  readonly header?: H;
  /** Serialized size of `header`, counted on the wire with the payload. */
  readonly headerBytes?: number;
  readonly onDrop?: DropHandler;
}

export interface NetworkOptions {
  /** Bytes of framing added to each envelope on every link (TLS record, transport headers). */
  readonly framingBytes?: number;
  readonly outages?: readonly OutageSpec[];
}

interface NodeState {
  readonly spec: NodeSpec;
  receiver: Receiver | undefined;
  notice: ArrivalNotice | undefined;
  freeAt: SimTime;
  waiting: number;
  /** The directions of this node's links, by the node at their other end. */
  readonly out: Map<NodeId, LinkDirection>;
  /** The link direction toward each destination asked so far (null: no route), for `topology`; made at the first lookup. */
  toward: Map<NodeId, LinkDirection | null> | undefined;
  /** The direction of this node's only link, if it has exactly one (a device's access link): the way to the node at its end. */
  only: LinkDirection | undefined;
  topology: number;
  /** The destination last asked and its direction (a device sends everything to its provider): no lookup when it is asked again. */
  lastDst: NodeState | undefined;
  lastDir: LinkDirection | null;
  /** As a destination: the node that last asked its way here, and that node's direction (a device hears from its provider), of topology `inTopology`. */
  lastFrom: NodeState | undefined;
  lastFromDir: LinkDirection | null;
  inTopology: number;
}

interface LinkDirection {
  readonly spec: LinkSpec;
  /** The node this direction leaves from. */
  readonly from: NodeId;
  /** Its random stream, `net/link/<from>><to>`, made at its first envelope (most devices' downlinks at scale never carry one). */
  rng: RandomStream | undefined;
  /** The node this direction leads to. */
  readonly target: NodeState;
  txFreeAt: SimTime;
}

interface InFlight {
  readonly env: Envelope;
  readonly onDrop: DropHandler | undefined;
  readonly size: number;
  /** First 16 bytes of SHA-256 of the payload, hex: puts the ciphertext itself under the digest. */
  readonly payloadHash: string;
  /** A copy an interceptor injected: it is not intercepted again, and its loss settles nothing. */
  readonly injected?: boolean;
  /**
   * Where it is: the node it last left and the node it is on its way to or queued at. An envelope is in
   * one place at a time (each hop's event schedules the next), so its hop events carry it alone.
   */
  from: NodeId;
  node: NodeState;
  /** The node it is addressed to. */
  readonly dst: NodeState;
}

/**
 * Nodes joined by links. An envelope crosses each link on its route: it waits for the link's
 * transmitter (serialization at the link's bandwidth from its real byte size), propagates (sampled
 * latency), may be lost, then waits in the next node's FIFO queue for that node's service time.
 * Intermediate nodes forward at the network layer; application relays (providers, bridges, hubs) are
 * actors that receive and send again.
 */
export class Network {
  private readonly nodes = new Map<NodeId, NodeState>();
  private readonly directions = new Map<string, LinkDirection>();
  private readonly adjacency = new Map<NodeId, WeightedEdge[]>();
  /** Built on first use after every topology change. */
  private routes: RouteTable | undefined;
  /** Counts topology changes: a node's remembered next hops are of one topology. */
  private topology = 0;
  /** Nodes that are never a hop on another pair's route (NodeSpec.transit false). */
  private readonly endpointsOnly = new Set<NodeId>();
  private readonly outages: Outages;
  private readonly framingBytes: number;
  private nextEnvelope = 0;
  private readonly observers: ArrivalObserver[] = [];
  private readonly interceptors = new Map<string, LinkInterceptor>();
  /** The node that sent last (a provider's fan-out sends from one node many times in a row). */
  private lastSender: NodeState | undefined;

  constructor(
    private readonly sim: Simulator,
    private readonly streams: RandomStreams,
    private readonly trace: Trace,
    options: NetworkOptions = {},
  ) {
    this.framingBytes = options.framingBytes ?? 0;
    this.outages = new Outages(options.outages ?? []);
  }

  addNode(spec: NodeSpec): void {
    if (this.nodes.has(spec.id)) throw new RangeError(`network: node ${spec.id} added twice`);
    this.nodes.set(spec.id, { spec, receiver: undefined, notice: undefined, freeAt: this.sim.now, waiting: 0, out: new Map(), toward: undefined, only: undefined, topology: 0, lastDst: undefined, lastDir: null, lastFrom: undefined, lastFromDir: null, inTopology: 0 });
    this.adjacency.set(spec.id, []);
    if (spec.transit === false) this.endpointsOnly.add(spec.id);
    this.routes = undefined;
    this.topology++;
  }

  hasNode(id: NodeId): boolean {
    return this.nodes.has(id);
  }

  nodeSpecs(): NodeSpec[] {
    return [...this.nodes.values()].map((n) => n.spec);
  }

  linkSpecs(): LinkSpec[] {
    const seen = new Map<string, LinkSpec>();
    for (const d of this.directions.values()) seen.set(linkKey(d.spec.a, d.spec.b), d.spec);
    return [...seen.values()];
  }

  addLink(spec: LinkSpec): void {
    for (const n of [spec.a, spec.b]) if (!this.nodes.has(n)) throw new RangeError(`network: link ${spec.a}-${spec.b} names unknown node ${n}`);
    if (spec.a === spec.b) throw new RangeError(`network: link from ${spec.a} to itself`);
    if (this.directions.has(`${spec.a}>${spec.b}`)) throw new RangeError(`network: link ${spec.a}-${spec.b} added twice`);
    const weight = meanLatencyMs(spec.latency) + 1e-6; // every hop costs something, so fewer hops win ties
    for (const [x, y] of [[spec.a, spec.b], [spec.b, spec.a]] as const) {
      // One random stream per link direction, named by its ends: adding a link leaves others unchanged.
      const dir: LinkDirection = { spec, from: x, rng: undefined, target: this.nodes.get(y)!, txFreeAt: this.sim.now };
      this.directions.set(`${x}>${y}`, dir);
      const from = this.nodes.get(x)!;
      from.out.set(y, dir);
      from.only = from.out.size === 1 ? dir : undefined;
      this.adjacency.get(x)!.push({ to: y, weight });
    }
    this.routes = undefined;
    this.topology++;
  }

  /**
   * Registers an observer of every arrival at every node. It sees the bytes each node handles (the
   * ground truth for "who held what") and must not change the simulation.
   */
  observeArrivals(observer: ArrivalObserver): void {
    this.observers.push(observer);
  }

  /**
   * Puts `fn` on the link a-b (both directions): every envelope about to cross it is shown to `fn`,
   * which says what happens to it. Links without an interceptor behave exactly as before.
   */
  interceptLink(a: NodeId, b: NodeId, fn: LinkInterceptor): void {
    if (!this.directions.has(`${a}>${b}`)) throw new RangeError(`network: no link ${a}-${b} to intercept`);
    if (this.interceptors.has(`${a}>${b}`)) throw new RangeError(`network: link ${a}-${b} is already intercepted`);
    this.interceptors.set(`${a}>${b}`, fn);
    this.interceptors.set(`${b}>${a}`, fn);
  }

  /** Installs the handler for envelopes addressed to `node`, and optionally its notice of those on their last link. */
  attach(node: NodeId, receiver: Receiver, notice?: ArrivalNotice): void {
    const n = this.nodes.get(node);
    if (n === undefined) throw new RangeError(`network: attach to unknown node ${node}`);
    n.receiver = receiver;
    n.notice = notice;
  }

  /** Puts an envelope on the wire now. Returns its id; its fate shows in the trace. */
  send<H>(req: SendRequest<H>): EnvelopeId {
    let at = this.lastSender;
    if (at === undefined || at.spec.id !== req.from) {
      at = this.nodes.get(req.from);
      if (at === undefined) throw new RangeError(`network: send from unknown node ${req.from}`);
      this.lastSender = at;
    }
    const dst = this.nodes.get(req.to);
    if (dst === undefined) throw new RangeError(`network: send to unknown node ${req.to}`);
    // One shape for every envelope (msg and header present, maybe undefined): its readers stay monomorphic.
    const env: Envelope<H> = { id: envelopeId(`e${this.nextEnvelope++}`), from: req.from, to: req.to, kind: req.kind, payload: req.payload, msg: req.msg, header: req.header };
    const flight: InFlight = {
      env,
      onDrop: req.onDrop,
      size: wireSize(env, this.framingBytes) + (req.headerBytes ?? 0),
      payloadHash: payloadHash(env.payload),
      from: req.from,
      node: at,
      dst,
    };
    if (req.from === req.to) {
      this.sim.callAt(this.sim.now, this.arriveEvent, flight);
    } else {
      this.transmit(flight, at);
    }
    return env.id;
  }

  /** The link direction from `node` on its route toward `dst`, or null when there is none. */
  private toward(node: NodeState, dst: NodeState): LinkDirection | null {
    // Remembered answers, each of the current topology: this node's last destination, the destination's last asker.
    if (node.topology !== this.topology) {
      node.toward = undefined;
      node.topology = this.topology;
      node.lastDst = undefined;
    } else if (node.lastDst === dst) return node.lastDir;
    if (dst.lastFrom === node && dst.inTopology === this.topology) return dst.lastFromDir;
    // A node with one link reaches the node at its end by it, whatever the rest of the graph (no route table needed).
    let dir: LinkDirection | null | undefined = node.only !== undefined && node.only.target === dst ? node.only : undefined;
    if (dir === undefined) {
      const id = dst.spec.id;
      const toward = (node.toward ??= new Map());
      dir = toward.get(id);
      if (dir === undefined) {
        this.routes ??= new RouteTable(this.adjacency, this.endpointsOnly);
        const hop = this.routes.nextHop(node.spec.id, id);
        toward.set(id, (dir = hop === undefined ? null : node.out.get(hop)!));
      }
    }
    node.lastDst = dst;
    node.lastDir = dir;
    dst.lastFrom = node;
    dst.lastFromDir = dir;
    dst.inTopology = this.topology;
    return dir;
  }

  private transmit(f: InFlight, node: NodeState): void {
    const now = this.sim.now;
    const at = node.spec.id;
    const dir = this.toward(node, f.dst);
    if (dir === null) return this.drop(f, at, 'no-route');
    const hop = dir.target.spec.id;
    if (this.outages.anyLinkDown && this.outages.linkDown(at, hop, now)) return this.drop(f, at, 'link-down');
    let extra = 0;
    const intercept = f.injected === true || this.interceptors.size === 0 ? undefined : this.interceptors.get(`${at}>${hop}`);
    if (intercept !== undefined) {
      completePayload(f.env.payload); // an on-path party reads real bytes (lazyPayload.ts)
      const v = intercept(f.env, at, hop);
      switch (v.kind) {
        case 'pass':
          break;
        case 'drop':
          return this.drop(f, at, v.reason);
        case 'modify':
          f = { ...f, env: { ...f.env, payload: v.payload }, payloadHash: payloadHash(v.payload) };
          break;
        case 'delay':
          extra = v.micros;
          break;
        case 'replay': {
          const copy: InFlight = { env: f.env, onDrop: undefined, size: f.size, payloadHash: f.payloadHash, injected: true, from: f.from, node, dst: f.dst };
          this.sim.schedule(micros(v.afterMicros), () => this.transmit(copy, node));
          break;
        }
        default: {
          const never: never = v;
          throw new Error(`network: unknown link verdict ${JSON.stringify(never)}`);
        }
      }
    }
    const { spec } = dir;
    // The direction's own stream, named but kept here alone (no registry entry: one per device uplink at scale).
    const rng = dir.rng ?? (dir.rng = this.streams.owned(`net/link/${dir.from}>${dir.target.spec.id}`));
    // Serialization: the transmitter sends one envelope at a time at the link's bandwidth.
    const start = laterOf(now, dir.txFreeAt);
    const serialize = spec.bandwidthMbps === undefined ? 0 : Math.ceil((f.size * 8) / spec.bandwidthMbps);
    dir.txFreeAt = after(start, micros(serialize));
    const lost = (spec.loss ?? 0) > 0 && rng.chance(spec.loss!);
    const arrival = after(dir.txFreeAt, micros(sampleLatency(spec.latency, spec.jitterMs ?? 0, rng) + extra));
    if (lost) {
      this.sim.scheduleAt(arrival, () => this.drop(f, hop, 'loss'));
      return;
    }
    f.from = at;
    f.node = dir.target;
    this.sim.callAt(arrival, this.arriveEvent, f);
    if (dir.target === f.dst) dir.target.notice?.(f.env);
  }

  // The hop events: made once per network, each called with the envelope in flight.
  private readonly arriveEvent = (f: InFlight): void => this.arrive(f);
  private readonly dequeueEvent = (f: InFlight): void | PromiseLike<void> => this.dequeue(f);

  /** `f` reaches `f.node` from `f.from`: it joins the node's FIFO queue, or is lost there. */
  private arrive(f: InFlight): void {
    const now = this.sim.now;
    const state = f.node;
    const node = state.spec.id;
    const from = f.from;
    if (this.outages.nodeDown(node, now)) return this.drop(f, node, 'node-down');
    const limit = state.spec.queueLimit;
    if (limit !== undefined && state.waiting >= limit) return this.drop(f, node, 'queue-full');
    const { env } = f;
    this.trace.emit(
      env.msg !== undefined
        ? { type: 'hop-enqueue', t: now, env: env.id, msg: env.msg, kind: env.kind, from, node, bytes: f.size, payload: f.payloadHash }
        : { type: 'hop-enqueue', t: now, env: env.id, kind: env.kind, from, node, bytes: f.size, payload: f.payloadHash },
    );
    const observers = this.observers;
    for (let i = 0; i < observers.length; i++) observers[i]!(env, node);
    state.waiting++;
    const done = after(laterOf(now, state.freeAt), micros(state.spec.serviceMicros ?? 0));
    state.freeAt = done;
    this.sim.callAt(done, this.dequeueEvent, f);
  }

  /** `f` leaves `f.node`'s queue: forwarded on its route, or handed to its addressee. */
  private dequeue(f: InFlight): void | PromiseLike<void> {
    const state = f.node;
    const node = state.spec.id;
    const { env } = f;
    state.waiting--;
    this.trace.emit({ type: 'hop-dequeue', t: this.sim.now, env: env.id, node });
    if (state !== f.dst) return this.transmit(f, state);
    if (state.receiver === undefined) return this.drop(f, node, 'no-receiver');
    return state.receiver(env);
  }

  private drop(f: InFlight, node: NodeId, reason: DropReason): void {
    const { env } = f;
    this.trace.emit({
      type: 'wire-drop',
      t: this.sim.now,
      env: env.id,
      ...(env.msg !== undefined && { msg: env.msg }),
      kind: env.kind,
      from: env.from,
      node,
      reason,
    });
    f.onDrop?.(env, reason, node);
  }
}
