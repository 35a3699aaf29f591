import { seconds, ZERO, type NodeId, type SimTime } from '../core/index.ts';
import {
  classifyAt,
  createDiscovery,
  formatIdentifier,
  handle,
  identityWorld,
  numberAtProvider,
  parseIdentifier,
  phone,
  portNumber,
  providerId,
  registerHandle,
  registerNumber,
  withHandles,
  withNumbers,
  type Discovery,
  type IdentityWorld,
  type RouteClass,
} from '../identity/index.ts';
import { conversationOf } from './conversation.ts';
import type { GroupName, UserId } from './protocol.ts';

/** What the identity layer needs to know of one person. */
export interface IdentityPerson {
  readonly user: UserId;
  readonly provider: NodeId;
  /** E.164 number, under the phone namespace. */
  readonly number?: string;
  /** Where the number was registered before it was ported to `provider` (at the start of the run). */
  readonly portedFrom?: NodeId;
}

export type NamespaceKind = 'hierarchical' | 'phone' | 'handle';

export interface IdentityConfig {
  readonly namespace: NamespaceKind;
  readonly staleSeconds: number;
  readonly numberPolicy: 'first-registered' | 'last-registered';
  readonly onNetFirst: boolean;
  readonly handlePolicy: 'reject' | 'first-registered' | 'same-provider-as-sender';
  readonly discoveryCacheSeconds: number;
}

export type LookupStyle = 'discovery-service' | 'gateway-lookup';

/** The outcome of routing one identifier for one group, judged against ground truth. */
export type RouteOutcome = 'correct' | 'misrouted' | 'unresolvable';

/**
 * The run's naming world: who holds which number or handle where (ground truth, including stale
 * entries a ported number leaves behind), how a provider resolves an identifier under the
 * architecture's discovery, and a log of how each resolution turned out for each group.
 */
export class IdentityService {
  private world: IdentityWorld;
  private discovery: Discovery;
  private readonly people = new Map<UserId, IdentityPerson>();
  private readonly byNumber = new Map<string, IdentityPerson>();
  private readonly outcomes = new Map<string, RouteOutcome>();
  readonly counts: Record<RouteOutcome, number> = { correct: 0, misrouted: 0, unresolvable: 0 };

  constructor(
    readonly config: IdentityConfig,
    readonly style: LookupStyle,
    people: readonly IdentityPerson[],
  ) {
    let world = identityWorld({
      staleFor: seconds(config.staleSeconds),
      numberChoice: { kind: config.numberPolicy },
      handleAmbiguity: { kind: config.handlePolicy },
    });
    let numbers = world.phone.numbers;
    let handles = world.handle.handles;
    for (const p of people) {
      this.people.set(p.user, p);
      const home = providerId(p.provider);
      if (p.number !== undefined) {
        const n = phone(p.number);
        if (n.kind !== 'phone') throw new Error('unreachable');
        this.byNumber.set(p.number, p);
        if (p.portedFrom !== undefined) {
          numbers = registerNumber(numbers, n.number, providerId(p.portedFrom), ZERO);
          numbers = portNumber(numbers, n.number, providerId(p.portedFrom), home, ZERO);
        } else numbers = registerNumber(numbers, n.number, home, ZERO);
      }
      const h = handle(localPart(p.user));
      if (h.kind === 'handle') handles = registerHandle(handles, h.handle, home, ZERO);
    }
    world = withHandles(withNumbers(world, numbers), handles);
    this.world = world;
    this.discovery =
      style === 'discovery-service'
        ? createDiscovery({ kind: 'discovery-service', cacheTtl: seconds(config.discoveryCacheSeconds), onNetFirst: config.onNetFirst })
        : createDiscovery({ kind: 'gateway-lookup', onNetFirst: config.onNetFirst });
  }

  /** True when contacts are named by number or handle, so servers must look them up. */
  get needsLookups(): boolean {
    return this.config.namespace !== 'hierarchical';
  }

  /** How `user` is known to others under the namespace. */
  identifierOf(user: UserId): string {
    const p = this.people.get(user);
    if (p === undefined) throw new Error(`identity: unknown user ${user}`);
    switch (this.config.namespace) {
      case 'hierarchical':
        return user;
      case 'phone':
        return p.number!;
      case 'handle':
        return localPart(user);
    }
  }

