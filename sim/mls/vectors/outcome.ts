// What checking one test-vector case gives: pass, fail with the first mismatches, or unsupported with why.
export type CaseOutcome =
  | { readonly kind: 'pass' }
  | { readonly kind: 'fail'; readonly detail: string }
  | { readonly kind: 'unsupported'; readonly detail: string };

/** Collects mismatches while a case is checked; `outcome()` is pass when there were none. */
export class Expectations {
  private readonly failures: string[] = [];

  bytes(what: string, actual: Uint8Array | undefined, expected: Uint8Array): void {
    if (actual === undefined) this.failures.push(`${what}: missing`);
    else if (!sameBytes(actual, expected)) this.failures.push(`${what}: got ${short(actual)}, expected ${short(expected)}`);
  }

  equal<T>(what: string, actual: T, expected: T): void {
    if (actual !== expected) this.failures.push(`${what}: got ${String(actual)}, expected ${String(expected)}`);
  }

  true(what: string, ok: boolean): void {
    if (!ok) this.failures.push(what);
  }

  fail(what: string): void {
    this.failures.push(what);
  }

  outcome(): CaseOutcome {
    if (this.failures.length === 0) return { kind: 'pass' };
    const more = this.failures.length > 3 ? ` (+${this.failures.length - 3} more)` : '';
    return { kind: 'fail', detail: this.failures.slice(0, 3).join('; ') + more };
  }
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

const short = (b: Uint8Array) => {
  const h = Buffer.from(b).toString('hex');
  return h.length > 24 ? `${h.slice(0, 24)}… (${b.length} B)` : h || '(empty)';
};
