import { BusyTime, RandomStreams, Simulator, at, seconds, type MessageId, type NodeId, type SimTime } from '../core/index.ts';
import { Network } from '../net/index.ts';
import { JsonlWriter, Ledger, Trace, WireStats } from '../trace/index.ts';
import type { StagedFiles } from '../trace/output/index.ts';
import { CryptoClock } from '../actors/cryptoClock.ts';
import { BridgeDevice } from '../actors/bridgeDevice.ts';
import { newDeviceStats, type DeviceActor, type DeviceServices, type DeviceStats } from '../actors/device.ts';
import { Exposures } from '../actors/exposures.ts';
import { userId, type GroupName, type UserId } from '../actors/protocol.ts';
import { conversationOf } from '../actors/conversation.ts';
import { IdentityService } from '../actors/identityService.ts';
import { KeyTrust } from '../actors/keyTrust.ts';
import type { Attacker } from '../actors/attackers/attacker.ts';
import type { ContentRuntime } from '../actors/content/contentRuntime.ts';
import { GroupStateVerifier } from '../actors/groupStateVerifier.ts';
import { ProviderActor } from '../actors/provider.ts';
import { SentPlaintexts } from '../actors/sentPlaintexts.ts';
import { homeOfGroup, type World } from '../actors/world.ts';
import { Placement } from '../workload/placement.ts';
import type { UserPlan } from '../workload/population.ts';
import { Workload } from '../workload/workload.ts';
import { identityPeople } from './identityPeople.ts';
import { LivePopulation } from './population.ts';
import { buildContentRuntime } from './contentSetup.ts';
import { createNativeSignalEngine } from '../signal/nativeEngine.ts';
import { installAttackers } from './installAttackers.ts';
import { installKeyDefenses } from './installKeyDefenses.ts';
import { applyProviderDefenses } from './providerDefenses.ts';
import { buildClientSide } from './clientSide.ts';
import { installMultiClient } from './installMultiClient.ts';
import type { MultiClient } from '../actors/multiClient/multiClient.ts';
import type { ClientSide } from '../actors/abuse/clientSide.ts';
import { buildNetwork } from './plan/planNetwork.ts';
import { DEFAULT_START_AHEAD } from '../actors/conversation/mls/startAhead.ts';
import { bridgeProtocols, offerGate, protocolsOf, timerlessAcrossOffers } from './worldSetup.ts';
import { discoveryOf, hasReencryptingBridge, routingOf } from '../interop/worldRules.ts';
import { arrangementsInUse } from '../interop/arrangement.ts';
import { serverReach } from './plan/reachability.ts';
import type { WorldPlan } from './plan/worldPlan.ts';
import { installMembership, type MembershipRuntime } from './installDepartures.ts';
import { PairCollector } from '../trace/perPair/index.ts';
import { crossProviderConversations } from './crossProviderConversations.ts';
import { runInfoOf } from './runInfo.ts';

/** The built world, for hooks that act inside a run (tests, future attackers). */
export interface WorldContext {
  readonly world: World;
  /** What the devices count (commits, joins, start-ups made ahead...), as the run goes. */
  readonly stats: DeviceStats;
  readonly providers: ReadonlyMap<NodeId, ProviderActor>;
  readonly devices: ReadonlyMap<string, DeviceActor>;
  readonly exposures: Exposures;
  /** The content layer: client versions, capability discovery, representations, fallbacks. */
  readonly content?: ContentRuntime;
}

/** Everything a built world holds that running it and reporting on it need. */
export interface BuiltWorld extends WorldContext {
  readonly plan: WorldPlan;
  readonly wire: WireStats;
  readonly writer: JsonlWriter | undefined;
  readonly content: ContentRuntime;
  readonly population: LivePopulation;
  readonly workload: Workload;
  readonly keyTrust: KeyTrust;
  readonly stats: DeviceStats;
  readonly verifier: GroupStateVerifier;
  readonly plaintexts: SentPlaintexts;
  readonly clock: CryptoClock;
  readonly clientSide: ClientSide;
  readonly attackers: readonly Attacker[];
  /** Per-provider-pair measures, folded from the trace as the run emits it. */
  readonly pairs: PairCollector;
  /** When the workload stops, and when the run ends (after the drain). */
  readonly end: SimTime;
  readonly total: SimTime;
  /** Users departing and devices losing state (workload.departures, workload.lostState), when the scenario has them. */
  readonly membership?: MembershipRuntime;
  /** The multi-protocol client every user runs under `client-api` (sim/actors/multiClient). */
  readonly multiClient?: MultiClient;
}

/**
 * Builds the live world a plan describes: kernel, network, providers, devices with their MLS
 * identities, the workload's first conversations, defenses and attackers. Nothing runs yet; `staged`
 * opens the trace file the run will write, under its temporary name.
 */
