import { micros, type Duration, type RandomStream } from '../core/index.ts';

/** One-way propagation delay of a link, in milliseconds of virtual time. */
export type LatencyModel =
  | { readonly kind: 'constant'; readonly ms: number }
  | { readonly kind: 'uniform'; readonly minMs: number; readonly maxMs: number }
  | { readonly kind: 'normal'; readonly meanMs: number; readonly stdDevMs: number }
  /** Heavy-tailed, as measured WAN delays are: median `medianMs`, shape `sigma` of the underlying normal. */
  | { readonly kind: 'lognormal'; readonly medianMs: number; readonly sigma: number };

/** A delay drawn from `model` plus uniform jitter in [0, jitterMs], never negative, in whole microseconds. */
export function sampleLatency(model: LatencyModel, jitterMs: number, rng: RandomStream): Duration {
  let ms: number;
  switch (model.kind) {
    case 'constant':
      ms = model.ms;
      break;
    case 'uniform':
      ms = rng.uniform(model.minMs, model.maxMs);
      break;
    case 'normal':
      ms = rng.normal(model.meanMs, model.stdDevMs);
      break;
    case 'lognormal':
      ms = model.medianMs * Math.exp(model.sigma * rng.normal());
      break;
    default: {
      const never: never = model;
      throw new Error(`unknown latency model ${JSON.stringify(never)}`);
    }
  }
  if (jitterMs > 0) ms += rng.uniform(0, jitterMs);
  return micros(Math.max(0, ms * 1000));
}

/** The model's mean in milliseconds (routing weights, reports). */
export function meanLatencyMs(model: LatencyModel): number {
  switch (model.kind) {
    case 'constant':
      return model.ms;
    case 'uniform':
      return (model.minMs + model.maxMs) / 2;
    case 'normal':
      return Math.max(0, model.meanMs);
    case 'lognormal':
      return model.medianMs * Math.exp((model.sigma * model.sigma) / 2);
  }
}
