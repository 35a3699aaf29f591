import type { Band } from './band.ts';
import type { Measured, ProtocolMetric } from './protocolLevel.ts';
import { parseCarrierKey } from './worlds.ts';

/**
 * A protocol-level series: each month, the carriers' measured metric weighted by the share of messages
 * each carried (cross-app carriers only, or all). A month in which any carrier with traffic has no
 * measurement of the metric is null: not measured, never filled in. Chats that are not end-to-end
 * encrypted by default (native/cleartext) have no run; for E2EE and exposure they count as modelled:
 * 0% E2EE and one exposure (their provider) per message.
 */
export function protocolSeries(traffic: Readonly<Record<string, readonly number[]>>, measured: ReadonlyMap<string, Measured>, metric: ProtocolMetric, scope: 'cross' | 'all'): Band {
  const carriers = Object.keys(traffic).filter((k) => scope === 'all' || parseCarrierKey(k).kind === 'cross');
  const months = Object.values(traffic)[0]?.length ?? 0;
  const mean: (number | null)[] = [];
  const lo: (number | null)[] = [];
  const hi: (number | null)[] = [];
  for (let i = 0; i < months; i++) {
    let w = 0, m = 0, l = 0, h = 0, missing = false;
    for (const c of carriers) {
      const t = traffic[c]![i] ?? 0;
      if (t <= 0) continue;
      const v = valueOf(c, measured, metric);
      if (v === null) {
        missing = true;
        break;
      }
      w += t;
      m += t * v.mean;
      l += t * v.lo;
      h += t * v.hi;
    }
    const ok = !missing && w > 0;
    mean.push(ok ? m / w : null);
    lo.push(ok ? l / w : null);
    hi.push(ok ? h / w : null);
  }
  return { mean, lo, hi };
}

function valueOf(carrier: string, measured: ReadonlyMap<string, Measured>, metric: ProtocolMetric): { mean: number; lo: number; hi: number } | null {
  if (carrier === 'native/cleartext') {
    if (metric === 'e2eePreservedPct') return { mean: 0, lo: 0, hi: 0 };
    if (metric === 'plaintextExposurePerMessage') return { mean: 1, lo: 1, hi: 1 };
    return null;
  }
  return measured.get(carrier)?.metrics[metric] ?? null;
}
