/**
 * A parsed tree as plain numbers, to hand a tree from the thread that parsed it to another thread
 * (transferred, not copied) or to the cache, and to rebuild the `SyntaxTree` there without parsing
 * again: five 32-bit integers per node in pre-order (type id, field id, start index, end index,
 * subtree end) and the pre-order positions of tokens the parser inserted.
 */
import { SyntaxNode, SyntaxTree, type Symbols } from './syntax-tree.js';

export interface EncodedTree {
  nodes: Int32Array;
  missing: number[];
}

const WIDTH = 5;

export function encodeTree(tree: SyntaxTree): EncodedTree {
  const nodes = tree.nodes;
  const out = new Int32Array(nodes.length * WIDTH);
  for (let i = 0, k = 0; i < nodes.length; i++, k += WIDTH) {
    const n = nodes[i]!;
    out[k] = n.typeId;
    out[k + 1] = n.fieldId;
    out[k + 2] = n.startIndex;
    out[k + 3] = n.endIndex;
    out[k + 4] = n.subtreeEnd;
  }
  return { nodes: out, missing: [...tree.missing] };
}

/** Rebuilds the tree `encodeTree` encoded, over the same source text. */
export function decodeTree(encoded: EncodedTree, source: string, symbols: Symbols): SyntaxTree {
  const tree = new SyntaxTree(source, symbols);
  const data = encoded.nodes;
  const count = data.length / WIDTH;
  if (!Number.isInteger(count) || count < 1) throw new Error('not an encoded tree');
  const nodes = tree.nodes;
  const open: SyntaxNode[] = [];
  for (let i = 0, k = 0; i < count; i++, k += WIDTH) {
    while (open.length && open[open.length - 1]!.subtreeEnd <= i) open.pop();
    const node = new SyntaxNode(tree, i, data[k]!, data[k + 1]!, data[k + 2]!, data[k + 3]!, open[open.length - 1] ?? null);
    node.subtreeEnd = data[k + 4]!;
    if (node.subtreeEnd <= i || node.subtreeEnd > count || node.endIndex > source.length) throw new Error('the encoded tree does not fit its source');
    nodes.push(node);
    open.push(node);
  }
  for (const m of encoded.missing) tree.missing.add(m);
  tree.reserveIds();
  return tree;
}

/** The encoding as one buffer (for the cache): node count, missing count, nodes, missing. */
export function treeToBuffer(encoded: EncodedTree): Buffer {
  const buf = Buffer.alloc(8 + encoded.nodes.byteLength + 4 * encoded.missing.length);
  buf.writeUInt32LE(encoded.nodes.length / WIDTH, 0);
  buf.writeUInt32LE(encoded.missing.length, 4);
  Buffer.from(encoded.nodes.buffer, encoded.nodes.byteOffset, encoded.nodes.byteLength).copy(buf, 8);
  encoded.missing.forEach((m, i) => buf.writeUInt32LE(m, 8 + encoded.nodes.byteLength + 4 * i));
  return buf;
}

export function treeFromBuffer(buf: Buffer): EncodedTree {
  const count = buf.readUInt32LE(0);
  const missingCount = buf.readUInt32LE(4);
  const bytes = count * WIDTH * 4;
  if (buf.length !== 8 + bytes + 4 * missingCount) throw new Error('truncated tree');
  // A copy: the buffer may be a slice of a pooled allocation, not aligned for an Int32Array.
  const nodes = new Int32Array(count * WIDTH);
  Buffer.from(nodes.buffer).set(buf.subarray(8, 8 + bytes));
  const missing = Array.from({ length: missingCount }, (_, i) => buf.readUInt32LE(8 + bytes + 4 * i));
  return { nodes, missing };
}

/**
 * The tree in shared memory: the thread that keeps it (for the change passes and the cache) sends it
 * on to the workers of the rules' pass and of the change passes; a shared buffer crosses each of those
 * without a copy (a copy of a large file's tree is tens of MB).
 */
export function sharedTree(tree: EncodedTree): EncodedTree {
  const nodes = new Int32Array(new SharedArrayBuffer(tree.nodes.byteLength));
  nodes.set(tree.nodes);
  return { nodes, missing: tree.missing };
}
