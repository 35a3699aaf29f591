import { byRegistration, type Candidate } from './candidate.ts';
import type { ChoicePolicy } from './choicePolicy.ts';
import type { ProviderId } from './providerId.ts';
import type { Resolution, ResolutionSource } from './resolution.ts';

const resolved = (c: Candidate, source: ResolutionSource): Resolution => ({ kind: 'resolved', provider: c.provider, stale: c.stale, source });

/** Narrows the candidates of one lookup to a resolution; a single candidate needs no policy. */
export function applyPolicy(candidates: readonly Candidate[], policy: ChoicePolicy, senderHome: ProviderId, source: ResolutionSource): Resolution {
  const sorted = candidates.slice().sort(byRegistration);
  const first = sorted[0];
  if (first === undefined) return { kind: 'unresolvable', reason: 'not-registered' };
  if (sorted.length === 1) return resolved(first, source);
  const ambiguous: Resolution = { kind: 'ambiguous', candidates: sorted.map((c) => c.provider), policy: policy.kind };
  switch (policy.kind) {
    case 'first-registered':
      return resolved(first, source);
    case 'last-registered':
      // The latest start wins; among equal starts the tie-break is the reverse of first-registered's.
      return resolved(sorted[sorted.length - 1]!, source);
    case 'preferred-provider-list': {
      for (const p of policy.order) {
        const hit = sorted.find((c) => c.provider === p);
        if (hit !== undefined) return resolved(hit, source);
      }
      return ambiguous;
    }
    case 'same-provider-as-sender': {
      const hit = sorted.find((c) => c.provider === senderHome);
      return hit === undefined ? ambiguous : resolved(hit, source);
    }
    case 'ask-user':
    case 'reject':
      return ambiguous;
    default: {
      const never: never = policy;
      throw new Error(`unknown choice policy ${JSON.stringify(never)}`);
    }
  }
}
