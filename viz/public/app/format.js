// Number formatting for virtual time (integer microseconds), sizes and metrics.

/** Virtual time as seconds with millisecond precision: `3.664 s`. */
export function fmtTime(us) {
  if (!Number.isFinite(us)) return '-';
  return `${(us / 1e6).toFixed(3)} s`;
}

/** A tick formatter for an axis spanning `spanUs` microseconds: as many decimals as the ticks need. */
export function timeTicks(spanUs) {
  const decimals = Math.max(0, Math.min(6, Math.ceil(-Math.log10(Math.max(1, spanUs) / 1e6 / 5))));
  return (us) => `${(us / 1e6).toFixed(decimals)} s`;
}

/** Exact virtual time: `3.663641 s`. */
export function fmtTimeExact(us) {
  if (!Number.isFinite(us)) return '-';
  const sign = us < 0 ? '-' : '';
  const abs = Math.abs(Math.round(us));
  return `${sign}${Math.floor(abs / 1e6)}.${String(abs % 1e6).padStart(6, '0')} s`;
}

/** A duration: `850 µs`, `12.3 ms`, `4.21 s`. */
export function fmtDur(us) {
  if (!Number.isFinite(us)) return '-';
  if (Math.abs(us) < 1000) return `${Math.round(us)} µs`;
  if (Math.abs(us) < 1e6) return `${(us / 1000).toFixed(us < 1e4 ? 2 : 1)} ms`;
  return `${(us / 1e6).toFixed(2)} s`;
}

export function fmtBytes(b) {
  if (!Number.isFinite(b)) return '-';
  if (b < 1000) return `${b} B`;
  if (b < 1e6) return `${(b / 1e3).toFixed(1)} kB`;
  if (b < 1e9) return `${(b / 1e6).toFixed(1)} MB`;
  return `${(b / 1e9).toFixed(2)} GB`;
}

export function fmtNum(n, digits = 3) {
  if (n === null || n === undefined || !Number.isFinite(n)) return '-';
  if (Number.isInteger(n)) return n.toLocaleString('en');
  return Number(n.toPrecision(digits)).toLocaleString('en', { maximumFractionDigits: 6 });
}

/**
 * Labels, units and domains of the compare.json metrics (sim/compare/compareResult.ts). The domain
 * bounds the 95% interval drawn: a Student t interval over few seeds can reach past it (negative
 * latencies, more than 100%), so the chart clamps it there and says so.
 */
const PCT = [0, 100], FRACTION = [0, 1], NONNEG = [0, Infinity];
export const METRIC_INFO = {
  e2eePreservedPct: { label: 'End-to-end encryption preserved', unit: '%', domain: PCT },
  plaintextExposurePerMessage: { label: 'Plaintext exposures per message', unit: 'parties', domain: NONNEG },
  forgeryCapablePerMessage: { label: 'Parties able to forge, per message', unit: 'parties', domain: NONNEG },
  deliveryRatio: { label: 'Delivery ratio', unit: 'fraction', domain: FRACTION },
  skippedPct: { label: 'Intended messages never sent (skipped)', unit: '%', domain: PCT },
  latencyP50Ms: { label: 'Latency p50', unit: 'ms', domain: NONNEG },
  latencyP95Ms: { label: 'Latency p95', unit: 'ms', domain: NONNEG },
  latencyP99Ms: { label: 'Latency p99', unit: 'ms', domain: NONNEG },
  wireBytesPerMessage: { label: 'Wire bytes per message', unit: 'bytes', domain: NONNEG },
  cryptoCpuMsPerMessage: { label: 'Crypto CPU per message', unit: 'ms', domain: NONNEG },
  accountsPerUser: { label: 'Accounts per user', unit: 'accounts', domain: [1, Infinity] },
  misroutedPct: { label: 'Misrouted', unit: '%', domain: PCT },
  unresolvablePct: { label: 'Unresolvable recipients', unit: '%', domain: PCT },
  misdeliveredPct: { label: 'Misdelivered to strangers (still a confidentiality failure)', unit: '%', domain: PCT },
  featureFidelity: { label: 'Feature fidelity', unit: 'fraction', domain: FRACTION },
  contentFallbackPct: { label: 'Copies that fell back (content)', unit: '%', domain: PCT },
  cleartextPct: { label: 'Messages sent in clear', unit: '%', domain: PCT },
  pqMessagesPct: { label: 'Messages protected post-quantum', unit: '%', domain: PCT },
  // The multi-protocol client (client-api rows only; the others have none).
  mpcStacksPerUser: { label: 'Multi-protocol client: protocol stacks per user', unit: 'stacks', domain: NONNEG },
  mpcKeyBytesPerUser: { label: 'Multi-protocol client: key material per user', unit: 'bytes', domain: NONNEG },
  mpcKeepaliveBytesPerUserHour: { label: 'Multi-protocol client: keepalives per user per hour', unit: 'bytes', domain: NONNEG },
  mpcCryptoMsPerUser: { label: 'Multi-protocol client: crypto CPU per user', unit: 'ms', domain: NONNEG },
  apiBrokenPct: { label: 'Client API broken (share of the run)', unit: '%', domain: PCT },
  apiLostPct: { label: 'Messages lost to a broken client API', unit: '%', domain: PCT },
  apiDelayedPct: { label: 'Copies late because of a broken client API', unit: '%', domain: PCT },
  apiDelayP95Seconds: { label: 'Late copies: p95 time to delivery', unit: 's', domain: NONNEG },
  vendorReachPct: { label: 'Client vendor could read (reach)', unit: '%', domain: PCT },
  vendorReadPct: { label: 'Client vendor\'s servers read', unit: '%', domain: PCT },
};

/** The 95% interval of a MetricEstimate inside the metric's domain: `[lo, hi, clamped]`. */
export function intervalIn(e, domain = [-Infinity, Infinity]) {
  const ci = Number.isFinite(e.ci95) ? e.ci95 : 0;
  const lo = e.mean - ci, hi = e.mean + ci;
  return [Math.max(domain[0], lo), Math.min(domain[1], hi), lo < domain[0] || hi > domain[1]];
}
