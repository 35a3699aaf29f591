import { textTable as table } from '../compare/textTable.ts';
import { PAIR_METRICS, PAIR_METRIC_DIGITS, PAIR_METRIC_LABELS, type PerPairReport, type WeakestLink } from '../trace/perPair/index.ts';

const num = (x: number, digits: number) => (Number.isFinite(x) ? x.toFixed(digits) : '-');

/** The per-pair table of one run: one line per (sender's provider, recipient's provider) that carried copies. */
export function formatPerPair(p: PerPairReport): string[] {
  const header = ['from -> to', 'arrangement', 'protocols', ...PAIR_METRICS.map((m) => PAIR_METRIC_LABELS[m]), 'readers by role'];
  const rows = p.pairs.map((x) => [
    `${x.from} -> ${x.to}`,
    x.arrangement,
    x.protocols[0] === x.protocols[1] ? x.protocols[0] : x.protocols.join('/'),
    ...PAIR_METRICS.map((m) => num(x[m], PAIR_METRIC_DIGITS[m])),
    Object.entries(x.exposuresByRole).map(([k, v]) => `${k} ${v}`).join(', ') || 'none',
  ]);
  return [`per provider pair (${p.uniform ? 'uniform world' : 'heterogeneous world'}; rows send, columns receive; people counted at their home provider)`, ...table(header, rows, 3, true)];
}

/** Weakest link: what messages crossed at worst, and each provider's users' messages below its own promise. */
export function formatWeakestLink(w: WeakestLink): string[] {
  const worst = Object.entries(w.byWeakest).map(([k, v]) => `${k} ${v}`).join(', ') || 'no messages';
  const below = w.providers.map((p) => `${p.provider} ${p.belowPromisePct.toFixed(1)}% (${p.belowPromise}/${p.messages})`).join(', ');
  return [`weakest link messages by the weakest protection they crossed: ${worst}`, `             below the provider's own promise: ${below}`];
}
