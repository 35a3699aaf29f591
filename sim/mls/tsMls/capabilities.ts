// Leaf-node capabilities (RFC 9420 §7.2), built here rather than with ts-mls's defaultCapabilities,
// whose GREASE values come from Math.random.
import type { Capabilities, CiphersuiteName } from 'ts-mls';
import type { CapabilityOptions, MlsExtension } from '../engine.ts';
import type { SuiteParams } from './ciphersuites.ts';
import { suiteParams, tsMlsCiphersuites } from './ciphersuites.ts';

/** last_resort KeyPackage extension (draft-ietf-mls-extensions, IANA MLS Extension Types 0x000A). */
export const LAST_RESORT_EXTENSION = 0x000a;

// The suites every leaf advertises besides its own. Suite 81 came later and is left out, so that adding
// it did not change every KeyPackage (and with it every trace digest) of the other suites.
const ADVERTISED = [1, 3, 83, 84, 87];

/** RFC 9420 §13.5 reserves 0x0A0A, 0x1A1A, ..., 0xEAEA. */
const GREASE = Array.from({ length: 15 }, (_, i) => i * 0x1010 + 0x0a0a);

export function buildCapabilities(
  params: SuiteParams,
  options: CapabilityOptions | undefined,
  leafExtensions: readonly MlsExtension[],
  grease: Uint8Array | undefined,
): Capabilities {
  const pick = (i: number): number[] => (grease === undefined ? [] : [GREASE[(grease[i] ?? 0) % GREASE.length]!]);
  const others =
    options?.ciphersuites === undefined
      ? tsMlsCiphersuites.filter((s) => ADVERTISED.includes(s.id) && s.name !== params.name)
      : unique(options.ciphersuites).map((id) => suiteParams(id)).filter((s) => s.name !== params.name);
  const ciphersuites: CiphersuiteName[] = [params.name, ...others.map((s) => s.name)];
  return {
    versions: ['mls10'],
    ciphersuites,
    // RFC 9420 §7.2: every extension carried in the leaf must be listed here.
    extensions: unique([...(options?.extensions ?? []), ...leafExtensions.map((e) => e.type), LAST_RESORT_EXTENSION, ...pick(0)]),
    proposals: unique([...(options?.proposals ?? []), ...pick(1)]),
    // Both credential types the engine accepts (as ts-mls's defaultCapabilities lists them); OpenMLS-based
    // deployments reject KeyPackages that do not list x509.
    credentials: unique(['basic' as const, 'x509' as const, ...(options?.credentials ?? [])]),
  };
}

function unique<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}

/** The GREASE values (RFC 9420 §13.5) among a leaf's extension or proposal types. */
export const greaseOf = (types: readonly number[]): number[] => types.filter((t) => GREASE.includes(t));
