import { performance } from 'node:perf_hooks';
import { BusyTime, RandomStreams, Simulator, at, seconds, type MessageId, type NodeId, type SimTime } from '../core/index.ts';
import { Network } from '../net/index.ts';
import { JsonlWriter, Ledger, Trace, WireStats, summarize } from '../trace/index.ts';
import { StagedFiles } from '../trace/output/index.ts';
import { CryptoClock } from '../actors/cryptoClock.ts';
import { BridgeDevice } from '../actors/bridgeDevice.ts';
import { newDeviceStats, type DeviceActor, type DeviceServices, type DeviceStats } from '../actors/device.ts';
import { Exposures } from '../actors/exposures.ts';
import { userId, type GroupName, type UserId } from '../actors/protocol.ts';
import { conversationOf } from '../actors/conversation.ts';
import { IdentityService } from '../actors/identityService.ts';
import { KeyTrust } from '../actors/keyTrust.ts';
import { identityPeople } from './identityPeople.ts';
import { ARCHITECTURES, type ArchitectureName } from '../interop/index.ts';
import { Placement } from '../workload/placement.ts';
import type { UserPlan } from '../workload/population.ts';
import { LivePopulation } from './population.ts';
import { GroupStateVerifier } from '../actors/groupStateVerifier.ts';
import { ProviderActor } from '../actors/provider.ts';
import { SentPlaintexts } from '../actors/sentPlaintexts.ts';
import type { World } from '../actors/world.ts';
import { loadEngine } from '../mls/loadEngine.ts';
import type { MlsEngine } from '../mls/engine.ts';
import { ScenarioError } from '../../scenarios/scenarioError.ts';
import { planConversations } from '../workload/conversations.ts';
import { planPopulation } from '../workload/population.ts';
import { Workload } from '../workload/workload.ts';
import type { Scenario } from '../../scenarios/schema.ts';
import { addInfrastructure, buildNetwork, outagesOf } from './buildNetwork.ts';
import { closeOutstanding } from './closeOutstanding.ts';
import { buildContentRuntime } from './contentSetup.ts';
import type { ContentRuntime } from '../actors/content/contentRuntime.ts';
import { summarizeContent } from './contentSummary.ts';
import type { RunResult } from './runResult.ts';
import { installAttackers } from './installAttackers.ts';
import { installKeyDefenses } from './installKeyDefenses.ts';
import { applyProviderDefenses } from './providerDefenses.ts';
import { buildClientSide } from './clientSide.ts';

export type { AttackResult, MlsSummary, RunResult, SecuritySummary } from './runResult.ts';

export interface RunOptions {
  /** Overrides the scenario's seed. */
  readonly seed?: string;
  /** Directory for trace.jsonl and summary.json; nothing is written without it. */
  readonly outDir?: string;
  /** Called now and then with the fraction of virtual time done (progress bars only). */
  readonly onProgress?: (fraction: number) => void;
  /** Overrides the scenario's architecture (what `compare` does for each row). */
  readonly architecture?: ArchitectureName;
  /** Called once the world is built, before it runs: tests and experiments schedule their own events. */
  readonly onWorldReady?: (ctx: WorldContext) => void;
}

/** The built world, for hooks that act inside a run (tests, future attackers). */
export interface WorldContext {
  readonly world: World;
  readonly providers: ReadonlyMap<NodeId, ProviderActor>;
  readonly devices: ReadonlyMap<string, DeviceActor>;
  readonly exposures: Exposures;
  /** The content layer: client versions, capability discovery, representations, fallbacks. */
  readonly content?: ContentRuntime;
}

/**
 * Builds the world a scenario describes, runs it to the end and closes every message's outcome.
 * With `outDir`, the trace, summary and topology appear under their names only once all are written.
 */
export async function runScenario(s: Scenario, options: RunOptions = {}): Promise<RunResult> {
  const staged = options.outDir !== undefined ? new StagedFiles(options.outDir) : undefined;
  try {
    return await runStaged(s, options, staged);
  } catch (e) {
    staged?.abort();
    throw e;
  }
}

