import { rowOf } from './columns.ts';
import { flowWindow, type FlowWindow } from './flowWindow.ts';
import type { Lanes } from './lanes.ts';
import { messageDetail, type MessageDetail } from './messageDetail.ts';
import type { TraceIndex } from './traceIndex.ts';

/** Hops drawn in the report's flow excerpt. */
export const REPORT_FLOW_ARROWS = 300;

export interface ReportExcerpt {
  readonly flow: FlowWindow;
  /** One detail per message (or envelope) drawn, keyed `m:<msg>` or `e:<env>`, so clicks work offline. */
  readonly details: Record<string, MessageDetail>;
  /** The message the most parties that are not intended endpoints decrypted, with who could read it. */
  readonly mostExposed: MessageDetail | null;
}

/**
 * The report's excerpt: a window that holds application messages (the run's first hops are all
 * key-package setup), starting a little before the most-exposed message if any was exposed, else at
 * the first application message sent.
 */
export function reportExcerpt(index: TraceIndex, lanes: Lanes): ReportExcerpt {
  const { messages } = index;
  let worst = -1, firstSend = Infinity;
  for (let m = 0; m < messages.count; m++) {
    if (messages.exposures[m]! > 0 && (worst < 0 || messages.exposures[m]! > messages.exposures[worst]!)) worst = m;
    const s = messages.sendT[m]!;
    if (s < firstSend) firstSend = s;
  }
  const worstHops = worst >= 0 ? rowOf(index.arrowsByMsg, worst) : undefined;
  const worstStart = worst >= 0 ? (Number.isNaN(messages.sendT[worst]!) ? index.arrows.t0[worstHops![0]!] ?? index.tMin : messages.sendT[worst]!) : undefined;
  // A few milliseconds of context before the message, so what led to it shows too.
  const start = worstStart !== undefined ? Math.max(index.tMin, worstStart - 5_000) : Number.isFinite(firstSend) ? firstSend : index.tMin;
  const flow = flowWindow(index, lanes, start, index.tMax + 1, REPORT_FLOW_ARROWS);
  const details: Record<string, MessageDetail> = {};
  for (const a of flow.arrows) {
    const key = a.msg !== null ? `m:${a.msg}` : `e:${a.env}`;
    details[key] ??= messageDetail(index, lanes, a.id);
  }
  const mostExposed = worstHops !== undefined && worstHops.length > 0 ? messageDetail(index, lanes, worstHops[0]!) : null;
  if (mostExposed?.msg != null) details[`m:${mostExposed.msg}`] ??= mostExposed;
  return { flow, details, mostExposed };
}
