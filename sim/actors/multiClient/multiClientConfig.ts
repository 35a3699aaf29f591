/** The vendor's delay from a break to the client update that fixes it. */
export type UpdateDelay =
  | { readonly kind: 'constant'; readonly seconds: number }
  | { readonly kind: 'exponential'; readonly meanSeconds: number }
  | { readonly kind: 'lognormal'; readonly medianSeconds: number; readonly sigma: number };

/** What the vendor of the client can read: nothing off the device, a share as telemetry, or all (a cloud-side client). */
export interface VendorAccess {
  readonly access: 'on-device' | 'telemetry' | 'cloud';
  readonly telemetryShare: number;
}

/** The multi-protocol client as the scenario's `clientApi` section describes it (scenarios/clientApiSchema.ts checks it). */
export interface MultiClientConfig {
  readonly services: readonly { readonly provider: string; readonly breaksPerDay: number; readonly breaksAtSeconds: readonly number[] }[];
  readonly updateDelay: UpdateDelay;
  readonly whileBroken: 'queue' | 'drop';
  readonly keepaliveSeconds: number;
  readonly keepaliveBytes: number;
  readonly vendor: VendorAccess;
}
