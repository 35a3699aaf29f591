import { z } from 'zod';
import { ARCHITECTURE_NAMES } from '../sim/interop/architecture.ts';
import { attackerSchema, defensesSchema } from './attackSchema.ts';
import { contentSchema } from './contentSchema.ts';
import { clientApiSchema } from './clientApiSchema.ts';
import { arrangementsSchema } from './worldSchema.ts';
import { boundedNumber, identifier, nonNegativeInt, nonNegativeNumber, positiveInt, positiveNumber, probability } from './fields.ts';
import { LIMITS } from './limits.ts';

const ms = () => nonNegativeNumber(LIMITS.latencyMs);
const count = (max: number) => nonNegativeInt(max);
const groupMembers = () => z.number({ error: 'expected an integer >= 2' }).int({ error: 'expected an integer >= 2' }).min(2, { error: 'expected an integer >= 2' }).max(LIMITS.groupSize, { error: `expected at most ${LIMITS.groupSize.toLocaleString('en-US')}` });

/**
 * The scenario file: who exists, how they are connected, what they do, for how long. Times are in
 * seconds (decimals allowed) and become integer microseconds of virtual time when loaded.
 */
export const latencySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('constant'), ms: ms() }).strict(),
  z.object({ kind: z.literal('uniform'), minMs: ms(), maxMs: ms() }).strict(),
  z.object({ kind: z.literal('normal'), meanMs: ms(), stdDevMs: ms() }).strict(),
  z.object({ kind: z.literal('lognormal'), medianMs: positiveNumber(LIMITS.latencyMs), sigma: nonNegativeNumber(LIMITS.lognormalSigma) }).strict(),
]);

export const linkParamsSchema = z
  .object({
    latency: latencySchema,
    jitterMs: ms().optional(),
    loss: probability().optional(),
    bandwidthMbps: boundedNumber(LIMITS.minBandwidthMbps, LIMITS.bandwidthMbps).optional(),
  })
  .strict();

const window = { fromSeconds: nonNegativeNumber(), toSeconds: positiveNumber() };

export const outageSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('link'), a: identifier(), b: identifier(), ...window }).strict(),
  z.object({ kind: z.literal('node'), node: identifier(), ...window }).strict(),
  z.object({ kind: z.literal('partition'), sides: z.array(z.array(identifier()).min(1).max(LIMITS.providers + LIMITS.nodes)).min(2).max(LIMITS.providers + LIMITS.nodes), ...window }).strict(),
]);

export const topologySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('full-mesh') }).strict(),
  z.object({ kind: z.literal('hub-and-spoke'), hub: identifier() }).strict(),
  z.object({ kind: z.literal('chain'), order: z.array(identifier()).min(2).max(LIMITS.providers + LIMITS.nodes) }).strict(),
  z
    .object({
      kind: z.literal('explicit'),
      edges: z.array(linkParamsSchema.partial().extend({ a: identifier(), b: identifier() }).strict()).min(1).max(LIMITS.edges),
    })
    .strict(),
]);

export const infrastructureNodeSchema = z
  .object({
    id: identifier(),
    kind: z.enum(['gateway', 'bridge', 'hub', 'discovery', 'router']),
    serviceMicros: nonNegativeInt(LIMITS.serviceMicros).optional(),
  })
  .strict();

export const providerSchema = z
  .object({
    id: identifier(),
    users: positiveInt(LIMITS.usersPerProvider),
    /** Devices per user: each device is one MLS client (leaf). */
    devicesPerUser: z.union([positiveInt(LIMITS.devicesPerUser), z.object({ min: positiveInt(LIMITS.devicesPerUser), max: positiveInt(LIMITS.devicesPerUser) }).strict()]).default(1),
    serviceMicros: nonNegativeInt(LIMITS.serviceMicros).default(200),
    queueLimit: positiveInt(LIMITS.queueLimit).optional(),
    /** Ciphersuites this provider's clients support, most preferred first. */
    ciphersuites: z.array(positiveInt(0xffff)).min(1).max(LIMITS.listItems).optional(),
    /** Fraction of this provider's devices that keep an online/offline schedule. */
    intermittentShare: probability().optional(),
    /** The E2EE protocol this provider's clients speak (issue 17); default: the scenario's `protocol`. */
    protocol: z.enum(['mls', 'signal']).optional(),
    /** This provider's clients' MLS engine and crypto (issue 17); default: the scenario's `mls.engine` and `mls.crypto`. */
    mlsEngine: z
      .object({
        engine: z.union([z.literal('ts-mls'), z.object({ module: z.string().min(1) }).strict()]).optional(),
        crypto: z.enum(['native', 'stock']).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export const groupSizeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('fixed'), n: groupMembers() }).strict(),
  z.object({ kind: z.literal('uniform'), min: groupMembers(), max: positiveInt(LIMITS.groupSize) }).strict(),
  /** Many small groups, few large: P(n) proportional to n^-exponent on [min, max]. */
  z.object({ kind: z.literal('zipf'), min: groupMembers(), max: positiveInt(LIMITS.groupSize), exponent: positiveNumber(100) }).strict(),
]);

