import { seconds, type MessageId, type NodeId, type SimTime } from '../../core/index.ts';
import type { TraceRecord } from '../../trace/index.ts';
import type { MultiClientConfig } from './multiClientConfig.ts';
import { conversationOf } from '../conversation.ts';
import type { CryptoClock } from '../cryptoClock.ts';
import type { DeviceActor } from '../device.ts';
import type { Exposures } from '../exposures.ts';
import type { GroupName } from '../protocol.ts';
import type { ProviderActor } from '../provider.ts';
import { sendReliably } from '../reliableSender.ts';
import type { World } from '../world.ts';
import { brokenSeconds, type ApiBreak, type BrokenWindow } from './apiBreaks.ts';
import type { ApiGate } from './apiGate.ts';
import { BreakImpact } from './breakImpact.ts';
import { scheduleKeepalives } from './keepalive.ts';
import type { MultiClientReport, ServiceReport } from './multiClientReport.ts';
import { SendQueue } from './sendQueue.ts';
import { ServiceClock } from './serviceClock.ts';
import { VendorReach } from './vendorReach.ts';

/** After an update, the client reconnects and fetches what its server held before sending its queue. */
const RESYNC_SECONDS = 2;
/** A queued send whose device is offline when its service is fixed is tried again this often. */
const RETRY_SECONDS = 5;

interface Service {
  readonly devices: NodeId[];
  readonly clock: ServiceClock;
  keyBytes: number;
  keepalives: number;
  keepaliveBytes: number;
  broken: boolean;
}

/**
 * The multi-protocol client every user runs under `client-api`: one protocol stack (account, keys,
 * connection, crypto) per service, each paid for and measured; each service's client API breaking
 * under it on the scenario's schedule, during which that stack can neither send (sends wait or are
 * lost, per `whileBroken`) nor receive (its server holds what arrives) until the vendor's update; and
 * a vendor that could read everything its client handles.
 */
export class MultiClient implements ApiGate {
  private readonly services = new Map<NodeId, Service>();
  private readonly serviceOfDevice = new Map<NodeId, NodeId>();
  private readonly queue = new SendQueue();
  private readonly windows = new Map<NodeId, BrokenWindow[]>();
  readonly impact: BreakImpact;
  readonly vendor: VendorReach;
  /** Told of each queued send that was never sent after all (the workload counts it as skipped). */
  onLostSend: () => void = () => {};

  constructor(
    private readonly world: World,
    private readonly config: MultiClientConfig,
    private readonly breaks: readonly ApiBreak[],
    windows: readonly BrokenWindow[],
    private readonly ctx: {
      readonly device: (id: NodeId) => DeviceActor | undefined;
      readonly provider: (id: NodeId) => ProviderActor | undefined;
      readonly runClock: CryptoClock;
      readonly exposures: Exposures | undefined;
      /** When the run ends (after the drain): keepalives and retries stop there. */
      readonly total: SimTime;
    },
  ) {
    for (const w of windows) this.windows.set(w.service, [...(this.windows.get(w.service) ?? []), w]);
    this.impact = new BreakImpact((d) => this.serviceOfDevice.get(d), this.windows, this.queue);
    this.vendor = new VendorReach(config.vendor, (d) => this.serviceOfDevice.has(d), ctx.exposures, world.streams.stream('client-api/vendor/telemetry'));
    const { sim } = world;
    for (const w of windows) {
      if (w.from < ctx.total) sim.scheduleAt(w.from, () => this.setBroken(w.service, true));
      if (w.to < ctx.total) sim.scheduleAt(w.to, () => this.setBroken(w.service, false));
    }
  }

  /** Trace listener: key material published, what breaks did to messages, what the vendor reached. */
  readonly listener = (r: TraceRecord): void => {
    if (r.type === 'hop-enqueue' && r.kind === 'key-package') {
      const svc = this.serviceOfDevice.get(r.from);
      const s = svc === undefined ? undefined : this.services.get(svc);
      if (s !== undefined && r.node === svc) s.keyBytes += r.bytes;
    }
    this.impact.listener(r);
    this.vendor.listener(r);
  };

  private service(id: NodeId): Service {
    let s = this.services.get(id);
    if (s === undefined) this.services.set(id, (s = { devices: [], clock: new ServiceClock(this.ctx.runClock), keyBytes: 0, keepalives: 0, keepaliveBytes: 0, broken: false }));
    return s;
  }

  /** A device of the client's stack for `service` came to life: its crypto is timed per service and its connection kept. */
  register(device: NodeId, service: NodeId): CryptoClock {
    const s = this.service(service);
    s.devices.push(device);
    this.serviceOfDevice.set(device, service);
    if (this.config.keepaliveSeconds > 0) {
      const rng = this.world.streams.stream(`client-api/keepalive/${device}`);
      const options = { period: this.config.keepaliveSeconds, bytes: this.config.keepaliveBytes, until: this.ctx.total, rng };
      scheduleKeepalives(this.world, device, service, options, () => this.ctx.device(device)?.isOnline === true && !s.broken, (bytes) => (s.keepalives++, (s.keepaliveBytes += bytes)));
    }
    return s.clock;
  }

