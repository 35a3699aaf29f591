import { InvalidArgumentError } from 'commander';
import { ARCHITECTURE_NAMES, type ArchitectureName } from '../interop/architecture.ts';

/** Commander argument parsers that reject bad values with a one-line message naming the flag. */
export function positiveIntOption(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError(`${flag} expects a positive integer, got "${value}"`);
    return n;
  };
}

export function seedOption(value: string): string {
  if (value.trim() === '' || value.length > 200) throw new InvalidArgumentError(`--seed expects a non-empty value of at most 200 characters, got "${value}"`);
  return value.trim();
}

export function portOption(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < 0 || n > 65535) throw new InvalidArgumentError(`--port expects an integer 0-65535, got "${value}"`);
  return n;
}

export function architecturesOption(value: string): ArchitectureName[] {
  const names = value.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = names.filter((n) => !(ARCHITECTURE_NAMES as readonly string[]).includes(n));
  if (names.length === 0 || bad.length > 0) throw new InvalidArgumentError(`--architectures: unknown ${bad.map((b) => `"${b}"`).join(', ') || '(empty list)'}; expected some of ${ARCHITECTURE_NAMES.join(', ')}`);
  return [...new Set(names)] as ArchitectureName[];
}

/** A comma-separated list of names (checked against what exists by the command itself). */
export function listOption(flag: string) {
  return (value: string): string[] => {
    const names = value.split(',').map((s) => s.trim()).filter(Boolean);
    if (names.length === 0) throw new InvalidArgumentError(`${flag} expects a comma-separated list, got "${value}"`);
    return [...new Set(names)];
  };
}

/** `--protocol mls|signal`: the E2EE protocol of the whole run, overriding the scenario's `protocol`. */
export function protocolOption(value: string): 'mls' | 'signal' {
  const v = value.trim();
  if (v !== 'mls' && v !== 'signal') throw new InvalidArgumentError(`--protocol expects mls or signal, got "${value}"`);
  return v;
}
