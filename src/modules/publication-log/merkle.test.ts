import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  EMPTY_ROOT,
  MemoryTreeStore,
  MerkleAppender,
  assembleProof,
  completedNodesAfterAppend,
  consistencyProof,
  consistencyProofPlan,
  frontierNodes,
  inclusionProof,
  inclusionProofPlan,
  leafHash,
  nodeHash,
  perfectNodeHash,
  planNodeIds,
  rootFromInclusionProof,
  rootFromLeafHashes,
  rootFromStore,
  splitPoint,
  subtreeNodes,
  verifyConsistency,
  verifyInclusion,
  type TreeStore,
} from './merkle.ts';

const sha = (...parts: Uint8Array[]) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const unhex = (s: string) => Buffer.from(s, 'hex');

// ---- Reference implementation, written straight from RFC 9162 §2.1 with no shared code. ----
function refK(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}
function refMth(leaves: Buffer[]): Buffer {
  if (leaves.length === 0) return sha();
  if (leaves.length === 1) return leaves[0]!;
  const k = refK(leaves.length);
  return sha(Buffer.from([1]), refMth(leaves.slice(0, k)), refMth(leaves.slice(k)));
}
function refPath(m: number, leaves: Buffer[]): Buffer[] {
  const n = leaves.length;
  if (n === 1) return [];
  const k = refK(n);
  return m < k
    ? [...refPath(m, leaves.slice(0, k)), refMth(leaves.slice(k))]
    : [...refPath(m - k, leaves.slice(k)), refMth(leaves.slice(0, k))];
}
function refSubproof(m: number, leaves: Buffer[], b: boolean): Buffer[] {
  const n = leaves.length;
  if (m === n) return b ? [] : [refMth(leaves)];
  const k = refK(n);
  return m <= k
    ? [...refSubproof(m, leaves.slice(0, k), b), refMth(leaves.slice(k))]
    : [...refSubproof(m - k, leaves.slice(k), false), refMth(leaves.slice(0, k))];
}

