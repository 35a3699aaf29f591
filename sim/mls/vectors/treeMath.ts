// tree-math: node index arithmetic of the left-balanced binary tree (RFC 9420 Appendix C), through
// ts-mls's treemath, which the engine's tree code uses.
import { left, nodeWidth, parent, right, root, sibling, isLeaf, toNodeIndex } from 'ts-mls/treemath.js';
import type { VectorKind } from './kind.ts';
import { Expectations } from './outcome.ts';

const optionalUints = { array: 'uint?' } as const;

export const treeMath: VectorKind = {
  name: 'tree-math',
  shape: { object: { n_leaves: 'uint', n_nodes: 'uint', root: 'uint', left: optionalUints, right: optionalUints, parent: optionalUints, sibling: optionalUints } },
  async check(c) {
    const e = new Expectations();
    const n = c.n_leaves as number;
    const w = nodeWidth(n);
    e.equal('n_nodes', w, c.n_nodes);
    const r = root(n);
    e.equal('root', r, c.root);
    const at = (field: string, i: number) => (c[field] as (number | null)[])[i] ?? null;
    for (let i = 0; i < w; i++) {
      const x = toNodeIndex(i);
      const leaf = isLeaf(x);
      e.equal(`left[${i}]`, leaf ? null : left(x), at('left', i));
      e.equal(`right[${i}]`, leaf ? null : right(x), at('right', i));
      e.equal(`parent[${i}]`, x === r ? null : parent(x, n), at('parent', i));
      e.equal(`sibling[${i}]`, x === r ? null : sibling(x, n), at('sibling', i));
    }
    return e.outcome();
  },
};
