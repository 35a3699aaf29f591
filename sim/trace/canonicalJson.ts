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
  const { sorted, quoted } = shapeOf(obj);
  let out = '{';
  let first = true;
  for (let i = 0; i < sorted.length; i++) {
    const v = obj[sorted[i]!];
    if (v === undefined) continue;
    // Strings and finite numbers (most fields of most records) without a call back in here.
    const json = typeof v === 'string' ? JSON.stringify(v) : typeof v === 'number' && Number.isFinite(v) ? `${v}` : canonicalJson(v);
    out += (first ? quoted[i]! : ',' + quoted[i]!) + json;
    first = false;
  }
  return out + '}';
}

/** An object shape (its keys in insertion order): the keys sorted, and each as `"key":`. */
interface Shape {
  readonly sorted: readonly string[];
  readonly quoted: readonly string[];
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
  return { sorted, quoted: sorted.map((k) => `${JSON.stringify(k)}:`) };
}
