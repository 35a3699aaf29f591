/**
 * JSON with object keys sorted at every level, so the same record always has the same bytes whatever
 * order its fields were written in. Byte arrays become lowercase hex; bigints become decimal strings.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'bigint') return JSON.stringify(value.toString());
    if (typeof value === 'number' && !Number.isFinite(value)) return 'null';
    return value === undefined ? 'null' : JSON.stringify(value);
  }
  if (value instanceof Uint8Array) return JSON.stringify(Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex'));
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + canonicalJson(value[i]);
    return out + ']';
  }
  const obj = value as Record<string, unknown>;
  const shape = shapeOf(obj);
  if (shape.fast === undefined && shape.seen++ === 0) shape.fast = fastWriter(shape, obj);
  return shape.fast?.(obj) ?? generic(shape, obj);
}

/** Any object of a shape: each value written by canonicalJson, undefined ones left out. */
function generic(shape: Shape, obj: Record<string, unknown>): string {
  const { sorted, quoted } = shape;
  let out = '{';
  let first = true;
  for (let i = 0; i < sorted.length; i++) {
    const v = obj[sorted[i]!];
    if (v === undefined) continue;
    const json = typeof v === 'string' ? JSON.stringify(v) : typeof v === 'number' && Number.isFinite(v) ? `${v}` : canonicalJson(v);
    out += (first ? quoted[i]! : ',' + quoted[i]!) + json;
    first = false;
  }
  return out + '}';
}

/** Writes an object of its shape whose values are all flat, or returns undefined (then the generic path writes it). */
type FastWriter = (obj: Record<string, unknown>) => string | undefined;

/** An object shape (its keys in insertion order): the keys sorted, and each as `"key":`. */
interface Shape {
  readonly sorted: readonly string[];
  readonly quoted: readonly string[];
  /** Made from the first object of the shape if every value was a string, finite number or boolean. */
  fast: FastWriter | undefined;
  seen: number;
}

/**
 * A writer for objects of `shape` whose values have the types `example`'s have (each a string, a
 * finite number or a boolean): one string expression, each value read by name, checked by type
 * first (any other value, undefined included, falls back to the generic path). Trace records are
 * nearly all such objects of a handful of shapes, and this writes them about twice as fast. Keys
 * enter the generated code only as JSON string literals, so any key is safe.
 */
function fastWriter(shape: Shape, example: Record<string, unknown>): FastWriter | undefined {
  const checks: string[] = [];
  const parts: string[] = [];
  for (let i = 0; i < shape.sorted.length; i++) {
    const key = JSON.stringify(shape.sorted[i]!);
    const v = example[shape.sorted[i]!];
    const prefix = JSON.stringify(`${i === 0 ? '{' : ','}${shape.quoted[i]!}`);
    if (typeof v === 'string') {
      checks.push(`typeof v${i} !== 'string'`);
      parts.push(`${prefix} + S(v${i})`);
    } else if (typeof v === 'number' && Number.isFinite(v)) {
      checks.push(`typeof v${i} !== 'number' || !F(v${i})`);
      parts.push(`${prefix} + v${i}`);
    } else if (typeof v === 'boolean') {
      checks.push(`typeof v${i} !== 'boolean'`);
      parts.push(`${prefix} + v${i}`);
    } else return undefined;
  }
  if (parts.length === 0) return undefined;
  const reads = shape.sorted.map((k, i) => `const v${i} = r[${JSON.stringify(k)}];`).join('\n');
  const body = `${reads}\nif (${checks.join(' || ')}) return undefined;\nreturn ${parts.join(' + ')} + '}';`;
  try {
    return new Function('S', 'F', `'use strict'; return function (r) {\n${body}\n};`)(JSON.stringify, Number.isFinite) as FastWriter;
  } catch {
    return undefined; // code generation disallowed (node --disallow-code-generation-from-strings): the generic path
  }
}

interface ShapeNode {
  readonly next: Map<string, ShapeNode>;
  shape: Shape | undefined;
}

// Trace records come in a handful of shapes: each shape's keys are sorted and quoted once, found by
// walking a trie of the keys in insertion order (no string is built per record to look it up).
const root: ShapeNode = { next: new Map(), shape: undefined };
let shapes = 0;
const MAX_SHAPES = 4096;

/** The shape of `obj`'s own enumerable keys, walked in insertion order without listing them first. */
function shapeOf(obj: Record<string, unknown>): Shape {
  let node = root;
  for (const k in obj) {
    if (!Object.hasOwn(obj, k)) return makeShape(Object.keys(obj)); // inherited keys: not a plain record
    let n = node.next.get(k);
    if (n === undefined) {
      if (shapes >= MAX_SHAPES) return makeShape(Object.keys(obj)); // odd data: sort each time rather than grow without bound
      node.next.set(k, (n = { next: new Map(), shape: undefined }));
    }
    node = n;
  }
  if (node.shape === undefined) {
    node.shape = makeShape(Object.keys(obj));
    shapes++;
  }
  return node.shape;
}

function makeShape(keys: readonly string[]): Shape {
  const sorted = [...keys].sort();
  return { sorted, quoted: sorted.map((k) => `${JSON.stringify(k)}:`), fast: undefined, seen: 0 };
}
