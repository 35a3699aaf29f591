import { createHash } from 'node:crypto';

/** Characters a file name component keeps as they are: portable on every file system we run on. */
const SAFE = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;
const MAX = 80;

/**
 * A label (a seed, an architecture, an attack or preset name) as one safe file-name component: no
 * path separators, no `.`/`..`, no leading dot or dash, at most 80 characters. A label that is
 * already safe is kept as it is; any other gets its unsafe characters replaced and `~` plus a short
 * hash of the original appended. `~` never appears in a kept label, so two distinct labels always
 * give two distinct names (up to a 48-bit hash collision among changed ones).
 */
export function safeName(label: string): string {
  if (SAFE.test(label) && label.length <= MAX) return label;
  const hash = createHash('sha256').update(label, 'utf8').digest('hex').slice(0, 12);
  const kept = label.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[.-]+/, '_').slice(0, MAX - hash.length - 1);
  return `${kept || '_'}~${hash}`;
}