  /**
   * Resolves `identifier` for a requester at `home`, as the architecture's discovery does. Returns
   * the provider (or undefined) and the sequential round trips the lookup costs beyond the request
   * that carried it.
   */
  resolve(home: NodeId, requester: string, identifier: string, at: SimTime, group: GroupName): { provider: NodeId | undefined; extraRoundTrips: number; route: RouteClass } {
    const target = parseIdentifier(identifier);
    const look = this.discovery.lookup(this.world, { sender: { user: requester, home: providerId(home) }, target, at });
    this.discovery = look.discovery;
    const r = look.resolution;
    const provider = r.kind === 'resolved' ? (r.provider as string as NodeId) : undefined;
    const route = classifyAt(this.world, target, at, r);
    this.routes.set(`${conversationOf(group)}\0${identifier}`, route);
    return { provider, extraRoundTrips: Math.max(0, look.cost.roundTrips - 1), route };
  }

  /** The account `provider` itself files under `identifier` now (a stale entry names nobody reachable). */
  accountAt(provider: NodeId, identifier: string, at: SimTime): UserId | undefined {
    const id = parseIdentifier(identifier);
    switch (id.kind) {
      case 'hierarchical':
        return (id.provider as string) === provider ? (`${id.user}@${id.provider}` as UserId) : undefined;
      case 'phone': {
        const entry = numberAtProvider(this.world.phone.numbers, id.number, providerId(provider), at);
        const person = this.byNumber.get(identifier);
        return entry !== undefined && !entry.stale && person?.provider === provider ? person.user : undefined;
      }
      case 'handle': {
        const user = `${id.handle}@${provider}` as UserId;
        return this.people.has(user) ? user : undefined;
      }
    }
  }

  private readonly intended = new Map<string, UserId>();
  private readonly routes = new Map<string, RouteClass>();
  private readonly failures = new Map<string, { user: UserId; outcome: RouteOutcome }[]>();

  /** Ground truth from the workload: by `identifier` in `group` it means `user`. */
  expect(group: GroupName, identifier: string, user: UserId): void {
    this.intended.set(`${conversationOf(group)}\0${identifier}`, user);
  }

  /** The users whose identifier routing failed for `group`'s conversation (all its groups), with the outcome. */
  failedFor(group: GroupName): readonly { user: UserId; outcome: RouteOutcome }[] {
    return this.failures.get(conversationOf(group)) ?? [];
  }

  /** Records how routing `identifier` for `group` turned out (the first outcome per group stands). */
  record(group: GroupName, identifier: string, reached: UserId | undefined): void {
    const key = `${conversationOf(group)}\0${identifier}`;
    if (this.outcomes.has(key)) return;
    const route = this.routes.get(key);
    const intended = this.intended.get(key);
    // Judged on people, not providers: a handle resolved to the right provider name but another
    // person there is still a misroute.
    const wrongProvider = route?.kind === 'misrouted';
    const outcome: RouteOutcome =
      reached === undefined ? (wrongProvider ? 'misrouted' : 'unresolvable') : (intended !== undefined && reached !== intended) || wrongProvider ? 'misrouted' : 'correct';
    this.outcomes.set(key, outcome);
    this.counts[outcome]++;
    if (outcome !== 'correct' && intended !== undefined) {
      const conversation = conversationOf(group);
      this.failures.set(conversation, [...(this.failures.get(conversation) ?? []), { user: intended, outcome }]);
    }
  }

  outcome(group: GroupName, identifier: string): RouteOutcome | undefined {
    return this.outcomes.get(`${conversationOf(group)}\0${identifier}`);
  }

  personOf(identifier: string, intendedProvider?: NodeId): IdentityPerson | undefined {
    if (this.config.namespace === 'phone') return this.byNumber.get(identifier);
    if (this.config.namespace === 'handle' && intendedProvider !== undefined) return this.people.get(`${identifier}@${intendedProvider}` as UserId);
    return this.people.get(identifier as UserId);
  }
}

const localPart = (user: string): string => user.slice(0, user.lastIndexOf('@'));
