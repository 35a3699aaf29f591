// The secret tree (RFC 9420 §9), derived on demand. ts-mls 1.6.4 derives all 2N-1 nodes and both
// ratchet roots of each (3 expands per node) whenever an epoch starts: at 512 members that is ~3,000
// HKDF-Expands per commit, joiner and receiver, though a member only ever reads the leaves of the
// senders it hears from. With the native provider (synchronous HKDF) we hand ts-mls an array that
// derives an entry the first time it is read.
//
// ts-mls treats the tree as an immutable array: each message sent or received makes a new version
// (`tree.slice()`, then one entry replaced). So one epoch's derivations live in an `EpochTree` that
// every version of that epoch shares, and a version is a Proxy holding only the entries ts-mls
// replaced in it: a slice copies those (one or a few per sender heard from), not the whole width, and
// makes one small object, not a handler with its closures (issue 14: a receiver made a full-width
// copy per message, most of what the heap kept past a scavenge). Reads of an index give the version's
// own entry, else the epoch's generation-0 entry, derived once; `slice()` stays lazy; any other use
// (iteration, encoding) fills the version's array first, so every consumer sees exactly the array
// ts-mls would have built. Derived values are the same bytes.
//
// What is kept (RFC 9420 §9.2 lets a member forget consumed secrets): intermediate node secrets, Nh
// bytes each in one growing buffer per epoch (a Uint8Array per secret cost about 250 bytes of heap);
// no leaf's tree secret (it only seeds the leaf's two ratchets, derived together); a generation-0
// entry only until some version of the tree replaces it (a version that still reads it derives it
// again from its parent: same bytes).
import type { CiphersuiteImpl, SecretTree } from 'ts-mls';
import { createSecretTree as tsCreateSecretTree } from 'ts-mls/secretTree.js';
import { syncKdfOf, type SyncKdf } from './native/nativeHash.ts';

type Node = SecretTree[number];

const te = new TextEncoder();
const LEFT = te.encode('left');
const RIGHT = te.encode('right');
const EMPTY = new Uint8Array(0);

export async function createSecretTree(leafWidth: number, encryptionSecret: Uint8Array, cs: CiphersuiteImpl): Promise<SecretTree> {
  const sync = syncKdfOf(cs.kdf);
  if (sync === undefined) return tsCreateSecretTree(leafWidth, encryptionSecret, cs.kdf);
  return new Proxy<Node[]>([], new Version(new EpochTree(2 * leafWidth - 1, encryptionSecret, sync), []));
}

/** One epoch's secret tree: what its versions share. */
class EpochTree {
  /** Intermediate node secrets: node index -> slot; slot k is bytes [k * size, (k + 1) * size) of `slab`. */
  private readonly slots = new Map<number, number>();
  private slab: Uint8Array;
  /** Generation-0 entries derived and not yet replaced by any version. */
  private readonly initial = new Map<number, Node | undefined>();
  private readonly size: number;

  constructor(
    readonly width: number,
    rootSecret: Uint8Array,
    private readonly sync: SyncKdf,
  ) {
    this.size = sync.size;
    this.slab = new Uint8Array(4 * this.size);
    this.store((1 << Math.floor(Math.log2(width))) - 1, rootSecret);
  }

  /** The entry for node `i` before any ratchet moved: the two ratchet roots of its tree secret. */
  entry(i: number): Node {
    let v = this.initial.get(i);
    if (v === undefined) {
      const s = this.treeSecret(i);
      v = {
        handshake: { secret: this.sync.expandWithLabel(s, 'handshake', EMPTY, this.size), generation: 0, unusedGenerations: {} },
        application: { secret: this.sync.expandWithLabel(s, 'application', EMPTY, this.size), generation: 0, unusedGenerations: {} },
      };
      this.initial.set(i, v);
    }
    return v;
  }

  /** A version replaced entry `i`: the epoch no longer keeps its generation-0 form (set, not deleted: a Map that shrinks reallocates). */
  replaced(i: number): void {
    if (this.initial.get(i) !== undefined) this.initial.set(i, undefined);
  }

