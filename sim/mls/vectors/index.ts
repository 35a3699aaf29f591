// The RFC 9420 test-vector kinds the engine is checked against (mlswg/mls-implementations
// test-vectors.md), and how a file's kind is recognised from its cases' fields.
import { cryptoBasics } from './cryptoBasics.ts';
import { deserialization } from './deserialization.ts';
import { keySchedule } from './keySchedule.ts';
import type { VectorKind } from './kind.ts';
import { messageProtection } from './messageProtection.ts';
import { messages } from './messages.ts';
import { passiveClientHandlingCommit, passiveClientWelcome } from './passiveClient.ts';
import { pskSecret } from './pskSecret.ts';
import { secretTree } from './secretTree.ts';
import { transcriptHashes } from './transcriptHashes.ts';
import { treekem } from './treekem.ts';
import { treeMath } from './treeMath.ts';
import { treeOperations } from './treeOperations.ts';
import { treeValidation } from './treeValidation.ts';
import { welcome } from './welcome.ts';

export type { VectorKind } from './kind.ts';
export type { CaseOutcome } from './outcome.ts';
export { vectorEnv, RFC_SUITE_NAMES, type VectorEnv } from './env.ts';
export { shapeError, type Shape } from './schema.ts';

export const VECTOR_KINDS: readonly VectorKind[] = [treeMath, cryptoBasics, secretTree, messageProtection, keySchedule, pskSecret, transcriptHashes, welcome, treeOperations, treeValidation, treekem, messages, deserialization, passiveClientWelcome, passiveClientHandlingCommit];

/**
 * The kind of a vector file, from its cases' fields (see kindOfCase). The two passive-client kinds share
 * their fields: a file whose cases follow no commits is passive-client-welcome.
 */
export function kindOfFile(cases: readonly unknown[]): VectorKind | undefined {
  const k = kindOfCase(cases[0]);
  if (k !== passiveClientWelcome && k !== passiveClientHandlingCommit) return k;
  const followsCommits = cases.some((c) => Array.isArray((c as { epochs?: unknown }).epochs) && (c as { epochs: unknown[] }).epochs.length > 0);
  return followsCommits ? passiveClientHandlingCommit : passiveClientWelcome;
}

/**
 * The kind whose fields a case has, the one with the most fields if several fit; undefined when none
 * does. Field names, not the file name, decide.
 */
export function kindOfCase(c: unknown): VectorKind | undefined {
  if (typeof c !== 'object' || c === null || Array.isArray(c)) return undefined;
  const has = (k: string) => Object.hasOwn(c, k);
  const fits = VECTOR_KINDS.filter((k) => Object.keys(k.shape.object).every(has));
  return fits.sort((a, b) => Object.keys(b.shape.object).length - Object.keys(a.shape.object).length)[0];
}