  cut(device: NodeId): boolean {
    const svc = this.serviceOfDevice.get(device);
    return svc !== undefined && this.services.get(svc)?.broken === true;
  }

  sendBlocker(device: NodeId): 'client-api-broken' | undefined {
    return this.config.whileBroken === 'drop' && this.cut(device) ? 'client-api-broken' : undefined;
  }

  hold(device: NodeId, group: GroupName, msg: MessageId, plaintext: Uint8Array, replay: () => Promise<boolean>): boolean {
    if (!this.serviceOfDevice.has(device)) return false;
    if (!this.cut(device)) {
      this.vendor.composing(msg, plaintext);
      return false;
    }
    this.queue.add({ device, group, msg, replay }, this.world.sim.now);
    return true;
  }

  private setBroken(service: NodeId, broken: boolean): void {
    const s = this.service(service);
    s.broken = broken;
    const provider = this.ctx.provider(service);
    for (const d of s.devices) {
      if (this.ctx.device(d)?.isOnline !== true) continue;
      // The server sees the client gone (it holds what arrives) and back (it sends what it held).
      if (broken) provider?.deviceWentOffline(d);
      else sendReliably(this.world, d, service, 'control', { op: 'online', device: d }, new Uint8Array(0), () => {});
    }
    if (broken) return;
    for (const d of s.devices) {
      const waiting = this.queue.take(d);
      if (waiting.length > 0) this.world.sim.schedule(seconds(RESYNC_SECONDS), () => this.replay(d, waiting));
    }
  }

  /** Sends a device's queued messages in order once it is connected; a send that cannot go is lost with the break as reason. */
  private async replay(device: NodeId, waiting: readonly { group: GroupName; msg: MessageId; replay: () => Promise<boolean> }[]): Promise<void> {
    const { sim } = this.world;
    const d = this.ctx.device(device);
    if (d !== undefined && !d.isOnline && sim.now + seconds(RETRY_SECONDS) < this.ctx.total) {
      sim.schedule(seconds(RETRY_SECONDS), () => this.replay(device, waiting));
      return;
    }
    for (const q of waiting) {
      if (this.cut(device)) {
        this.queue.add({ device, ...q }, sim.now);
        continue;
      }
      if (!(await q.replay())) this.lose(q.group, device);
    }
  }

  /** A queued send that never left the client: its one outcome is a skip with the break as reason. */
  private lose(group: GroupName, device: NodeId): void {
    this.world.ledger.skip(conversationOf(group), this.world.sim.now, 'client-api-broken', device);
    this.onLostSend();
  }

  /** At the end of the run: sends still queued never left the client; copies a broken client never fetched are lost. */
  closeOut(): void {
    const { ledger, sim } = this.world;
    for (const q of this.queue.drain()) this.lose(q.group, q.device);
    for (const { msg, to } of ledger.outstanding()) if (this.cut(to)) ledger.drop(msg, to, sim.now, 'client-api-broken');
  }

  /** Wall-clock crypto milliseconds per protocol stack (service), beside the run's total. */
  cryptoMsByService(): Record<string, number> {
    return Object.fromEntries([...this.services].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, s]) => [id, s.clock.totalMs()]));
  }

  report(people: number, runSeconds: number): MultiClientReport {
    const services: ServiceReport[] = [...this.services]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([id, s]) => {
        const mine = this.breaks.filter((b) => b.service === id);
        const broken = brokenSeconds(this.windows.get(id) ?? [], this.ctx.total);
        return {
          service: id,
          stacks: s.devices.length,
          // One upload carries several packages (sim/actors/keyPackageUpload.ts): the directory counts them.
          keyPackages: s.devices.reduce((n, d) => n + (this.ctx.provider(id)?.directory.publishedBy(d) ?? 0), 0),
          keyMaterialBytes: s.keyBytes,
          keepalives: s.keepalives,
          keepaliveBytes: s.keepaliveBytes,
          breaks: { apiChange: mine.filter((b) => b.cause === 'api-change').length, deliberate: mine.filter((b) => b.cause === 'deliberate').length },
          brokenSeconds: broken,
          brokenShare: runSeconds === 0 ? 0 : broken / runSeconds,
        };
      });
    const sum = (f: (s: ServiceReport) => number) => services.reduce((a, s) => a + f(s), 0);
    const perPerson = (n: number) => (people === 0 ? 0 : n / people);
    return {
      whileBroken: this.config.whileBroken,
      people,
      services,
      perUser: {
        stacks: perPerson(sum((s) => s.stacks)),
        keyMaterialBytes: perPerson(sum((s) => s.keyMaterialBytes)),
        keepaliveBytesPerHour: runSeconds === 0 ? 0 : (perPerson(sum((s) => s.keepaliveBytes)) * 3600) / runSeconds,
      },
      breaks: sum((s) => s.breaks.apiChange + s.breaks.deliberate),
      brokenShare: services.length === 0 ? 0 : sum((s) => s.brokenShare) / services.length,
      impact: this.impact.report(),
      vendor: this.vendor.report(),
    };
  }
}
