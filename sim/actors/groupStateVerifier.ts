import type { NodeId, SimTime } from '../core/index.ts';
import type { Trace } from '../trace/index.ts';

/**
 * "Verify group state", as the IETF MLS interop harness does: after every commit each member reports
 * its epoch authenticator (RFC 9420 §8.7) and all members of one epoch must agree. The first report
 * fixes the value; any later disagreement is counted and traced as a mismatch.
 */
export class GroupStateVerifier {
  private readonly expected = new Map<string, string>();
  checks = 0;
  mismatches = 0;

  constructor(private readonly trace: Trace) {}

  report(t: SimTime, group: string, epoch: number, by: NodeId, authenticator: Uint8Array): boolean {
    const key = `${group}#${epoch}`;
    const hex = Buffer.from(authenticator).toString('hex');
    const first = this.expected.get(key);
    this.checks++;
    const ok = first === undefined || first === hex;
    if (first === undefined) this.expected.set(key, hex);
    if (!ok) this.mismatches++;
    this.trace.emit({ type: 'verify', t, group, epoch, by, ok });
    return ok;
  }
}
