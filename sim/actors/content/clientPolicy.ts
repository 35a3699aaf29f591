import { adoptedShare, type ContentCapabilities, type RolloutCurve } from '../../content/index.ts';

/** A later client version: what it renders and which suites it speaks once a client adopts it. */
export interface ClientUpgrade {
  readonly content?: ContentCapabilities;
  readonly ciphersuites?: readonly number[];
  readonly curve: RolloutCurve;
}

/** What the clients of one provider can do, and how that changes as new versions roll out. */
export interface ClientPolicy {
  readonly content: ContentCapabilities;
  /** Most preferred first; empty for a client without MLS (an SMS-only phone). */
  readonly ciphersuites: readonly number[];
  /** When a recipient cannot be reached end-to-end: send in clear through the providers, or not at all. */
  readonly fallback: 'cleartext' | 'none';
  readonly upgrades: readonly ClientUpgrade[];
}

/**
 * One device's client: its own uniform draw `u` places it on every rollout curve (sim/content
 * rollout.ts), so it adopts each upgrade once, at a time fixed by the draw, and never goes back.
 */
export class ContentClient {
  /** Upgrades adopted so far (0 = the initial version). */
  stage = 0;

  constructor(
    readonly policy: ClientPolicy,
    readonly u: number,
  ) {}

  // Read for every copy rendered: the upgrades adopted are walked in place (no slice per read).
  get content(): ContentCapabilities {
    const { upgrades } = this.policy;
    let c = this.policy.content;
    for (let i = 0; i < this.stage && i < upgrades.length; i++) c = upgrades[i]!.content ?? c;
    return c;
  }

  get ciphersuites(): readonly number[] {
    const { upgrades } = this.policy;
    let s = this.policy.ciphersuites;
    for (let i = 0; i < this.stage && i < upgrades.length; i++) s = upgrades[i]!.ciphersuites ?? s;
    return s;
  }

  get hasMls(): boolean {
    return this.ciphersuites.length > 0;
  }

  /**
   * When (seconds) this client adopts each upgrade, or undefined if not by `endSeconds`: the first
   * instant at which `u < adoptedShare(curve, t)` (curves never decrease, so a bisection finds it).
   */
  adoptionTimes(endSeconds: number): (number | undefined)[] {
    return this.policy.upgrades.map(({ curve }) => {
      const adopted = (t: number) => this.u < adoptedShare(curve, t);
      if (adopted(0)) return 0;
      if (!adopted(endSeconds)) return undefined;
      let lo = 0, hi = endSeconds;
      for (let i = 0; i < 50 && hi - lo > 1e-6; i++) {
        const mid = (lo + hi) / 2;
        if (adopted(mid)) hi = mid;
        else lo = mid;
      }
      return hi;
    });
  }
}
