import type { NodeId } from '../core/index.ts';
import { completePayload } from '../net/index.ts';
import { countUpload, unpackUpload } from './keyPackageUpload.ts';

interface DeviceStock {
  readonly fresh: Uint8Array[];
  lastResort: Uint8Array | undefined;
  /**
   * Uploads taken whole and not yet read into `fresh` and `lastResort`, oldest first: read, in order,
   * before anything reads or adds to the stock (most idle devices' stock is never read).
   */
  uploads: { readonly bytes: Uint8Array; readonly lastResort: boolean }[] | undefined;
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
 *
 * A package may arrive with its keys and signatures still to be computed (sim/net/lazyPayload.ts, a
 * minted KeyPackage): it is completed when the directory first hands it out (claim, capability evidence).
 */
export class KeyPackageDirectory {
  /**
   * Per device: the suites it published for, in publication order (`suitesOf` without a scan of every
   * device's stock), each suite's stock beside it (a package is only usable in a group of its own
   * suite), and how many packages. Found by the device id alone: no key string is built per package.
   */
  private readonly listings = new Map<NodeId, Listing>();
  claimsFresh = 0;
  claimsLastResort = 0;
  exhaustions = 0;

  publish(device: NodeId, suite: number, keyPackage: Uint8Array, lastResort: boolean): void {
    const s = this.stockFor(device, suite, 1);
    if (s.uploads !== undefined) settle(s);
    if (lastResort) s.lastResort = keyPackage;
    else s.fresh.push(keyPackage);
  }

  /**
   * Publishes every KeyPackage of an upload (sim/actors/keyPackageUpload.ts) in order, the last one
   * the last-resort package if `lastResort`: the same as `publish` for each, but the upload is read
   * into packages only when the stock is first read. False (nothing published) if it is not a framed
   * list; an empty upload publishes nothing.
   */
  publishUpload(device: NodeId, suite: number, upload: Uint8Array, lastResort: boolean): boolean {
    const n = countUpload(upload);
    if (n === undefined) return false;
    if (n === 0) return true;
    const s = this.stockFor(device, suite, n);
    (s.uploads ??= []).push({ bytes: upload, lastResort });
    return true;
  }

  /** The stock of `device` in `suite`, listed if new, with `added` more packages counted as published. */
  private stockFor(device: NodeId, suite: number, added: number): DeviceStock {
    let listing = this.listings.get(device);
    if (listing === undefined) this.listings.set(device, (listing = { suites: [], stocks: [], published: 0 }));
    listing.published += added;
    let k = listing.suites.indexOf(suite);
    if (k < 0) {
      k = listing.suites.length;
      listing.suites.push(suite);
      listing.stocks.push({ fresh: [], lastResort: undefined, uploads: undefined });
    }
    return listing.stocks[k]!;
  }

  claim(device: NodeId, suite: number): ClaimResult {
    const s = this.stockOf(device, suite);
    const fresh = s?.fresh.shift();
    if (fresh !== undefined) {
      this.claimsFresh++;
      return { kind: 'fresh', keyPackage: completePayload(fresh) };
    }
    if (s?.lastResort !== undefined) {
      this.claimsLastResort++;
      return { kind: 'last-resort', keyPackage: completePayload(s.lastResort) };
    }
    this.exhaustions++;
    return { kind: 'exhausted' };
  }

  /** The suites `device` published KeyPackages for, in publication order (its directory listing). */
  suitesOf(device: NodeId): number[] {
    return [...(this.listings.get(device)?.suites ?? [])];
  }

  /** How many packages `device` published here in all (claimed or not, last-resort ones included). */
  publishedBy(device: NodeId): number {
    return this.listings.get(device)?.published ?? 0;
  }

  /** The reusable last-resort package of `device` in `suite`, without claiming it (capability discovery). */
  lastResortOf(device: NodeId, suite: number): Uint8Array | undefined {
    const kp = this.stockOf(device, suite)?.lastResort;
    return kp === undefined ? undefined : completePayload(kp);
  }

  freshCount(device: NodeId, suite: number): number {
    return this.stockOf(device, suite)?.fresh.length ?? 0;
  }

  private stockOf(device: NodeId, suite: number): DeviceStock | undefined {
    const listing = this.listings.get(device);
    if (listing === undefined) return undefined;
    const k = listing.suites.indexOf(suite);
    const s = k < 0 ? undefined : listing.stocks[k];
    if (s?.uploads !== undefined) settle(s);
    return s;
  }
}

/** Reads a stock's pending uploads into its packages, in order (what `publish` of each would have done). */
function settle(s: DeviceStock): void {
  const uploads = s.uploads!;
  s.uploads = undefined;
  for (const u of uploads) {
    const parts = unpackUpload(u.bytes)!; // counted (and so well framed) when published
    const last = parts.length - 1;
    for (let i = 0; i <= last; i++) {
      if (u.lastResort && i === last) s.lastResort = parts[i];
      else s.fresh.push(parts[i]!);
    }
  }
}

interface Listing {
  readonly suites: number[];
  /** The stock of `suites[k]` at `k`. */
  readonly stocks: DeviceStock[];
  published: number;
}
