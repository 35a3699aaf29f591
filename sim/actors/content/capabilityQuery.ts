import type { NodeId } from '../../core/index.ts';
import { frameAll, unframeAll } from '../framing.ts';
import type { KeyPackageDirectory } from '../keyPackageDirectory.ts';
import type { Header } from '../protocol.ts';
import { SIGNAL_BUNDLES } from '../signal/wire.ts';

/** A capability query's answer: per device, the directory's listing of its suites and its evidence. */
export interface CapabilityAnswer {
  /** Suites each device has KeyPackages for, as the directory lists them (unsigned). */
  readonly listing: readonly (readonly number[])[];
  /** One signed last-resort KeyPackage per device (empty bytes when it published none). */
  readonly evidence: readonly Uint8Array[];
}

/**
 * A home provider's answer to a capability query (before a group is created, the creator asks what
 * each invitee's devices can do): every registered device of the account with the suites its
 * directory lists (an unsigned listing, like an IDS or RCS capability lookup) and, as evidence, one
 * of its published last-resort KeyPackages (signed by the device: its leaf lists the device's suites
 * and content capabilities). A device with nothing published has no MLS client: an empty listing.
 * The evidence is an MLS KeyPackage: a device that also runs the Signal protocol has prekey bundles
 * in the directory too, listed wherever its uploads' arrival put them; those are never evidence (they
 * are not KeyPackages, and the asker would reject them as tampered).
 * Nothing is claimed, so no KeyPackage is used up. Query answers carry negative request numbers.
 */
export function answerCapabilityQuery(
  directory: KeyPackageDirectory,
  h: Extract<Header, { op: 'kp-claim' }>,
  devices: readonly NodeId[],
): { header: Header; payload: Uint8Array } {
  const listing = devices.map((d) => directory.suitesOf(d));
  const evidence = devices.map((d, i) => {
    for (const suite of listing[i]!) {
      if (suite === SIGNAL_BUNDLES) continue;
      const kp = directory.lastResortOf(d, suite);
      if (kp !== undefined) return kp;
    }
    return new Uint8Array(0);
  });
  const header: Header = { op: 'kp-claimed', request: h.request, requester: h.requester, user: h.user, group: h.group, devices: [...devices] };
  return { header, payload: encodeCapabilityAnswer({ listing, evidence }) };
}

export const isCapabilityAnswer = (h: Header): h is Extract<Header, { op: 'kp-claimed' }> => h.op === 'kp-claimed' && h.request < 0;

/** Wire form: a frame of listings (per device: count, then uint16 suites) and a frame of KeyPackages. */
export function encodeCapabilityAnswer(a: CapabilityAnswer): Uint8Array {
  const listing = a.listing.map((suites) => {
    const b = new Uint8Array(2 * suites.length);
    suites.forEach((s, i) => ((b[2 * i] = s >> 8), (b[2 * i + 1] = s & 0xff)));
    return b;
  });
  return frameAll([frameAll(listing), frameAll([...a.evidence])]);
}

export function decodeCapabilityAnswer(payload: Uint8Array): CapabilityAnswer {
  const [listingFrame, evidenceFrame] = unframeAll(payload);
  const listing = unframeAll(listingFrame ?? new Uint8Array(0)).map((b) => Array.from({ length: b.length >> 1 }, (_, i) => (b[2 * i]! << 8) | b[2 * i + 1]!));
  return { listing, evidence: unframeAll(evidenceFrame ?? new Uint8Array(0)) };
}