export const workloadSchema = z
  .object({
    oneToOne: count(LIMITS.oneToOne).default(4),
    groups: z.object({ count: count(LIMITS.groups), size: groupSizeSchema }).strict().default({ count: 2, size: { kind: 'uniform', min: 3, max: 6 } }),
    /** Poisson rate of application messages per conversation member. */
    messagesPerMemberPerMinute: nonNegativeNumber(LIMITS.messagesPerMemberPerMinute).default(2),
    messageBytes: z.object({ min: positiveInt(LIMITS.messageBytes), max: positiveInt(LIMITS.messageBytes) }).strict().default({ min: 20, max: 400 }),
    /** Probability that a conversation member is drawn from another provider than the creator's. */
    crossProviderShare: probability().default(0.5),
    churn: z
      .object({ addsPerGroupPerHour: nonNegativeNumber(LIMITS.churnPerGroupPerHour).default(0), removesPerGroupPerHour: nonNegativeNumber(LIMITS.churnPerGroupPerHour).default(0) })
      .strict()
      .default({ addsPerGroupPerHour: 0, removesPerGroupPerHour: 0 }),
    /** Each member commits an update (fresh path secrets, RFC 9420 §12.4) at about this period; 0 = never. */
    updatePeriodSeconds: nonNegativeNumber()
      .refine((v) => v === 0 || v >= LIMITS.minPeriodSeconds, { error: `expected 0 (never) or at least ${LIMITS.minPeriodSeconds} s` })
      .describe(`0 = never; otherwise at least ${LIMITS.minPeriodSeconds} s`)
      .default(0),
    /** Share of 1:1 conversations opened by someone the other user does not have as a contact (absent = none). */
    firstContactShare: probability().optional(),
    /** Disappearing messages: a share of conversations use a timer counted from send or from delivery (read). */
    disappearing: z
      .object({ share: probability().default(0.5), seconds: positiveNumber().default(10), start: z.enum(['send', 'read']).default('read') })
      .strict()
      .optional(),
  })
  .strict();

export const presenceSchema = z
  .object({
    meanOnlineSeconds: boundedNumber(LIMITS.minPresenceSeconds).default(120),
    meanOfflineSeconds: boundedNumber(LIMITS.minPresenceSeconds).default(30),
  })
  .strict();

export const mlsSchema = z
  .object({
    /** `ts-mls` (built in) or a module path exporting an MlsEngine (your own binding). */
    engine: z.union([z.literal('ts-mls'), z.object({ module: z.string().min(1) }).strict()]).default('ts-mls'),
    /** The built-in engine's crypto: `native` (node:crypto/OpenSSL, the default, faster) or ts-mls's `stock` provider. */
    crypto: z.enum(['native', 'stock']).default('native'),
    /** Default ciphersuites of clients whose provider names none, most preferred first. */
    ciphersuites: z.array(positiveInt(0xffff)).min(1).max(LIMITS.listItems).default([1]),
    /** Modelled CPU cost of MLS operations in virtual time (deterministic; never measured). */
    cpuModel: z
      .object({ perOperationMicros: nonNegativeInt(LIMITS.cpuMicros).default(0), perMemberMicros: nonNegativeNumber(LIMITS.cpuMicros).default(0) })
      .strict()
      .default({ perOperationMicros: 0, perMemberMicros: 0 }),
  })
  .strict();

