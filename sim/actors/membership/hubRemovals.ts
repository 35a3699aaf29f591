import { micros, type NodeId } from '../../core/index.ts';
import { toLeafIndex, type ExternalSenderKeys, type MlsEngine, type MlsExtension } from '../../mls/engine.ts';
import type { ProviderActor, ProviderExtension } from '../provider.ts';
import type { GroupName, Header } from '../protocol.ts';
import { homeOfGroup, type World } from '../world.ts';
import { LeafMap } from './leafMap.ts';

interface HubGroup {
  readonly leaves: LeafMap;
  /** The current epoch's GroupInfo, uploaded by its committer (the group's public state). */
  groupInfo: Uint8Array | undefined;
  epoch: number;
  lastCommitter: NodeId;
  /** Devices whose users departed, still in the group: proposed again every epoch until a commit removes them. */
  readonly departing: Set<NodeId>;
}

/** What the hubs did: external Remove proposals sent, and departed devices a member's commit removed. */
export interface HubRemovalStats {
  externalProposals: number;
  removedByProposal: number;
}

/**
 * The MIMI hub acting on membership (RFC 9420 §12.1.8.1): each hub provider is an external sender
 * listed in the external_senders extension of the groups it hosts. When a user departs, the hub signs
 * a Remove proposal for each of the user's leaves from the GroupInfo the last committer uploaded,
 * sends it to every member, and asks one member (the last committer still in the group) to commit it;
 * the commit removes the leaves by reference. While a departed device is still in the group, every
 * new epoch gets the proposal again (a proposal is valid in its epoch only).
 */
export class HubRemovals {
  readonly stats: HubRemovalStats = { externalProposals: 0, removedByProposal: 0 };
  private readonly senders = new Map<string, Promise<ExternalSenderKeys>>();
  private readonly groups = new Map<GroupName, HubGroup>();

  constructor(
    private readonly world: World,
    private readonly engine: MlsEngine,
    private readonly providers: ReadonlyMap<NodeId, ProviderActor>,
  ) {}

  /** Installs the hub's commit hook on every provider (each hosts the rooms its users create). */
  install(): void {
    for (const [id, p] of this.providers) {
      // As its own event, so the kernel awaits the hub's signing like any other crypto.
      const ext: ProviderExtension = { onCommitAccepted: (h, gi) => void this.world.sim.schedule(micros(0), () => this.onCommit(id, h, gi)) };
      p.extensions.push(ext);
    }
  }

  private sender(hub: NodeId, suite: number): Promise<ExternalSenderKeys> {
    const key = `${hub}/${suite}`;
    let s = this.senders.get(key);
    if (s === undefined) {
      const rng = this.world.streams.stream(`membership/hub/${hub}/suite-${suite}`);
      s = this.engine.createExternalSender({ identity: `hub@${hub}`, ciphersuite: suite, randomBytes: (n) => rng.bytes(n) });
      this.senders.set(key, s);
    }
    return s;
  }

  /** The external_senders extension naming the group's hub, for the group's creator. */
  async extensionsFor(group: GroupName, suite: number): Promise<readonly MlsExtension[]> {
    const s = await this.sender(homeOfGroup(group), suite);
    return [this.engine.externalSendersExtension([this.engine.externalSenderInfo(s)])];
  }

  /** `devices` left `group`: the hub proposes their removal (now, if it holds the group's GroupInfo). */
  async depart(group: GroupName, devices: readonly NodeId[]): Promise<void> {
    const g = this.groups.get(group);
    if (g === undefined) return; // never committed: nothing to remove from (a member's own remove handles the rest)
    for (const d of devices) if (g.leaves.leafOf(d) !== undefined) g.departing.add(d);
    await this.propose(group, g);
  }

  private async onCommit(hub: NodeId, h: Extract<Header, { op: 'commit' }>, groupInfo: Uint8Array | undefined): Promise<void> {
    if (homeOfGroup(h.group) !== hub) return;
    let g = this.groups.get(h.group);
    if (g === undefined) this.groups.set(h.group, (g = { leaves: new LeafMap(h.committer), groupInfo: undefined, epoch: h.epoch, lastCommitter: h.committer, departing: new Set() }));
    g.leaves.apply(h.removes, h.adds);
    g.epoch = h.epoch + 1;
    g.groupInfo = groupInfo;
    g.lastCommitter = h.committer;
    for (const d of [...g.departing])
      if (g.leaves.leafOf(d) === undefined) {
        g.departing.delete(d);
        this.stats.removedByProposal++;
      }
    if (g.departing.size > 0) await this.propose(h.group, g);
  }

  private async propose(group: GroupName, g: HubGroup): Promise<void> {
    const gi = g.groupInfo;
    if (gi === undefined || g.departing.size === 0) return;
    const hub = homeOfGroup(group);
    const suite = this.engine.peek(gi).ciphersuite;
    if (suite === undefined) return;
    const sender = await this.sender(hub, suite);
    const epoch = g.epoch;
    const proposals: Uint8Array[] = [];
    for (const d of g.departing) {
      const leaf = g.leaves.leafOf(d);
      if (leaf === undefined) continue;
      const r = await this.engine.proposeExternal(sender, gi, { kind: 'remove', leaf: toLeafIndex(leaf) });
      if (r.kind !== 'ok') {
        this.world.trace.emit({ type: 'mls', t: this.world.sim.now, op: 'external-proposal', by: hub, group, epoch, bytes: 0, outcome: r.reason });
        continue;
      }
      proposals.push(r.proposal);
      this.stats.externalProposals++;
      this.world.trace.emit({ type: 'mls', t: this.world.sim.now, op: 'external-proposal', by: hub, group, epoch, bytes: r.proposal.length });
    }
    if (g.epoch !== epoch || proposals.length === 0) return; // a commit moved the group on meanwhile: proposed again from there
    const members = g.leaves.members().filter((d) => !g.departing.has(d));
    const committer = members.includes(g.lastCommitter) ? g.lastCommitter : members[0];
    const server = this.providers.get(hub)!;
    proposals.forEach((p, i) => {
      for (const to of members) {
        const header: Header = { op: 'proposal', group, epoch, to, commit: to === committer && i === proposals.length - 1 };
        server.sendToDevice(to, 'proposal', header, p);
      }
    });
  }
}
