import { z } from 'zod';
import { LIMITS } from './limits.ts';
import { identifier, nonNegativeInt, nonNegativeNumber, positiveNumber, probability } from './fields.ts';
import type { Scenario } from './schema.ts';

/** How long the client vendor takes to ship an update after a service changed its API. */
export const updateDelaySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('constant'), seconds: nonNegativeNumber(LIMITS.durationSeconds) }).strict(),
  z.object({ kind: z.literal('exponential'), meanSeconds: positiveNumber(LIMITS.durationSeconds) }).strict(),
  z.object({ kind: z.literal('lognormal'), medianSeconds: positiveNumber(LIMITS.durationSeconds), sigma: nonNegativeNumber(LIMITS.lognormalSigma) }).strict(),
]);

/** One service the multi-protocol client speaks to: how often its client API changes under the client. */
export const clientApiServiceSchema = z
  .object({
    provider: identifier(),
    /** Unannounced breaking API changes per day (a Poisson process on its own named random stream). */
    breaksPerDay: nonNegativeNumber(LIMITS.apiBreaksPerDay).default(0),
    /** Deliberate breaks at these times (a gatekeeper breaking unofficial clients on purpose). */
    breaksAtSeconds: z.array(nonNegativeNumber(LIMITS.durationSeconds)).max(LIMITS.listItems).default([]),
  })
  .strict();

/**
 * The multi-protocol client of the `client-api` architecture (sim/actors/multiClient): what it pays
 * to hold an account, keys and a connection per service, how its services break it, and what its
 * vendor can read. Read only under `client-api`.
 */
export const clientApiSchema = z
  .object({
    /** Services whose API changes; providers not listed never break the client. */
    services: z.array(clientApiServiceSchema).max(LIMITS.providers).default([]),
    /** The vendor's delay from a break to the client update that fixes it. */
    updateDelay: updateDelaySchema.default({ kind: 'lognormal', medianSeconds: 86_400, sigma: 1 }),
    /** While broken, messages the user sends wait in the client until the update (`queue`) or are lost (`drop`). */
    whileBroken: z.enum(['queue', 'drop']).default('queue'),
    /** A connection per service kept open with a keepalive this often (Signal-Android: 30 s); 0 = none. */
    keepaliveSeconds: nonNegativeNumber(LIMITS.durationSeconds)
      .refine((v) => v === 0 || v >= LIMITS.minPeriodSeconds, { error: `expected 0 (none) or at least ${LIMITS.minPeriodSeconds} s` })
      .default(30),
    /** Bytes of one keepalive request on the wire. */
    keepaliveBytes: nonNegativeInt(LIMITS.framingBytes).default(64),
    /**
     * The trust assumption about the vendor: `on-device` (it ships the code and could read everything
     * the client handles, but does not), `telemetry` (a share of plaintexts reaches its servers) or
     * `cloud` (the client runs on its servers and holds every plaintext).
     */
    vendor: z
      .object({
        access: z.enum(['on-device', 'telemetry', 'cloud']).default('on-device'),
        telemetryShare: probability().default(0.01),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type ClientApiConfig = z.output<typeof clientApiSchema>;

/** Cross-field checks: listed services exist, once each. (Breaks at or after `durationSeconds` never happen, so shortened runs stay valid.) */
export function clientApiCrossCheck(s: Scenario): string[] {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  s.clientApi.services.forEach((svc, i) => {
    const at = `clientApi.services[${i}]`;
    if (!s.providers.some((p) => p.id === svc.provider)) problems.push(`${at}.provider: "${svc.provider}" names no provider`);
    const prior = seen.get(svc.provider);
    if (prior !== undefined) problems.push(`${at}.provider: "${svc.provider}" is already listed at services[${prior}]`);
    else seen.set(svc.provider, i);
  });
  return problems;
}