export const identitySchema = z
  .object({
    /**
     * How users name each other across providers: `alice@provA` (hierarchical, never ambiguous),
     * shared E.164 phone numbers with number portability, or bare handles that collide.
     */
    namespace: z.enum(['hierarchical', 'phone', 'handle']).default('hierarchical'),
    /** Phone numbers: share of users who ported their number from another provider at the start. */
    portedShare: probability().default(0.1),
    /** Phone numbers: how long the old provider's table keeps a ported number (a stale entry). */
    staleSeconds: nonNegativeNumber().default(30),
    /** Phone numbers: which provider wins when several hold a number. */
    numberPolicy: z.enum(['first-registered', 'last-registered']).default('last-registered'),
    /** Phone numbers: a provider checks its own subscriber table before asking (telephony style). */
    onNetFirst: z.boolean().default(true),
    /** Handles: what to do when several providers have the handle. */
    handlePolicy: z.enum(['reject', 'first-registered', 'same-provider-as-sender']).default('first-registered'),
    /** How long a provider caches a discovery answer. */
    discoveryCacheSeconds: nonNegativeNumber().default(300),
    /**
     * How a client checks the keys it is handed for a contact: not at all, trust on first use
     * (warn when a contact's key changes), or an Ed25519 attestation by the contact's home provider.
     */
    verification: z.enum(['none', 'tofu', 'provider-attested']).default('tofu'),
  })
  .strict();

export const networkSchema = z
  .object({
    framingBytes: nonNegativeInt(LIMITS.framingBytes).default(0),
    interProvider: linkParamsSchema.default({ latency: { kind: 'lognormal', medianMs: 25, sigma: 0.3 }, jitterMs: 2, bandwidthMbps: 1000 }),
    access: linkParamsSchema.default({ latency: { kind: 'normal', meanMs: 15, stdDevMs: 5 }, jitterMs: 3, bandwidthMbps: 20 }),
    topology: topologySchema.default({ kind: 'full-mesh' }),
    outages: z.array(outageSchema).max(LIMITS.outages).default([]),
  })
  .strict();

export const scenarioSchema = z
  .object({
    $schema: z.string().optional(),
    name: identifier(),
    description: z.string().optional(),
    seed: z.union([z.string().min(1).max(200), z.number().int()]).default(1),
    durationSeconds: positiveNumber(LIMITS.durationSeconds).default(60),
    /** After the workload stops, time for messages in flight to land before outcomes are closed. */
    drainSeconds: nonNegativeNumber(LIMITS.drainSeconds).default(30),
    /** The interoperability architecture the run uses (`compare` runs them all). */
    architecture: z.enum(ARCHITECTURE_NAMES).default('federated-mls'),
    /** The E2EE protocol every client speaks: MLS groups, or Signal pairwise sessions and Sender Keys (sim/actors/signal). */
    protocol: z.enum(['mls', 'signal']).default('mls'),
    interop: z
      .object({
        /** The gatekeeper (DMA Art. 7) hosting cross-provider groups under `bridge-e2ee`; default: the largest provider. */
        gatekeeper: identifier().optional(),
        /** Node ids for the infrastructure an architecture needs, added with links to every provider if absent. */
        bridgeNode: identifier().default('bridge'),
        discoveryNode: identifier().default('discovery'),
      })
      .strict()
      .prefault({}),
    providers: z.array(providerSchema).min(1).max(LIMITS.providers),
    /** A heterogeneous world (issue 17): how each provider pair is interconnected; absent: the `architecture`, uniformly. */
    arrangements: arrangementsSchema.optional(),
    nodes: z.array(infrastructureNodeSchema).max(LIMITS.nodes).default([]),
    network: networkSchema.prefault({}),
    identity: identitySchema.prefault({}),
    mls: mlsSchema.prefault({}),
    workload: workloadSchema.prefault({}),
    presence: presenceSchema.prefault({}),
    /** Message content, client capabilities, upgrades and transport fallback (sim/content). */
    content: contentSchema.prefault({}),
    /** Attackers acting in the run (see `interop-sim attacks` for the matrix over architectures). */
    attackers: z.array(attackerSchema).max(LIMITS.attackers).default([]),
    defenses: defensesSchema.prefault({}),
    /** The multi-protocol client under `client-api`: costs per service, API breaks, vendor access (sim/actors/multiClient). */
    clientApi: clientApiSchema.prefault({}),
  })
  .strict();

export type ScenarioInput = z.input<typeof scenarioSchema>;
export type Scenario = z.output<typeof scenarioSchema>;
export type ProviderConfig = Scenario['providers'][number];
export type LinkParamsConfig = z.output<typeof linkParamsSchema>;
export type GroupSizeConfig = z.output<typeof groupSizeSchema>;
