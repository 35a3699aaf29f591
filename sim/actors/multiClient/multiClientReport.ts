import type { BreakImpactReport } from './breakImpact.ts';
import type { VendorReport } from './vendorReach.ts';

/** One service the multi-protocol client speaks to: what its stack there cost and how long it was broken. */
export interface ServiceReport {
  readonly service: string;
  /** Client devices holding an account, keys and a connection at this service. */
  readonly stacks: number;
  /** KeyPackages (MLS) or prekey bundles (Signal) the client published to this service's directory, and their wire bytes. */
  readonly keyPackages: number;
  readonly keyMaterialBytes: number;
  /** Keepalive requests sent to keep the connections open, and their bytes. */
  readonly keepalives: number;
  readonly keepaliveBytes: number;
  readonly breaks: { readonly apiChange: number; readonly deliberate: number };
  /** Seconds of the run the client could not use this service, and that share of the run. */
  readonly brokenSeconds: number;
  readonly brokenShare: number;
}

/** `summary.json`'s `multiClient` (client-api runs): what the multi-protocol client cost and lost. */
export interface MultiClientReport {
  readonly whileBroken: 'queue' | 'drop';
  /** People running the client (accounts at other services are not people). */
  readonly people: number;
  readonly services: readonly ServiceReport[];
  readonly perUser: { readonly stacks: number; readonly keyMaterialBytes: number; readonly keepaliveBytesPerHour: number };
  readonly breaks: number;
  /** Mean over services of the share of the run each was broken. */
  readonly brokenShare: number;
  readonly impact: BreakImpactReport;
  readonly vendor: VendorReport;
}
