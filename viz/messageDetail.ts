import { rowOf } from './columns.ts';
import { arrowJson, type FlowArrow } from './flowWindow.ts';
import type { Lanes } from './lanes.ts';
import { DEPARTURES, EVENT_TYPES, HANDSHAKE_KINDS, type Departure, type TraceIndex } from './traceIndex.ts';

export interface HopDetail extends FlowArrow {
  readonly from: string;
  readonly to: string;
  readonly departure: Departure;
}

export interface Reader {
  readonly node: string;
  /** `exposed`: a party that is not an intended endpoint decrypted it (`as` says what it is). */
  readonly how: 'sender' | 'decrypted' | 'exposed';
  readonly as?: string;
  readonly t?: number;
}

export interface OutcomeDetail {
  readonly to: string;
  readonly outcome: 'delivered' | 'dropped' | 'rejected';
  readonly t: number;
  readonly reason?: string;
  readonly by?: string;
}

/** Everything the trace says about the message (or handshake envelope) an arrow belongs to. */
export interface MessageDetail {
  readonly arrow: number;
  readonly msg: string | null;
  readonly env: string;
  readonly kind: string;
  readonly role: 'application' | 'handshake' | 'control';
  readonly sender?: string;
  readonly sentAt?: number;
  readonly bytes?: number;
  readonly recipients?: number;
  /** One line: end-to-end encrypted, or which parties saw the plaintext. */
  readonly protection: string;
  readonly readers: readonly Reader[];
  readonly decryptFailures: readonly { node: string; t: number; reason?: string }[];
  readonly outcomes: readonly OutcomeDetail[];
  readonly hops: readonly HopDetail[];
  readonly hopsTotal: number;
}

export const MAX_DETAIL_HOPS = 500;

const [DELIVER, DROP, REJECT, DEC_OK, DEC_FAIL, EXPOSE] = EVENT_TYPES.map((_, i) => i);

export function messageDetail(index: TraceIndex, lanes: Lanes, arrow: number): MessageDetail {
  const { arrows, nodes, messages, events } = index;
  const msg = arrows.msg[arrow]!;
  const env = arrows.env[arrow]!;
  const kind = index.kinds.at(arrows.kind[arrow]!);
  const hopIds = msg >= 0 ? rowOf(index.arrowsByMsg, msg) : rowOf(index.arrowsByEnv, env);
  const hops = [...hopIds.subarray(0, MAX_DETAIL_HOPS)].map((i) => ({
    ...arrowJson(index, lanes, i),
    from: nodes.at(arrows.from[i]!),
    to: nodes.at(arrows.to[i]!),
    departure: DEPARTURES[arrows.departure[i]!]!,
  }));
  const base = { arrow, env: index.envIds.at(env), kind, hops, hopsTotal: hopIds.length };
  if (msg < 0) {
    const role = HANDSHAKE_KINDS.has(kind) ? 'handshake' : 'control';
    const protection = role === 'handshake' ? 'MLS handshake message (who could read it is not recorded in the trace)' : 'control message between client and server (readable by the servers it crosses)';
    return { ...base, msg: null, role, protection, readers: [], decryptFailures: [], outcomes: [] };
  }
  const readers: Reader[] = [];
  const sender = messages.from[msg]!;
  if (sender >= 0) readers.push({ node: nodes.at(sender), how: 'sender' });
  const decryptFailures: { node: string; t: number; reason?: string }[] = [];
  const outcomes: OutcomeDetail[] = [];
  const observers: { node: string; as: string }[] = [];
  const reasonOf = (e: number) => (events.reason[e]! >= 0 ? { reason: index.strings.at(events.reason[e]!) } : {});
  const strangers = new Set<string>();
  for (const e of rowOf(index.eventsByMsg, msg)) if (events.type[e] === EXPOSE) strangers.add(nodes.at(events.node[e]!));
  for (const e of rowOf(index.eventsByMsg, msg)) {
    const node = nodes.at(events.node[e]!), t = events.t[e]!;
    switch (events.type[e]) {
      case DELIVER:
        outcomes.push({ to: node, outcome: 'delivered', t });
        break;
      case DROP:
        outcomes.push({ to: node, outcome: 'dropped', t, ...reasonOf(e) });
        break;
      case REJECT:
        outcomes.push({ to: node, outcome: 'rejected', t, ...reasonOf(e), by: nodes.at(events.by[e]!) });
        break;
      case DEC_OK:
        // A stranger's device decrypts like an endpoint; its `expose` record below says who it is.
        if (!strangers.has(node)) readers.push({ node, how: 'decrypted', t });
        break;
      case DEC_FAIL:
        decryptFailures.push({ node, t, ...reasonOf(e) });
        break;
      case EXPOSE: {
        const as = index.strings.at(events.reason[e]!);
        readers.push({ node, how: 'exposed', as, t });
        observers.push({ node, as });
        break;
      }
    }
  }
  const sentAt = messages.sendT[msg]!;
  return {
    ...base,
    msg: index.msgIds.at(msg),
    role: 'application',
    ...(sender >= 0 && { sender: nodes.at(sender) }),
    ...(!Number.isNaN(sentAt) && { sentAt, bytes: messages.bytes[msg]!, recipients: messages.recipients[msg]! }),
    protection: protectionLine(observers),
    readers,
    decryptFailures,
    outcomes,
  };
}

/** One line on who could read the message: every party that is not an intended endpoint, named. */
function protectionLine(observers: readonly { node: string; as: string }[]): string {
  if (observers.length === 0) return 'end-to-end encrypted: no party but the intended endpoints decrypted it';
  const named = [...new Map(observers.map((o) => [o.node, o.as])).entries()].map(([node, as]) => `${node} (${as})`);
  const strangerOnly = observers.every((o) => o.as === 'stranger');
  return `${strangerOnly ? 'end-to-end encrypted to the wrong person, still a confidentiality failure' : 'NOT end-to-end confidential'}: decrypted by ${named.join(', ')}`;
}