  // RFC 9420 §9: left = ExpandWithLabel(parent, "tree", "left", Nh), right likewise. A leaf's secret
  // (even index) is returned, not kept; an intermediate one is kept for the leaves below it.
  private treeSecret(i: number): Uint8Array {
    const slot = this.slots.get(i);
    if (slot !== undefined) return this.slab.subarray(slot * this.size, (slot + 1) * this.size);
    const level = levelOf(i);
    const parent = parentOf(i, level);
    const s = this.sync.expandWithLabel(this.treeSecret(parent), 'tree', i < parent ? LEFT : RIGHT, this.size);
    if ((i & 1) === 1) this.store(i, s);
    return s;
  }

  private store(i: number, secret: Uint8Array): void {
    const slot = this.slots.size;
    if ((slot + 1) * this.size > this.slab.length) {
      const bigger = new Uint8Array(this.slab.length * 2);
      bigger.set(this.slab);
      this.slab = bigger;
    }
    this.slab.set(secret.subarray(0, this.size), slot * this.size);
    this.slots.set(i, slot);
  }
}

/**
 * One version of an epoch's tree, as the Proxy handler of its (initially empty) array: `own` holds the
 * entries ts-mls wrote into this version, as index, entry, index, entry... (a few: one per sender
 * heard from this epoch; copied per version). Once something needs the whole array (iteration,
 * encoding, key listing) the target is filled and reads come from it.
 */
class Version implements ProxyHandler<Node[]> {
  constructor(
    private readonly tree: EpochTree,
    private readonly own: (number | Node)[],
  ) {}

  private at(t: Node[], i: number): Node {
    const v = t[i];
    if (v !== undefined) return v;
    const own = this.own;
    for (let k = 0; k < own.length; k += 2) if (own[k] === i) return own[k + 1] as Node;
    return this.tree.entry(i);
  }

  private materialize(t: Node[]): Node[] {
    if (t.length !== this.tree.width) for (let i = 0; i < this.tree.width; i++) t[i] = this.at(t, i);
    return t;
  }

  get(t: Node[], p: string | symbol): unknown {
    if (typeof p === 'string') {
      const i = indexOf(p);
      if (i !== undefined) return i < this.tree.width ? this.at(t, i) : undefined;
      if (p === 'length') return this.tree.width;
      // Promise resolution probes `then` on whatever an async function returns: not an array use.
      if (p === 'then') return undefined;
      if (p === 'slice') {
        return (start?: number, end?: number) =>
          start === undefined && end === undefined
            ? new Proxy<Node[]>([], new Version(this.tree, this.own.slice()))
            : this.materialize(t).slice(start, end);
      }
    }
    return Reflect.get(this.materialize(t), p);
  }

  // Writing an entry (how ts-mls replaces a ratchet in its copy) needs nothing derived.
  set(t: Node[], p: string | symbol, v: unknown): boolean {
    const i = typeof p === 'string' ? indexOf(p) : undefined;
    if (i === undefined || i >= this.tree.width) return Reflect.set(t, p, v);
    const own = this.own;
    let k = 0;
    while (k < own.length && own[k] !== i) k += 2;
    own[k] = i;
    own[k + 1] = v as Node;
    this.tree.replaced(i);
    if (t.length === this.tree.width) t[i] = v as Node;
    return true;
  }

  has(t: Node[], p: string | symbol): boolean {
    return Reflect.has(this.materialize(t), p);
  }

  ownKeys(t: Node[]): ArrayLike<string | symbol> {
    return Reflect.ownKeys(this.materialize(t));
  }

  getOwnPropertyDescriptor(t: Node[], p: string | symbol): PropertyDescriptor | undefined {
    return Reflect.getOwnPropertyDescriptor(this.materialize(t), p);
  }
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
function parentOf(x: number, k: number): number {
  const b = (x >> (k + 1)) & 1;
  return (x | (1 << k)) ^ (b << (k + 1));
}
