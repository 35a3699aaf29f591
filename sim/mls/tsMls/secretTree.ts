// The secret tree (RFC 9420 §9), derived on demand. ts-mls 1.6.4 derives all 2N-1 nodes and both
// ratchet roots of each (3 expands per node) whenever an epoch starts: at 512 members that is ~3,000
// HKDF-Expands per commit, joiner and receiver, though a member only ever reads the leaves of the
// senders it hears from. With the native provider (synchronous HKDF) we hand ts-mls an array that
// derives an entry the first time it is read. It is a Proxy over a sparse array: reads of an index
// derive and keep the entry; `slice()` (how ts-mls updates a ratchet) copies what was derived and stays
// lazy; any other use (iteration, encoding, deletion of old epochs) derives the rest first, so every
// consumer sees exactly the array ts-mls would have built. Derived values are the same bytes.
import type { CiphersuiteImpl, SecretTree } from 'ts-mls';
import { createSecretTree as tsCreateSecretTree } from 'ts-mls/secretTree.js';
import { syncKdfOf } from './native/nativeHash.ts';

type Node = SecretTree[number];

export async function createSecretTree(leafWidth: number, encryptionSecret: Uint8Array, cs: CiphersuiteImpl): Promise<SecretTree> {
  const sync = syncKdfOf(cs.kdf);
  if (sync === undefined) return tsCreateSecretTree(leafWidth, encryptionSecret, cs.kdf);
  const width = 2 * leafWidth - 1;
  const rootIndex = (1 << Math.floor(Math.log2(width))) - 1;
  const secrets = new Map<number, Uint8Array>([[rootIndex, encryptionSecret.slice()]]);
  const te = new TextEncoder();
  const LEFT = te.encode('left');
  const RIGHT = te.encode('right');
  const EMPTY = new Uint8Array(0);
  // RFC 9420 §9: left = ExpandWithLabel(parent, "tree", "left", Nh), right likewise; a node's ratchets
  // start at ExpandWithLabel(node, "handshake" | "application", "", Nh).
  const treeSecret = (i: number): Uint8Array => {
    const known = secrets.get(i);
    if (known !== undefined) return known;
    const level = levelOf(i);
    const parent = parentOf(i, level, width);
    const s = sync.expandWithLabel(treeSecret(parent), 'tree', i < parent ? LEFT : RIGHT, sync.size);
    secrets.set(i, s);
    return s;
  };
  const entry = (i: number): Node => {
    const s = treeSecret(i);
    return {
      handshake: { secret: sync.expandWithLabel(s, 'handshake', EMPTY, sync.size), generation: 0, unusedGenerations: {} },
      application: { secret: sync.expandWithLabel(s, 'application', EMPTY, sync.size), generation: 0, unusedGenerations: {} },
    };
  };
  return lazyArray(new Array<Node>(width), width, entry);
}

function lazyArray(target: Node[], width: number, entry: (i: number) => Node): SecretTree {
  const at = (i: number): Node => {
    let v = target[i];
    if (v === undefined) target[i] = v = entry(i);
    return v;
  };
  const materialize = () => {
    for (let i = 0; i < width; i++) at(i);
    return target;
  };
  const proxy: Node[] = new Proxy(target, {
    get(t, p) {
      if (typeof p === 'string') {
        const i = indexOf(p);
        if (i !== undefined) return i < width ? at(i) : undefined;
        if (p === 'length') return width;
        // Promise resolution probes `then` on whatever an async function returns: not an array use.
        if (p === 'then') return undefined;
        if (p === 'slice') {
          return (start?: number, end?: number) =>
            start === undefined && end === undefined ? lazyArray(t.slice(), width, entry) : materialize().slice(start, end);
        }
      }
      return Reflect.get(materialize(), p);
    },
    // Writing an entry (how ts-mls replaces a ratchet in its copy) needs nothing derived.
    set: (t, p, v) => Reflect.set(t, p, v),
    has: (t, p) => Reflect.has(materialize(), p),
    ownKeys: () => Reflect.ownKeys(materialize()),
    getOwnPropertyDescriptor: (t, p) => Reflect.getOwnPropertyDescriptor(materialize(), p),
  });
  return proxy;
}

function indexOf(p: string): number | undefined {
  if (p.length === 0 || p.length > 10) return undefined;
  const c = p.charCodeAt(0);
  if (c < 48 || c > 57 || (c === 48 && p.length > 1)) return undefined;
  const n = Number(p);
  return Number.isInteger(n) ? n : undefined;
}

function levelOf(x: number): number {
  let k = 0;
  while (((x >> k) & 1) === 1) k++;
  return k;
}

// RFC 9420 Appendix C: the parent of x at level k.
function parentOf(x: number, k: number, _width: number): number {
  const b = (x >> (k + 1)) & 1;
  return (x | (1 << k)) ^ (b << (k + 1));
}
