import type { RandomStream } from '../core/index.ts';
import type { GroupSizeConfig } from '../../scenarios/schema.ts';

/** Draws a group size from the configured distribution, capped at `maxUsers`. */
export function drawGroupSize(cfg: GroupSizeConfig, rng: RandomStream, maxUsers: number): number {
  let n: number;
  switch (cfg.kind) {
    case 'fixed':
      n = cfg.n;
      break;
    case 'uniform':
      n = rng.int(cfg.min, cfg.max);
      break;
    case 'zipf': {
      // Inverse-CDF over the finite support: few sizes, so the table is cheap.
      let total = 0;
      for (let k = cfg.min; k <= cfg.max; k++) total += k ** -cfg.exponent;
      let u = rng.next() * total;
      n = cfg.max;
      for (let k = cfg.min; k <= cfg.max; k++) {
        u -= k ** -cfg.exponent;
        if (u <= 0) {
          n = k;
          break;
        }
      }
      break;
    }
  }
  return Math.min(n, maxUsers);
}
