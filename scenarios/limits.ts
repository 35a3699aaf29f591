/**
 * Upper bounds on every size and rate a scenario can ask for: generous for research, finite, so no
 * accepted scenario hangs or exhausts memory before it starts. Each is documented in the README's
 * "Bounds" table and in the JSON Schema (`maximum`). What fits within them can still be too much work
 * together (1,000,000 users each sending 600 messages a minute): the runner estimates a run's events
 * before it starts and refuses one that cannot finish (sim/runner/plan/estimate.ts).
 */
export const LIMITS = {
  providers: 1_000,
  nodes: 1_000,
  usersPerProvider: 1_000_000,
  devicesPerUser: 32,
  /** Ciphersuites, media types, upgrades and similar short lists. */
  listItems: 256,
  oneToOne: 1_000_000,
  groups: 100_000,
  groupSize: 50_000,
  messagesPerMemberPerMinute: 600,
  /** One application message; larger content travels as an attachment outside MLS. */
  messageBytes: 1_048_576,
  imageBytes: 1_048_576,
  churnPerGroupPerHour: 3_600,
  /** Shortest period of a repeating action (updates, KT epochs and monitors, time-series buckets). */
  minPeriodSeconds: 0.1,
  /** Shortest mean online or offline spell of an intermittent device. */
  minPresenceSeconds: 1,
  durationSeconds: 10_000_000,
  drainSeconds: 1_000_000,
  latencyMs: 600_000,
  /** Lognormal shape: sigma 3 already puts the 99th percentile at about 1,000 times the median. */
  lognormalSigma: 3,
  bandwidthMbps: 1_000_000,
  minBandwidthMbps: 0.001,
  framingBytes: 65_536,
  serviceMicros: 10_000_000,
  queueLimit: 10_000_000,
  edges: 100_000,
  outages: 10_000,
  attackers: 100,
  spamAccountsPerProvider: 1_000,
  spamContactsPerMinute: 600,
  spamMessagesPerContact: 1_000,
  impersonatorVictims: 10_000,
  ghosts: 100,
  cpuMicros: 10_000_000,
  /** Unannounced client API breaks per service per day (sim/actors/multiClient). */
  apiBreaksPerDay: 1_000,
} as const;
