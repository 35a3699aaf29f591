import type { NodeId } from '../core/index.ts';

interface DeviceStock {
  readonly fresh: Uint8Array[];
  lastResort: Uint8Array | undefined;
}

export type ClaimResult =
  | { readonly kind: 'fresh'; readonly keyPackage: Uint8Array }
  /** Only the reusable last-resort package was left (RFC 9420 §17.3: it may be handed out again). */
  | { readonly kind: 'last-resort'; readonly keyPackage: Uint8Array }
  | { readonly kind: 'exhausted' };

/**
 * A provider's KeyPackage directory. Ordinary packages are claim-once (each is used for one join, so
 * its init key is never reused); a device may also leave one last-resort package that is handed out
 * when the others run out. Exhaustion is counted, not hidden.
 */
export class KeyPackageDirectory {
  private readonly stock = new Map<NodeId, DeviceStock>();
  claimsFresh = 0;
  claimsLastResort = 0;
  exhaustions = 0;

  publish(device: NodeId, keyPackage: Uint8Array, lastResort: boolean): void {
    let s = this.stock.get(device);
    if (s === undefined) this.stock.set(device, (s = { fresh: [], lastResort: undefined }));
    if (lastResort) s.lastResort = keyPackage;
    else s.fresh.push(keyPackage);
  }

  claim(device: NodeId): ClaimResult {
    const s = this.stock.get(device);
    const fresh = s?.fresh.shift();
    if (fresh !== undefined) {
      this.claimsFresh++;
      return { kind: 'fresh', keyPackage: fresh };
    }
    if (s?.lastResort !== undefined) {
      this.claimsLastResort++;
      return { kind: 'last-resort', keyPackage: s.lastResort };
    }
    this.exhaustions++;
    return { kind: 'exhausted' };
  }

  freshCount(device: NodeId): number {
    return this.stock.get(device)?.fresh.length ?? 0;
  }
}