// RFC 6962 test vectors as published by transparency-dev/merkle (proof/verify_test.go), data only.
const CT_LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map(unhex);
const CT_ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
const CT_INCLUSION: Array<{ index: number; size: number; proof: string[] }> = [
  { index: 0, size: 8, proof: ['96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4'] },
  { index: 5, size: 8, proof: ['bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b', 'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7'] },
  { index: 2, size: 3, proof: ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125'] },
  { index: 1, size: 5, proof: ['6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', 'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b'] },
];
const CT_CONSISTENCY: Array<{ m: number; n: number; proof: string[] }> = [
  { m: 1, n: 1, proof: [] },
  { m: 1, n: 8, proof: ['96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4'] },
  { m: 6, n: 8, proof: ['0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a', 'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7'] },
  { m: 2, n: 5, proof: ['5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', 'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b'] },
  { m: 6, n: 7, proof: ['0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a', 'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7'] },
];

const ctHashes = CT_LEAVES.map(leafHash);

describe('RFC 6962 hashing', () => {
  test('leaf and node hashes use the 0x00 / 0x01 domain prefixes', () => {
    const d = Buffer.from('公开');
    assert.equal(hex(leafHash(d)), hex(sha(Buffer.from([0]), d)));
    const [a, b] = [leafHash(Buffer.from('a')), leafHash(Buffer.from('b'))];
    assert.equal(hex(nodeHash(a, b)), hex(sha(Buffer.from([1]), a, b)));
    assert.notEqual(hex(nodeHash(a, b)), hex(nodeHash(b, a)));
    assert.throws(() => nodeHash(a, b.subarray(1)), RangeError);
  });

  test('empty tree root is SHA-256 of the empty string', () => {
    assert.equal(hex(EMPTY_ROOT), CT_ROOTS[0]);
    assert.equal(hex(rootFromLeafHashes([])), CT_ROOTS[0]);
    assert.equal(hex(new MerkleAppender().root()), CT_ROOTS[0]);
    assert.equal(hex(new MemoryTreeStore().root()), CT_ROOTS[0]);
  });

  test('roots of the CT reference leaves for sizes 0..8, by every route', () => {
    const store = new MemoryTreeStore();
    for (let n = 0; n <= 8; n++) {
      if (n > 0) store.appendData(CT_LEAVES[n - 1]!);
      const want = CT_ROOTS[n]!;
      assert.equal(hex(rootFromLeafHashes(ctHashes.slice(0, n))), want, `rootFromLeafHashes ${n}`);
      assert.equal(hex(refMth(ctHashes.slice(0, n))), want, `reference MTH ${n}`);
      assert.equal(hex(store.root()), want, `store ${n}`);
    }
    for (let n = 0; n <= 8; n++) assert.equal(hex(store.rootAt(n)), CT_ROOTS[n], `rootAt ${n}`);
  });

  test('CT reference inclusion proofs', () => {
    for (const v of CT_INCLUSION) {
      const leaves = ctHashes.slice(0, v.size);
      assert.deepEqual(inclusionProof(v.index, v.size, (i) => leaves[i]!).map(hex), v.proof);
      assert.ok(verifyInclusion(v.index, v.size, ctHashes[v.index]!, v.proof.map(unhex), unhex(CT_ROOTS[v.size]!)), "verifyInclusion(v.index, v.size, ctHashes[v.index]!, v.proof.map(unhex), unhex(CT_ROOTS[v.size]!))");
    }
  });

  test('CT reference consistency proofs', () => {
    for (const v of CT_CONSISTENCY) {
      const leaves = ctHashes.slice(0, v.n);
      assert.deepEqual(consistencyProof(v.m, v.n, (i) => leaves[i]!).map(hex), v.proof);
      assert.ok(verifyConsistency(v.m, v.n, v.proof.map(unhex), unhex(CT_ROOTS[v.m]!), unhex(CT_ROOTS[v.n]!)), "verifyConsistency(v.m, v.n, v.proof.map(unhex), unhex(CT_ROOTS[v.m]!), unhex(CT_ROOTS[v.n]!))");
    }
  });
});

describe('split point and node coordinates', () => {
  test('splitPoint is the largest power of two strictly below n, also above 2^32', () => {
    const cases: Array<[number, number]> = [
      [2, 1], [3, 2], [4, 2], [5, 4], [8, 4], [9, 8], [1_000_000, 524_288],
      [2 ** 31, 2 ** 30], [2 ** 31 + 1, 2 ** 31], [2 ** 32, 2 ** 31], [2 ** 32 + 1, 2 ** 32], [2 ** 52 + 3, 2 ** 52],
    ];
    for (const [n, k] of cases) assert.equal(splitPoint(n), k, `splitPoint(${n})`);
    assert.throws(() => splitPoint(1), RangeError);
  });

  test('subtreeNodes decomposes a range into aligned perfect subtrees, largest first', () => {
    assert.deepEqual(subtreeNodes(0, 13), [{ level: 3, index: 0 }, { level: 2, index: 2 }, { level: 0, index: 12 }]);
    assert.deepEqual(subtreeNodes(8, 16), [{ level: 3, index: 1 }]);
    assert.deepEqual(subtreeNodes(0, 2 ** 45 + 3), [{ level: 45, index: 0 }, { level: 1, index: 2 ** 44 }, { level: 0, index: 2 ** 45 + 2 }]);
    assert.throws(() => subtreeNodes(3, 7), RangeError); // [3,7) is not a subtree the RFC recursion forms
    assert.throws(() => subtreeNodes(5, 5), RangeError);
  });

  test('completedNodesAfterAppend lists the leaf and the parents it completes', () => {
    const table: Array<[number, Array<[number, number]>]> = [
      [0, [[0, 0]]],
      [1, [[0, 1], [1, 0]]],
      [2, [[0, 2]]],
      [3, [[0, 3], [1, 1], [2, 0]]],
      [6, [[0, 6]]],
      [7, [[0, 7], [1, 3], [2, 1], [3, 0]]],
      [2 ** 40 - 1, Array.from({ length: 41 }, (_, l) => [l, (2 ** 40 - 1 - (2 ** l - 1)) / 2 ** l] as [number, number])],
    ];
    for (const [size, want] of table) {
      assert.deepEqual(completedNodesAfterAppend(size).map((n) => [n.level, n.index]), want, `size ${size}`);
    }
  });

  test('completedNodesAfterAppend is exactly the set of nodes that become complete', () => {
    const complete = (size: number) => {
      const s = new Set<string>();
      for (let level = 0; 2 ** level <= size; level++) {
        for (let index = 0; (index + 1) * 2 ** level <= size; index++) s.add(`${level}/${index}`);
      }
      return s;
    };
    for (let size = 0; size < 130; size++) {
      const before = complete(size);
      const fresh = [...complete(size + 1)].filter((k) => !before.has(k)).sort();
      assert.deepEqual(completedNodesAfterAppend(size).map((n) => `${n.level}/${n.index}`).sort(), fresh, `size ${size}`);
    }
  });

  test('appendWithNodes returns those coordinates with the hashes the store keeps', () => {
    const app = new MerkleAppender();
    const store = new MemoryTreeStore();
    for (let i = 0; i < 40; i++) {
      const h = leafHash(Buffer.from([i]));
      const nodes = app.appendWithNodes(h);
      store.append(h);
      assert.deepEqual(nodes.map(({ level, index }) => ({ level, index })), completedNodesAfterAppend(i));
      for (const n of nodes) assert.equal(hex(n.hash), hex(store.getNode(n.level, n.index)!));
    }
    assert.equal(hex(app.root()), hex(store.root()));
  });

  test('proof plans read at most 2·log2(n) distinct nodes, even for huge trees', () => {
    const sizes = [2, 3, 1_000_000, 2 ** 32 + 1, 2 ** 40 - 1, 2 ** 52 + 12345];
    for (const n of sizes) {
      const bound = 2 * Math.ceil(Math.log2(n));
      for (const i of [0, 1, Math.floor(n / 3), n - 2, n - 1]) {
        assert.ok(planNodeIds(inclusionProofPlan(i, n)).length <= bound, `inclusion ${i}/${n}`);
      }
      for (const m of [1, 2, Math.floor(n / 2) + 1, n - 1]) {
        assert.ok(planNodeIds(consistencyProofPlan(m, n)).length <= bound, `consistency ${m}/${n}`);
      }
    }
  });

  test('plans reject out-of-range arguments', () => {
    assert.throws(() => inclusionProofPlan(5, 5), RangeError);
    assert.throws(() => inclusionProofPlan(-1, 5), RangeError);
    assert.throws(() => inclusionProofPlan(0.5, 5), RangeError);
    assert.throws(() => consistencyProofPlan(6, 5), RangeError);
    assert.deepEqual(consistencyProofPlan(0, 5).elements, []);
    assert.deepEqual(consistencyProofPlan(5, 5).elements, []);
  });
});

// Flip one bit of a copy.
const flip = (b: Uint8Array, bit = 3) => {
  const c = Buffer.from(b);
  c[0] = c[0]! ^ (1 << bit);
  return c;
};
const SOME = unhex('abacaba000000000000000000000000000000000000000000060061e00123456');

function inclusionProbes(i: number, n: number, leaf: Buffer, proof: Buffer[], root: Buffer) {
  const probes: Array<[string, () => boolean]> = [
    ['index - 1', () => verifyInclusion(i - 1, n, leaf, proof, root)],
    ['index + 1', () => verifyInclusion(i + 1, n, leaf, proof, root)],
    ['size * 2', () => verifyInclusion(i, n * 2, leaf, proof, root)],
    ['size / 2', () => verifyInclusion(i, Math.floor(n / 2), leaf, proof, root)],
    ['wrong leaf', () => verifyInclusion(i, n, flip(leaf), proof, root)],
    ['empty root', () => verifyInclusion(i, n, leaf, proof, EMPTY_ROOT)],
    ['random root', () => verifyInclusion(i, n, leaf, proof, SOME)],
    ['short leaf', () => verifyInclusion(i, n, leaf.subarray(1), proof, root)],
    ['trailing garbage', () => verifyInclusion(i, n, leaf, [...proof, Buffer.alloc(0)], root)],
    ['trailing root', () => verifyInclusion(i, n, leaf, [...proof, root], root)],
    ['preceding root', () => verifyInclusion(i, n, leaf, [root, ...proof], root)],
  ];
  proof.forEach((_, j) => {
    probes.push([`flipped proof[${j}]`, () => verifyInclusion(i, n, leaf, proof.map((p, k) => (k === j ? flip(p) : p)), root)]);
  });
  if (proof.length > 0) probes.push(['removed component', () => verifyInclusion(i, n, leaf, proof.slice(0, -1), root)]);
  if (proof.length > 1) probes.push(['inserted component', () => verifyInclusion(i, n, leaf, [proof[0]!, SOME, ...proof.slice(1)], root)]);
  return probes;
}

function consistencyProbes(m: number, n: number, proof: Buffer[], r1: Buffer, r2: Buffer) {
  const probes: Array<[string, () => boolean]> = [
    ['m - 1', () => verifyConsistency(m - 1, n, proof, r1, r2)],
    ['m + 1', () => verifyConsistency(m + 1, n, proof, r1, r2)],
    ['m ^ 2', () => verifyConsistency(m ^ 2, n, proof, r1, r2)],
    ['n * 2', () => verifyConsistency(m, n * 2, proof, r1, r2)],
    ['n / 2', () => verifyConsistency(m, Math.floor(n / 2), proof, r1, r2)],
    ['wrong old root', () => verifyConsistency(m, n, proof, flip(r1), r2)],
    ['wrong new root', () => verifyConsistency(m, n, proof, r1, flip(r2))],
    ['swapped roots', () => verifyConsistency(m, n, proof, r2, r1)],
    ['empty proof', () => verifyConsistency(m, n, [], r1, r2)],
    ['trailing garbage', () => verifyConsistency(m, n, [...proof, Buffer.alloc(0)], r1, r2)],
    ['trailing root1', () => verifyConsistency(m, n, [...proof, r1], r1, r2)],
    ['trailing root2', () => verifyConsistency(m, n, [...proof, r2], r1, r2)],
    ['preceding root1', () => verifyConsistency(m, n, [r1, ...proof], r1, r2)],
    ['preceding root2', () => verifyConsistency(m, n, [r2, ...proof], r1, r2)],
    ['preceding proof[0]', () => verifyConsistency(m, n, [proof[0]!, ...proof], r1, r2)],
    ['truncated', () => verifyConsistency(m, n, proof.slice(0, -1), r1, r2)],
  ];
  proof.forEach((_, j) => {
    probes.push([`flipped proof[${j}]`, () => verifyConsistency(m, n, proof.map((p, k) => (k === j ? flip(p, 4) : p)), r1, r2)]);
  });
  return probes;
}

describe('exhaustive proofs for every tree size 1..64', () => {
  const MAX = 64;
  const leaves = Array.from({ length: MAX }, (_, i) => leafHash(Buffer.from(`公开事项 ${i}`)));
  const store = new MemoryTreeStore();
  for (const h of leaves) store.append(h);
  const roots = Array.from({ length: MAX + 1 }, (_, n) => refMth(leaves.slice(0, n)));

  test('roots by appender, store and rootFromLeafHashes agree with the recursive reference', () => {
    const app = new MerkleAppender();
    for (let n = 0; n <= MAX; n++) {
      if (n > 0) app.append(leaves[n - 1]!);
      assert.equal(hex(app.root()), hex(roots[n]!), `appender ${n}`);
      assert.equal(hex(rootFromLeafHashes(leaves.slice(0, n))), hex(roots[n]!), `rootFromLeafHashes ${n}`);
      assert.equal(hex(store.rootAt(n)), hex(roots[n]!), `rootAt ${n}`);
    }
  });

  test('every inclusion proof equals the reference, verifies, and every tampering fails', () => {
    let checked = 0;
    for (let n = 1; n <= MAX; n++) {
      const tree = leaves.slice(0, n);
      const root = roots[n]!;
      for (let i = 0; i < n; i++) {
        const proof = inclusionProof(i, n, store);
        assert.deepEqual(proof.map(hex), refPath(i, tree).map(hex), `proof ${i}/${n}`);
        assert.deepEqual(inclusionProof(i, n, (j) => tree[j]!).map(hex), proof.map(hex), `leaf-only source ${i}/${n}`);
        assert.ok(verifyInclusion(i, n, tree[i]!, proof, root), `verify ${i}/${n}`);
        assert.equal(hex(rootFromInclusionProof(i, n, tree[i]!, proof)!), hex(root));
        for (const [desc, probe] of inclusionProbes(i, n, tree[i]!, proof, root)) {
          assert.equal(probe(), false, `${desc} verified for ${i}/${n}`);
        }
        // Another leaf's hash never verifies at this index.
        if (n > 1) assert.equal(verifyInclusion(i, n, tree[(i + 1) % n]!, proof, root), false);
        checked++;
      }
    }
    assert.equal(checked, (MAX * (MAX + 1)) / 2);
  });

  test('every consistency proof (0 ≤ m ≤ n) equals the reference, verifies, and every tampering fails', () => {
    let checked = 0;
    for (let n = 1; n <= MAX; n++) {
      const tree = leaves.slice(0, n);
      for (let m = 0; m <= n; m++) {
        const proof = consistencyProof(m, n, store);
        const want = m === 0 || m === n ? [] : refSubproof(m, tree, true);
        assert.deepEqual(proof.map(hex), want.map(hex), `proof ${m}→${n}`);
        assert.ok(verifyConsistency(m, n, proof, roots[m]!, roots[n]!), `verify ${m}→${n}`);
        if (m > 0 && m < n) {
          for (const [desc, probe] of consistencyProbes(m, n, proof, roots[m]!, roots[n]!)) {
            assert.equal(probe(), false, `${desc} verified for ${m}→${n}`);
          }
        }
        checked++;
      }
    }
    assert.equal(checked, (MAX * (MAX + 3)) / 2);
  });

  test('edge cases of consistency as transparency-dev/merkle defines them', () => {
    const [r1, r2] = [roots[1]!, roots[2]!];
    assert.equal(verifyConsistency(0, 0, [], r1, r1), true);
    assert.equal(verifyConsistency(0, 1, [], EMPTY_ROOT, r1), true); // everything extends the empty tree
    assert.equal(verifyConsistency(0, 1, [r1], EMPTY_ROOT, r1), false);
    assert.equal(verifyConsistency(1, 1, [], r1, r2), false); // same size, different roots
    assert.equal(verifyConsistency(1, 1, [r1], r1, r1), false); // same size needs an empty proof
    assert.equal(verifyConsistency(2, 1, [], r2, r1), false); // shrinking
    assert.equal(verifyConsistency(1, 2, [], r1, r2), false); // empty proof
  });

  test('inclusion edge cases', () => {
    const only = leaves[0]!;
    assert.equal(verifyInclusion(0, 1, only, [], only), true);
    assert.equal(verifyInclusion(0, 0, only, [], EMPTY_ROOT), false);
    assert.equal(verifyInclusion(1, 1, only, [], only), false);
    assert.equal(verifyInclusion(0, 1, Buffer.alloc(0), [], only), false);
    assert.equal(verifyInclusion(0, 1, only, [], Buffer.alloc(0)), false);
    assert.equal(verifyInclusion(Number.NaN, 1, only, [], only), false);
  });
});

describe('stores', () => {
  test('a store without getNode rebuilds nodes from leaves and gives the same proofs', () => {
    const leaves = Array.from({ length: 45 }, (_, i) => leafHash(Buffer.from([i, 7])));
    const mem = new MemoryTreeStore();
    for (const h of leaves) mem.append(h);
    const bare: TreeStore = { getLeafHash: (i) => leaves[i]! };
    // A store that only kept some levels (e.g. every second one) still yields the same hashes.
    const sparse: TreeStore = { getLeafHash: (i) => leaves[i]!, getNode: (l, i) => (l % 2 === 0 ? mem.getNode(l, i) : undefined) };
    for (const s of [bare, sparse]) {
      assert.equal(hex(rootFromStore(45, s)), hex(mem.root()));
      assert.deepEqual(inclusionProof(17, 45, s).map(hex), inclusionProof(17, 45, mem).map(hex));
      assert.deepEqual(consistencyProof(13, 45, s).map(hex), consistencyProof(13, 45, mem).map(hex));
    }
    assert.equal(hex(perfectNodeHash(bare, 3, 2)), hex(mem.getNode(3, 2)!));
  });

  test('MemoryTreeStore keeps every complete node and nothing incomplete', () => {
    const s = new MemoryTreeStore();
    for (let i = 0; i < 11; i++) s.append(leafHash(Buffer.from([i])));
    assert.ok(s.getNode(3, 0), "s.getNode(3, 0)"); // leaves 0..7
    assert.equal(s.getNode(3, 1), undefined); // leaves 8..15: not complete at size 11
    assert.ok(s.getNode(1, 4), "s.getNode(1, 4)"); // leaves 8..9
    assert.equal(s.getNode(1, 5), undefined); // leaves 10..11
    assert.equal(s.getNode(0, 11), undefined);
    assert.throws(() => s.getLeafHash(11), RangeError);
    // Returned hashes are copies: mutating one does not corrupt the store.
    const h = s.getLeafHash(3);
    h.fill(0);
    assert.notEqual(hex(s.getLeafHash(3)), hex(h));
  });

  test('an appender restarted from the O(log n) frontier continues the same tree', () => {
    const leaves = Array.from({ length: 100 }, (_, i) => leafHash(Buffer.from(`x${i}`)));
    const store = new MemoryTreeStore();
    for (const h of leaves.slice(0, 37)) store.append(h);
    // What the DB layer does on start-up: read the frontier nodes' rows.
    const ids = frontierNodes(37);
    assert.deepEqual(ids, [{ level: 5, index: 0 }, { level: 2, index: 8 }, { level: 0, index: 36 }]);
    const restarted = MerkleAppender.fromFrontier(37, ids.map((n) => perfectNodeHash(store, n.level, n.index)));
    assert.deepEqual(restarted.frontier().map(hex), store.frontier().map(hex));
    for (const h of leaves.slice(37)) restarted.append(h);
    assert.equal(hex(restarted.root()), hex(refMth(leaves)));
    assert.throws(() => MerkleAppender.fromFrontier(37, []), RangeError);
  });

  test('clone is independent (a failed DB transaction can discard it)', () => {
    const a = new MerkleAppender();
    a.append(leafHash(Buffer.from('a')));
    const b = a.clone();
    b.append(leafHash(Buffer.from('b')));
    assert.equal(a.size, 1);
    assert.equal(b.size, 2);
    assert.equal(hex(a.root()), hex(leafHash(Buffer.from('a'))));
  });

  test('append rejects anything but a 32-byte hash', () => {
    assert.throws(() => new MerkleAppender().append(Buffer.alloc(31)), RangeError);
    assert.throws(() => new MemoryTreeStore().append(Buffer.alloc(33)), RangeError);
  });

  test('assembleProof works from a plain map of fetched rows (the DB path)', () => {
    const store = new MemoryTreeStore();
    for (let i = 0; i < 1000; i++) store.append(leafHash(Buffer.from(String(i))));
    const plan = inclusionProofPlan(777, 1000);
    const rows = new Map(planNodeIds(plan).map((id) => [`${id.level}/${id.index}`, store.getNode(id.level, id.index)!]));
    const proof = assembleProof(plan, (l, i) => rows.get(`${l}/${i}`));
    assert.ok(verifyInclusion(777, 1000, store.getLeafHash(777), proof, store.root()), "verifyInclusion(777, 1000, store.getLeafHash(777), proof, store.root())");
    assert.throws(() => assembleProof(plan, () => undefined), /lacks/);
  });
});

describe('huge trees (arithmetic beyond 2^32)', () => {
  // With every leaf equal, the complete node at level L is the same hash for every index, so a
  // consistent store of any size fits in memory and proofs can be checked end to end.
  const levelHash: Buffer[] = [leafHash(Buffer.from('same'))];
  for (let l = 1; l <= 53; l++) levelHash.push(nodeHash(levelHash[l - 1]!, levelHash[l - 1]!));
  const uniform: TreeStore = { getLeafHash: () => levelHash[0]!, getNode: (l) => levelHash[l] };

  test('inclusion and consistency proofs verify for sizes up to 2^52', () => {
    const sizes = [2 ** 32 + 1, 2 ** 33 + 7, 2 ** 40 - 1, 2 ** 52 + 12345];
    for (const n of sizes) {
      const root = rootFromStore(n, uniform);
      for (const i of [0, 2 ** 31, 2 ** 32 - 1, Math.floor(n / 3), n - 1]) {
        const proof = inclusionProof(i, n, uniform);
        assert.ok(verifyInclusion(i, n, levelHash[0]!, proof, root), `inclusion ${i}/${n}`);
      }
      for (const m of [1, 2 ** 31 + 3, 2 ** 32, n - 1]) {
        const proof = consistencyProof(m, n, uniform);
        assert.ok(verifyConsistency(m, n, proof, rootFromStore(m, uniform), root), `consistency ${m}→${n}`);
        assert.equal(verifyConsistency(m, n, proof, rootFromStore(m, uniform), flip(root)), false);
      }
    }
  });
});