export function buildWorld(plan: WorldPlan, staged?: StagedFiles, options: { readonly startAheadBatch?: number } = {}): BuiltWorld {
  const startAhead = options.startAheadBatch ?? DEFAULT_START_AHEAD;
  if (!Number.isInteger(startAhead) || startAhead < 0) throw new RangeError(`startAheadBatch: expected a non-negative integer, got ${startAhead}`);
  const { scenario: s, architecture: arch, arrangements: table, engine, users, conversations } = plan;
  const sim = new Simulator();
  const streams = new RandomStreams(plan.seed);
  const trace = new Trace();
  const wire = new WireStats();
  trace.subscribe(wire.listener);
  let writer: JsonlWriter | undefined;
  if (staged !== undefined) writer = new JsonlWriter(staged.path('trace.jsonl'), trace);
  const ledger = new Ledger(trace);
  // Per-pair measures (sim/trace/perPair) read who is behind each device from the live population.
  const pairs = new PairCollector({ party: (d) => population.partyOf(d) });
  trace.subscribe(pairs.listener);
  const net = new Network(sim, streams, trace, { framingBytes: s.network.framingBytes, outages: plan.network.outages });
  const world: World = { sim, net, trace, ledger, streams };
  buildNetwork(plan.network, net);
  const infra = plan.network.infra;

  const discovery = discoveryOf(table);
  const lookupStyle = discovery === 'discovery-service' || discovery === 'gateway-lookup' ? discovery : undefined;
  // Numbers and handles need resolving by servers; silo and multi-protocol users know where contacts are.
  const identity = s.identity.namespace !== 'hierarchical' && lookupStyle !== undefined ? new IdentityService(s.identity, lookupStyle, identityPeople(s, users, streams)) : undefined;
  const naming = identity && { identity, lookupNode: lookupStyle === 'discovery-service' ? infra.discovery : infra.bridge };
  const routing = routingOf(table, s.interop.bridgeNode as NodeId);
  const providers = new Map<NodeId, ProviderActor>();
  const servers = [...s.providers.map((p) => p.id as NodeId), ...(infra.bridge !== undefined ? [infra.bridge] : [])];
  const keyTrust = new KeyTrust(s.identity.verification, servers, (p) => (n) => streams.stream(`identity/provider-key/${p}`).bytes(n));
  for (const p of s.providers) providers.set(p.id as NodeId, new ProviderActor(world, p.id as NodeId, routing, naming, keyTrust));
  if (infra.bridge !== undefined) providers.set(infra.bridge, new ProviderActor(world, infra.bridge, routing, naming, keyTrust));
  // The discovery service answers lookups; it holds no users and relays nothing.
  if (infra.discovery !== undefined) new ProviderActor(world, infra.discovery, routing);
  const stats: DeviceStats = newDeviceStats();
  const verifier = new GroupStateVerifier(trace);
  const plaintexts = new SentPlaintexts();
  const clock = new CryptoClock();
  const exposures = new Exposures({ emit: (r) => trace.emit(r), now: () => sim.now });
  const end = at(seconds(s.durationSeconds));
  // A client version without timers keeps disappearing messages like a modified one (read when copies arrive).
  const clientSide = buildClientSide(s, world, (d) => population.devices.get(d)?.user, (d) => content.client(d).content.honorsExpiry);
  let bridgeDevice: BridgeDevice | undefined;
  const content = buildContentRuntime(s, world, engine, plaintexts, exposures, end, infra.bridge);
  content.observer = pairs;
  content.timerless = timerlessAcrossOffers(table);
  // Devices of a provider on Signal speak Signal (sim/actors/conversation/signal). The content layer reads
  // MLS members' capabilities from their leaves, and Signal peers' from their clients' profiles.
  const protocolAt = new Map(table.protocols.map((p) => [p.provider as string, p.protocol]));
  const speaks = new Set(protocolAt.values());
  const services: DeviceServices = {
    ...(speaks.has('signal') && { signal: createNativeSignalEngine() }),
    content,
    protocolOf: (group) => protocolAt.get(homeOfGroup(group)) ?? 'mls',
    protocolsAt: (provider) => protocolsOf(table, provider),
    engine,
    verifier,
    plaintexts,
    clock,
    stats,
    startAhead,
    exposures,
    keyTrust,
    inbox: clientSide.inbox,
    busy: new BusyTime(),
    cpuModel: s.mls.cpuModel,
    expandRecipients: (group, recipients) => {
      if (bridgeDevice === undefined || !recipients.includes(bridgeDevice.id)) return { recipients: [...recipients], relays: 0 };
      const behind = bridgeDevice.relayTargets(group);
      // A device can sit behind the bridge in several of a conversation's groups (colliding handles): one copy each.
      return { recipients: [...recipients.filter((r) => r !== bridgeDevice!.id), ...new Set(behind.filter((d) => !recipients.includes(d)))], relays: 1 };
    },
  };
  let workload: Workload | undefined;
  const usersById = new Map(users.map((u) => [u.id as string, u]));
  const intendedIn = (group: GroupName, user: string) => [...(workload?.intended(conversationOf(group)) ?? [])].some((u) => u.id === user);
  // Intended members the topology keeps apart from the group's servers: each send drops their copies
  // as `no-route`, so a partitioned topology shows up as undelivered, not as a smaller group.
  const reach = serverReach(plan.network, table, s.interop.bridgeNode as NodeId);
  const providerIds = s.providers.map((p) => p.id as NodeId);
  const partitioned = providerIds.some((a) => providerIds.some((b) => !reach(a, b)));
  const unreachable = (group: GroupName, present: readonly NodeId[]) =>
    [...(workload?.intended(conversationOf(group)) ?? [])]
      .filter((u) => !reach(homeOfGroup(group), u.provider))
      .flatMap((u) => u.devices.filter((d) => !present.includes(d)).map((device) => ({ device, reason: 'no-route' })));
  if (partitioned && identity === undefined) Object.assign(services, { missingIntended: unreachable });
  if (identity !== undefined) {
    Object.assign(services, {
      missingIntended: (group: GroupName, present: readonly NodeId[]) => {
        const failed = identity
          .failedFor(group)
          .filter((f) => intendedIn(group, f.user))
          .flatMap((f) => (usersById.get(f.user)?.devices ?? []).filter((d) => !present.includes(d)).map((device) => ({ device, reason: f.outcome })));
        if (!partitioned) return failed;
        const named = new Set(failed.map((f) => f.device));
        return [...failed, ...unreachable(group, present).filter((m) => !named.has(m.device))];
      },
      onDelivered: (group: GroupName, user: UserId, msg: MessageId, device: NodeId) => {
        // Conversations the workload never opened (an attacker's) have no intent to judge against.
        if ((workload?.intended(conversationOf(group)).size ?? 0) > 0 && !intendedIn(group, user)) exposures.misdeliver(device, msg);
      },
    });
  }
  // A provider on another MLS engine: its devices see the shared services through a prototype (later
  // additions such as defenses stay visible) with their own engine.
  const ownEngine = new Map([...plan.enginesAt].map(([p, e]) => [p as string, Object.create(services, { engine: { value: e } }) as DeviceServices]));
  const startMembership = installMembership(s, world, services, engine, providers, arch.name);
  const population = new LivePopulation(world, s, providers, services, end, (p) => ownEngine.get(p));
  // Users run the multi-protocol client wherever a pair of providers is connected by one (sim/actors/multiClient).
  const multiClient = arrangementsInUse(table).has('client-api') ? installMultiClient(s, world, services, population, providers, end, (end + seconds(s.drainSeconds)) as SimTime) : undefined;
  for (const u of users) population.spawn(u);
  let bridgeUser: UserPlan | undefined;
  if (hasReencryptingBridge(table)) {
    const suites = [...new Set(users.flatMap((u) => u.ciphersuites))];
    bridgeUser = { id: userId(`gw@${infra.bridge}`), provider: infra.bridge!, devices: [`${infra.bridge}/gw/d0` as NodeId], ciphersuites: suites, intermittent: [false] };
    // The bridge member speaks every protocol of the providers behind it.
    population.spawn(bridgeUser, { bridge: true, access: { latency: { kind: 'constant', ms: 0.1 } }, protocols: bridgeProtocols(table) });
    bridgeDevice = population.devices.get(bridgeUser.devices[0]!) as BridgeDevice;
    content.relays.add(bridgeDevice.id);
  }
  const placement = new Placement(table, (u, p) => population.account(u, p), bridgeUser, offerGate(world));
  // Accounts the initial conversations need are opened before anything runs, as a user would.
  for (const c of conversations) for (const m of c.members) placement.participant(c, m);
  const devices = population.devices;
  workload = new Workload(world, s, users, (d) => devices.get(d), placement, end, identity, content, clientSide.contacts);
  workload.start(conversations);
  const membership = startMembership?.(workload, devices, conversations, end);
  if (multiClient !== undefined) multiClient.onLostSend = () => workload!.stats.sendsSkipped++;

  // Attackers open accounts of their own (spammers, impersonators): real users with real devices.
  const people = {
    users,
    spawn: (u: UserPlan) => {
      population.spawn(u);
      return u.devices.map((d) => devices.get(d)!);
    },
  };
  applyProviderDefenses(s, world, services, devices);
  installKeyDefenses(s, { world, keyTrust, providers, devices, until: (end + seconds(s.drainSeconds)) as SimTime, attacked: s.attackers.length > 0 });
  const attackers = installAttackers(s, { world, providers, devices, exposures, services, architecture: table.uniform ?? 'world', end, population: people, clients: clientSide, across: crossProviderConversations(runInfoOf(plan), placement, population, devices) });
  const total = (end + seconds(s.drainSeconds)) as SimTime;
  return { plan, world, wire, writer, providers, devices, exposures, content, population, workload, keyTrust, stats, verifier, plaintexts, clock, clientSide, attackers, pairs, end, total, ...(multiClient !== undefined && { multiClient }), ...(membership !== undefined && { membership }) };
}
