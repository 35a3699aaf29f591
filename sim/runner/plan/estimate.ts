import type { ConversationPlan } from '../../workload/conversations.ts';
import type { UserPlan } from '../../workload/population.ts';
import type { Scenario } from '../../../scenarios/schema.ts';

/** What a run will cost, estimated before it starts from its population, conversations and rates. */
export interface RunEstimate {
  /** Simulator events (each hop of each envelope is about two). */
  readonly events: number;
  readonly devices: number;
  /** Application messages the workload will try to send. */
  readonly messages: number;
  /** Their plaintext bytes in total (each is generated, encrypted and held until it settles). */
  readonly messageBytes: number;
}

/**
 * Runs beyond these cannot finish in reasonable time or memory on a workstation. Measured on the
 * 2-core machine: 1,400 to 5,000 simulator events per second with real MLS (the presets), so 1e8
 * events is 6 to 20 hours; each device holds about 30 KB of MLS state and keys and takes about 4 ms
 * to start, so 100,000 devices is about 3 GB of heap (node's default limit is near 4 GB) and 7 minutes.
 * `run --max-events` raises the events limit for a researcher who means it.
 */
export const DEFAULT_MAX_EVENTS = 100_000_000;
export const MAX_DEVICES = 100_000;
export const MAX_MESSAGE_BYTES = 2_000_000_000;

// Events per action, calibrated against real runs of the presets (test/runner/plan/estimate.test.ts
// checks the estimate stays within a factor of three of the events processed).
const PER_DEVICE = 12; // start-up: KeyPackages generated, published, acknowledged
const PER_SEND = 6; // the sender's side: workload tick, encrypt, first hop
const PER_COPY = 5; // each recipient device's copy: server hop, access link, delivery, decryption
const PER_COMMIT = 10; // a commit's own round trip through the delivery service
const PER_PRESENCE = 6; // going offline and back, fetching what was held
const PER_KEEPALIVE = 3; // a keepalive envelope: the tick and its one hop

/** The estimate for a planned population and its initial conversations. */
export function estimateRun(s: Scenario, users: readonly UserPlan[], conversations: readonly ConversationPlan[], architecture: string = s.architecture): RunEstimate {
  const w = s.workload;
  const D = s.durationSeconds;
  const devices = users.reduce((n, u) => n + u.devices.length, 0);
  let events = devices * PER_DEVICE;
  let messages = 0;
  const meanBytes = (w.messageBytes.min + w.messageBytes.max) / 2;
  for (const c of conversations) {
    const copies = c.members.reduce((n, u) => n + u.devices.length, 0);
    const sends = ((c.members.length * w.messagesPerMemberPerMinute) / 60) * D;
    messages += sends;
    events += sends * (PER_SEND + PER_COPY * Math.max(0, copies - 1));
    const commits = (w.updatePeriodSeconds > 0 ? D / w.updatePeriodSeconds : 0) + (c.kind === 'group' ? ((w.churn.addsPerGroupPerHour + w.churn.removesPerGroupPerHour) / 3600) * D : 0);
    events += commits * (PER_COMMIT + PER_COPY * copies);
  }
  const intermittent = users.reduce((n, u) => n + u.intermittent.filter(Boolean).length, 0);
  events += ((intermittent * D) / (s.presence.meanOnlineSeconds + s.presence.meanOfflineSeconds)) * PER_PRESENCE;
  const kt = s.defenses.keyTransparency;
  if (kt !== undefined) events += (s.providers.length * D) / kt.epochSeconds + (devices * D * 2) / kt.monitorIntervalSeconds;
  for (const a of s.attackers)
    if (a.kind === 'spammer') {
      const contacts = (a.contactsPerMinute / 60) * D;
      messages += contacts * a.messagesPerContact;
      events += contacts * (PER_DEVICE + a.messagesPerContact * (PER_SEND + PER_COPY * 2));
    }
  // The multi-protocol client keeps a connection per service: a keepalive per device and period (home accounts; other accounts add more).
  if (architecture === 'client-api' && s.clientApi.keepaliveSeconds > 0) events += ((devices * (D + s.drainSeconds)) / s.clientApi.keepaliveSeconds) * PER_KEEPALIVE;
  return { events: Math.round(events), devices, messages: Math.round(messages), messageBytes: Math.round(messages * meanBytes) };
}

/** One line per limit the estimate exceeds. */
export function estimateProblems(e: RunEstimate, maxEvents: number): { path: string; message: string }[] {
  const n = (x: number) => (x >= 1e6 ? x.toExponential(2).replace('e+', 'e') : x.toLocaleString('en-US'));
  const out: { path: string; message: string }[] = [];
  if (e.events > maxEvents)
    out.push({ path: '(run)', message: `about ${n(e.events)} events (${n(e.devices)} devices, ${n(e.messages)} messages) exceed the limit of ${n(maxEvents)}: shorten durationSeconds, lower rates or sizes, or raise the limit with --max-events` });
  if (e.devices > MAX_DEVICES)
    out.push({ path: 'providers', message: `${n(e.devices)} devices exceed the limit of ${n(MAX_DEVICES)} (about 30 KB of MLS state each): fewer users or devices per user` });
  if (e.messageBytes > MAX_MESSAGE_BYTES)
    out.push({ path: 'workload.messageBytes', message: `about ${n(e.messageBytes)} bytes of messages over the run exceed the limit of ${n(MAX_MESSAGE_BYTES)}: smaller messages, fewer or a shorter run` });
  return out;
}

/** Pairs (conversation, candidate user) drawing the initial conversations looks at: beyond this, planning alone takes minutes. */
export const MAX_PLANNING_PAIRS = 5_000_000_000;

/**
 * Checks that need only the scenario's numbers, before a population is drawn: a population whose
 * start-up alone exceeds the limit, or conversations too many to draw, is refused at once.
 */
export function preflightProblems(s: Scenario, maxEvents: number): { path: string; message: string }[] {
  const users = s.providers.reduce((n, p) => n + p.users, 0);
  const minDevices = s.providers.reduce((n, p) => n + p.users * (typeof p.devicesPerUser === 'number' ? p.devicesPerUser : p.devicesPerUser.min), 0);
  const conversations = s.workload.oneToOne + s.workload.groups.count;
  const out: { path: string; message: string }[] = [];
  if (minDevices > MAX_DEVICES)
    out.push({ path: 'providers', message: `at least ${minDevices.toLocaleString('en-US')} devices exceed the limit of ${MAX_DEVICES.toLocaleString('en-US')} (about 30 KB of MLS state each): fewer users or devices per user` });
  else if (minDevices * PER_DEVICE > maxEvents)
    out.push({ path: 'providers', message: `${minDevices.toLocaleString('en-US')} devices need about ${(minDevices * PER_DEVICE).toExponential(2).replace('e+', 'e')} events to start, beyond the limit of ${maxEvents.toExponential(2).replace('e+', 'e')}: fewer users or devices, or raise the limit with --max-events` });
  else if (conversations * users > MAX_PLANNING_PAIRS)
    out.push({ path: 'workload', message: `${conversations.toLocaleString('en-US')} conversations among ${users.toLocaleString('en-US')} users are too many to draw (limit: conversations x users <= ${MAX_PLANNING_PAIRS.toExponential(0).replace('e+', 'e')})` });
  return out;
}
