import type { MessageId, NodeId, RandomStream } from '../../core/index.ts';
import type { TraceRecord } from '../../trace/index.ts';
import type { Exposures } from '../exposures.ts';
import type { VendorAccess } from './multiClientConfig.ts';

/** The party that ships the multi-protocol client, in `expose` records. */
export const CLIENT_VENDOR = 'client-vendor' as NodeId;

/** What the vendor of the multi-protocol client could read, and what it did read under the run's trust assumption. */
export interface VendorReport {
  readonly access: VendorAccess['access'];
  /** Messages its client encrypted or decrypted: what a malicious vendor (a bad update) could read. */
  readonly reachMessages: number;
  /** Of all messages sent in the run. */
  readonly reachShare: number;
  /** Messages whose plaintext reached the vendor's servers (cloud-side client, telemetry): `expose` records. */
  readonly readMessages: number;
}

/**
 * The client vendor is an endpoint in all but name, as a bridge is: its code holds every plaintext its
 * users send and receive. Reach is counted from the trace (sends by and decryptions at client
 * devices); under `telemetry` (a share of messages, on a named stream) or `cloud` (all) the plaintext
 * also reaches the vendor's servers, recorded as a decryption by a non-endpoint (`client-vendor`).
 */
export class VendorReach {
  private readonly reach = new Set<MessageId>();
  private readonly read = new Set<MessageId>();
  private readonly pending = new Map<MessageId, Uint8Array>();
  private messages = 0;

  constructor(
    private readonly vendor: VendorAccess,
    private readonly isClient: (device: NodeId) => boolean,
    private readonly exposures: Exposures | undefined,
    private readonly telemetry: RandomStream,
  ) {}

  /** The client is about to encrypt `plaintext` as `msg`: kept until the send is recorded. */
  composing(msg: MessageId, plaintext: Uint8Array): void {
    if (this.vendor.access !== 'on-device') this.pending.set(msg, plaintext);
  }

  readonly listener = (r: TraceRecord): void => {
    if (r.type === 'send' && r.kind === 'application') {
      this.messages++;
      const plaintext = this.pending.get(r.msg);
      this.pending.delete(r.msg);
      if (!this.isClient(r.from)) return;
      this.reach.add(r.msg);
      if (plaintext !== undefined && this.uploads()) {
        this.read.add(r.msg);
        this.exposures?.observe(CLIENT_VENDOR, r.msg, plaintext, 'client-vendor');
      }
    } else if (r.type === 'decrypt' && r.ok && this.isClient(r.by)) this.reach.add(r.msg);
  };

  private uploads(): boolean {
    switch (this.vendor.access) {
      case 'on-device':
        return false;
      case 'telemetry':
        return this.telemetry.chance(this.vendor.telemetryShare);
      case 'cloud':
        return true;
      default: {
        const never: never = this.vendor.access;
        throw new Error(`unknown vendor access ${String(never)}`);
      }
    }
  }

  report(): VendorReport {
    return { access: this.vendor.access, reachMessages: this.reach.size, reachShare: this.messages === 0 ? 0 : this.reach.size / this.messages, readMessages: this.read.size };
  }
}
