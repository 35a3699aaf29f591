// The simulated network of one script: a delivery-service node and one client node per actor, each on
// its own access link. The DS stores every posted item under (action, item) and forwards it to the
// recipients the action names; actors fetch stored items (key packages, ciphertexts, commits,
// Welcomes) with a request. Receivers run the engine when an envelope arrives, inside the kernel's
// awaited handler, so the order of MLS operations is the order of simulated arrivals.
import { nodeId, RandomStreams, Simulator, type NodeId } from '../core/index.ts';
import { Network, type Envelope, type LinkParams } from '../net/index.ts';
import { Trace, type TraceListener } from '../trace/index.ts';
import type { Receipt } from './receipts.ts';
import { controlBytes, payloadKind, storeKey, type Item, type Tamper, type ToActor, type ToDs } from './relayProtocol.ts';
import { ScriptActor } from './scriptActor.ts';

export const DS_NODE: NodeId = nodeId('ds');
/** How receipts and messages name the delivery service. */
export const DS_NAME = 'the DS';

export interface WorldOptions {
  readonly script: string;
  readonly seed: string;
  readonly link: LinkParams;
  /** DS processing time per envelope, µs. */
  readonly dsServiceMicros: number;
  readonly tamper?: Tamper;
  readonly onTrace?: TraceListener;
}

/** What an actor does with an envelope from the DS (set by the script runner). */
export type ActorReceiver = (actor: ScriptActor, header: ToActor, payload: Uint8Array) => Promise<void>;

interface Stored {
  readonly bytes: Uint8Array;
  readonly origin: string;
}

export class ScriptWorld {
  readonly sim = new Simulator();
  readonly streams: RandomStreams;
  readonly trace = new Trace();
  readonly net: Network;
  readonly receipts: Receipt[] = [];
  wireBytes = 0;
  envelopes = 0;
  private readonly actors = new Map<string, ScriptActor>();
  private readonly byNode = new Map<NodeId, ScriptActor>();
  private readonly store = new Map<string, Stored[]>();
  private receiver: ActorReceiver | undefined;

  constructor(private readonly options: WorldOptions) {
    this.streams = new RandomStreams(options.seed);
    if (options.onTrace !== undefined) this.trace.subscribe(options.onTrace);
    this.trace.subscribe((r) => {
      if (r.type === 'hop-enqueue') this.wireBytes += r.bytes;
    });
    this.net = new Network(this.sim, this.streams, this.trace);
    this.net.addNode({ id: DS_NODE, kind: 'provider', serviceMicros: options.dsServiceMicros });
    this.net.attach(DS_NODE, (env) => this.atDs(env as Envelope<ToDs>));
  }

  get script(): string {
    return this.options.script;
  }

  onReceive(receiver: ActorReceiver): void {
    this.receiver = receiver;
  }

  has(name: string): boolean {
    return this.actors.has(name);
  }

  /** The actor called `name`, attached to the DS on first use. */
  actor(name: string): ScriptActor {
    let a = this.actors.get(name);
    if (a !== undefined) return a;
    const node = nodeId(`client:${name}`);
    const stream = this.streams.stream(`mls-script/${this.options.script}/${name}`);
    a = new ScriptActor(name, node, (n) => stream.bytes(n));
    this.actors.set(name, a);
    this.byNode.set(node, a);
    this.net.addNode({ id: node, kind: 'client' });
    this.net.addLink({ a: node, b: DS_NODE, ...this.options.link });
    const actor = a;
    this.net.attach(node, (env) => this.atActor(actor, env as Envelope<ToActor>));
    return a;
  }

  /** `from` uploads an item; the DS stores it and forwards it to `to` (and acks, if asked). */
  post(from: ScriptActor, step: number, item: Item, payload: Uint8Array, to: readonly string[], ack = false): void {
    this.send<ToDs>(from.node, DS_NODE, payloadKind(item), payload, { op: 'post', step, item, to, ack }, step, item, from.name, DS_NAME);
  }

  /** `by` asks the DS for what action `source` stored of `item` (every entry, if several actors posted). */
  fetch(by: ScriptActor, step: number, item: Item, source: number): void {
    by.inbox.delete(storeKey(source, item));
    const header: ToDs = { op: 'fetch', step, item, source };
    this.send(by.node, DS_NODE, 'control', controlBytes(`fetch ${item} ${source}`), header, step, item, by.name, DS_NAME);
  }

  /** Runs the network until nothing is in flight and every receiver has finished. */
  async settle(): Promise<void> {
    await this.sim.run();
  }

  receiptsOf(step: number): Receipt[] {
    return this.receipts.filter((r) => r.step === step);
  }

  private send<H>(from: NodeId, to: NodeId, kind: Envelope['kind'], payload: Uint8Array, header: H, step: number, item: Item, sender: string, recipient: string): void {
    this.envelopes++;
    this.net.send({
      from,
      to,
      kind,
      payload,
      header,
      onDrop: (_env, reason) => this.receipts.push({ kind: 'dropped', step, actor: recipient, from: sender, item, reason }),
    });
  }

  private atDs(env: Envelope<ToDs>): void {
    const h = env.header!;
    const origin = this.byNode.get(env.from)!;
    switch (h.op) {
      case 'post': {
        const key = storeKey(h.step, h.item);
        this.store.set(key, [...(this.store.get(key) ?? []), { bytes: env.payload, origin: origin.name }]);
        for (const name of h.to) this.forward(h.step, h.step, h.item, origin.name, this.actor(name), env.payload);
        if (h.ack) {
          const ack: ToActor = { op: 'accepted', step: h.step };
          this.send(DS_NODE, origin.node, 'control', controlBytes(`accepted ${h.step}`), ack, h.step, h.item, DS_NAME, origin.name);
        }
        return;
      }
      case 'fetch': {
        const stored = this.store.get(storeKey(h.source, h.item)) ?? [];
        if (stored.length === 0) {
          const detail = `the DS holds no ${h.item} from action ${h.source}`;
          this.receipts.push({ kind: 'rejected', step: h.step, actor: origin.name, item: h.item, reason: 'not-stored', detail });
        }
        for (const s of stored) this.forward(h.step, h.source, h.item, s.origin, origin, s.bytes);
        return;
      }
      default: {
        const never: never = h;
        throw new Error(`ds: unknown request ${JSON.stringify(never)}`);
      }
    }
  }

  private forward(step: number, source: number, item: Item, from: string, to: ScriptActor, original: Uint8Array): void {
    const payload =
      this.options.tamper?.({ script: this.options.script, step, source, item, from, to: to.name, payload: original.slice() }) ?? original;
    const header: ToActor = { op: 'deliver', step, item, source, origin: from };
    this.send(DS_NODE, to.node, payloadKind(item), payload, header, step, item, DS_NAME, to.name);
  }

  private async atActor(actor: ScriptActor, env: Envelope<ToActor>): Promise<void> {
    if (this.receiver === undefined) throw new Error('ScriptWorld: no receiver installed (bug)');
    await this.receiver(actor, env.header!, env.payload);
  }
}