async function runStaged(s: Scenario, options: RunOptions, staged: StagedFiles | undefined): Promise<RunResult> {
  const wallStart = performance.now(); // wall-clock ok: reported separately, never simulated
  const seed = options.seed ?? String(s.seed);
  const sim = new Simulator();
  const streams = new RandomStreams(seed);
  const trace = new Trace();
  const wire = new WireStats();
  trace.subscribe(wire.listener);
  let writer: JsonlWriter | undefined;
  if (staged !== undefined) {
    writer = new JsonlWriter(staged.path('trace.jsonl'));
    trace.subscribe(writer.listener);
  }
  const ledger = new Ledger(trace);
  const net = new Network(sim, streams, trace, { framingBytes: s.network.framingBytes, outages: outagesOf(s) });
  const world: World = { sim, net, trace, ledger, streams };

  let engine: MlsEngine;
  try {
    // MLS_CRYPTO=stock runs a whole test suite on ts-mls's own provider (`npm run test:stock`).
    engine = await loadEngine(s.mls.engine, { crypto: process.env.MLS_CRYPTO === 'stock' ? 'stock' : s.mls.crypto });
  } catch (e) {
    // A plug-in engine that does not load is a scenario problem, reported like any other field.
    throw new ScenarioError(s.name, [(e as Error).message.split('\n')[0]!]);
  }
  const arch = ARCHITECTURES[options.architecture ?? s.architecture];
  const users = planPopulation(s, streams);
  buildNetwork(s, net);
  const infra = addInfrastructure(s, arch, net);

  const lookupStyle = arch.discovery === 'discovery-service' || arch.discovery === 'gateway-lookup' ? arch.discovery : undefined;
  // Numbers and handles need resolving by servers; silo and multi-protocol users know where contacts are.
  const identity = s.identity.namespace !== 'hierarchical' && lookupStyle !== undefined ? new IdentityService(s.identity, lookupStyle, identityPeople(s, users, streams)) : undefined;
  const naming = identity && { identity, lookupNode: lookupStyle === 'discovery-service' ? infra.discovery : infra.bridge };
  const routing = arch.routing({ bridgeNode: s.interop.bridgeNode });
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
  const services: DeviceServices = {
    content,
    engine,
    verifier,
    plaintexts,
    clock,
    stats,
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
  if (identity !== undefined) {
    Object.assign(services, {
      missingIntended: (group: GroupName, present: readonly NodeId[]) =>
        identity
          .failedFor(group)
          .filter((f) => intendedIn(group, f.user))
          .flatMap((f) => (usersById.get(f.user)?.devices ?? []).filter((d) => !present.includes(d)).map((device) => ({ device, reason: f.outcome }))),
      onDelivered: (group: GroupName, user: UserId, msg: MessageId, device: NodeId) => {
        // Conversations the workload never opened (an attacker's) have no intent to judge against.
        if ((workload?.intended(conversationOf(group)).size ?? 0) > 0 && !intendedIn(group, user)) exposures.misdeliver(device, msg);
      },
    });
  }
  const population = new LivePopulation(world, s, providers, services, end);
  for (const u of users) population.spawn(u);
  let bridgeUser: UserPlan | undefined;
  if (arch.placement === 'per-provider-bridged') {
    const suites = [...new Set(users.flatMap((u) => u.ciphersuites))];
    bridgeUser = { id: userId(`gw@${infra.bridge}`), provider: infra.bridge!, devices: [`${infra.bridge}/gw/d0` as NodeId], ciphersuites: suites, intermittent: [false] };
    population.spawn(bridgeUser, { bridge: true, access: { latency: { kind: 'constant', ms: 0.1 } } });
    bridgeDevice = population.devices.get(bridgeUser.devices[0]!) as BridgeDevice;
    content.relays.add(bridgeDevice.id);
  }
  const gatekeeper = (s.interop.gatekeeper ?? [...s.providers].sort((a, b) => b.users - a.users)[0]!.id) as NodeId;
  const placement = new Placement(arch, (u, p) => population.account(u, p), bridgeUser, gatekeeper);
  const conversations = planConversations(s, users, streams.stream('workload/conversations'));
  // Accounts the initial conversations need are opened before anything runs, as a user would.
  for (const c of conversations) for (const m of c.members) placement.participant(c, m);
  const devices = population.devices;
  workload = new Workload(world, s, users, (d) => devices.get(d), placement, end, identity, content, clientSide.contacts);
  workload.start(conversations);

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
  const attackers = installAttackers(s, { world, providers, devices, exposures, services, architecture: arch.name, end, population: people, clients: clientSide });
  options.onWorldReady?.({ world, providers, devices, exposures, content });
  const total = end + seconds(s.drainSeconds);
  const runStart = performance.now(); // wall-clock ok: measurement only
  await sim.run({ until: total as SimTime, onProgress: options.onProgress && ((now) => options.onProgress!(Math.min(1, now / total))), progressEvery: 2000 });
  const runMs = performance.now() - runStart; // wall-clock ok
  closeOutstanding(world, providers, devices);
  ledger.assertConserved();

  const digest = trace.digest();
  writer?.close();
  const summary = summarize(ledger, wire);
  let claims = 0, lastResort = 0, exhausted = 0;
  for (const p of providers.values()) {
    claims += p.directory.claimsFresh;
    lastResort += p.directory.claimsLastResort;
    exhausted += p.directory.exhaustions;
  }
  const meanBytes: Record<string, number> = {};
  for (const [k, b] of [...wire.bytesByKind].sort()) meanBytes[k] = Math.round(b / wire.hopsByKind.get(k)!);
  const exp = exposures.totals();
  const perMsg = (n: number) => (exp.messages === 0 ? 0 : n / exp.messages);
  const accountsPerUser = population.accountsPerUser();
  const result: RunResult = {
    scenario: s.name,
    architecture: arch.name,
    seed,
    digest,
    traceRecords: trace.records,
    virtualSeconds: sim.now / 1_000_000,
    summary,
    mls: {
      engine: engine.name,
      commitsAccepted: stats.commitsAccepted,
      commitsRejected: stats.commitsRejected,
      commitRetries: stats.commitRetries,
      opsAbandoned: stats.opsAbandoned,
      welcomesJoined: stats.welcomesJoined,
      welcomeFailures: stats.welcomeFailures,
      handshakesRejected: stats.handshakeRejected,
      groupStateChecks: verifier.checks,
      groupStateMismatches: verifier.mismatches,
      decryptMismatches: plaintexts.mismatches,
      keyPackagesClaimed: claims,
      lastResortClaims: lastResort,
      keyPackageExhaustions: exhausted,
      meanBytes,
    },
    workload: workload.stats,
    security: {
      messages: exp.messages,
      e2eePreservedPct: exp.messages === 0 ? 100 : (100 * (exp.messages - exp.exposedMessages)) / exp.messages,
      plaintextExposurePerMessage: perMsg(exp.exposurePoints),
      forgeryCapablePerMessage: perMsg(exp.forgeryCapable),
      exposedParties: exposures.parties(),
      misdeliveredCopies: exposures.misdelivered,
      decryptionsByRole: exposures.byRole(),
    },
    keys: { verification: keyTrust.mode, accepted: keyTrust.accepted, keyChangeWarnings: keyTrust.keyChangeWarnings, rejected: keyTrust.rejected, rejectReasons: keyTrust.rejectReasons, ...keyTrust.summary() },
    accountsPerUser,
    appsPerUser: arch.appsPerAccount ? accountsPerUser : 1,
    content: summarizeContent(content, s.content.bucketSeconds, end),
    ...(clientSide.disappearing !== undefined && { disappearing: clientSide.disappearing.summary() }),
    attacks: attackers.map((a) => ({ kind: a.kind, id: a.id, ...a.report() })),
    wall: { totalMs: performance.now() - wallStart, runMs, cryptoMs: clock.totalMs(), cryptoByOp: clock.report() }, // wall-clock ok
  };
  if (staged !== undefined) {
    staged.write('summary.json', JSON.stringify(result, null, 2) + '\n');
    // The graph the run used, for viewers: nodes with their kind, links with their parameters.
    const topology = { nodes: net.nodeSpecs().map((n) => ({ id: n.id, kind: n.kind })), links: net.linkSpecs() };
    staged.write('topology.json', JSON.stringify(topology) + '\n');
    staged.commit('summary.json');
  }
  return result;
}
