/**
 * Every file is hostile: seeded mutations (bit flips, truncations, inserted and duplicated bytes, nodes made to
 * share children) of a small model file, two small .onnx files, a plain gzip and a BGZF file. Each variant must
 * either load correctly or be refused with an Error saying what is wrong, never a RangeError out of memory or a
 * walk that does not end. A loaded model is also predicted and explained once, so a file that loads but would
 * hang TreeSHAP fails too. The work per case is bounded (small files, one patient), so the loops finishing
 * inside the test timeout is the time bound; no wall-clock figure is asserted.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { resolve } from 'node:path';
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { createGunzipStream } from './data/genomic/gzip.ts';
import { forestShap } from './explain/treeshap.ts';
import { fitForest } from './forest/forest.ts';
import { predictProbaRow } from './forest/predict.ts';
import { Rng } from './forest/rng.ts';
import {
  base64ToTyped,
  deserializeForest,
  serializeForest,
  typedToBase64,
  type SerializedForest,
  type SerializedTree,
} from './forest/serialize.ts';
import type { ForestModel } from './forest/types.ts';
import { importOnnxModel, OnnxImportError } from './interop/onnxImport.ts';
import { forestToOnnx } from './interop/onnxExport.ts';
import { mixedTable, REPO_ROOT } from './interop/testData.ts';

const CASES = 1000;

/** One seeded byte-level mutation: flips, a truncation, an insertion or a duplicated range. */
function mutateBytes(bytes: Uint8Array, rng: Rng): Uint8Array {
  const out = bytes.slice();
  switch (rng.nextInt(4)) {
    case 0: {
      const flips = 1 + rng.nextInt(4);
      for (let i = 0; i < flips; i++) out[rng.nextInt(out.length)] ^= 1 << rng.nextInt(8);
      return out;
    }
    case 1:
      return out.subarray(0, rng.nextInt(out.length));
    case 2: {
      const at = rng.nextInt(out.length + 1);
      const insert = Uint8Array.from({ length: 1 + rng.nextInt(8) }, () => rng.nextInt(256));
      return concat(out.subarray(0, at), insert, out.subarray(at));
    }
    default: {
      const from = rng.nextInt(out.length);
      const len = 1 + rng.nextInt(Math.min(64, out.length - from));
      const at = rng.nextInt(out.length + 1);
      return concat(out.subarray(0, at), out.subarray(from, from + len), out.subarray(at));
    }
  }
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Predicts and explains one patient: finishes quickly for any real tree, never for a crafted DAG. */
function use(model: Pick<ForestModel, 'trees' | 'nClasses' | 'nFeatures'>): void {
  // What loaded is sound: a walk from each root meets every node exactly once.
  for (const t of model.trees) {
    let met = 0;
    const stack = [0];
    while (stack.length > 0 && met <= t.nodeCount) {
      const j = stack.pop() as number;
      met++;
      if (t.left[j] !== -1) stack.push(t.left[j], t.right[j]);
    }
    expect(met).toBe(t.nodeCount);
  }
  const x = new Float32Array(model.nFeatures).fill(0.5);
  const p = predictProbaRow(model, x);
  expect(p.length).toBe(model.nClasses);
  const { shap } = forestShap(model, x);
  expect(shap.length).toBe(model.nFeatures * model.nClasses);
}

const table = mixedTable(60, 4, 2);
const model = fitForest(table.X, table.nRows, table.nFeatures, table.isCat, table.y, 2, {
  nEstimators: 3,
  randomState: 9,
});

type TreeArray = 'left' | 'right' | 'feature' | 'threshold' | 'value' | 'weight' | 'catBits';
const INT_ARRAYS: TreeArray[] = ['left', 'right', 'feature'];

/** One mutation of a saved model: bytes of one of a tree's arrays, shared children, or a cut string. */
function mutateModel(s: SerializedForest, rng: Rng): SerializedForest {
  const copy = JSON.parse(JSON.stringify(s)) as SerializedForest;
  const tree: SerializedTree = copy.trees[rng.nextInt(copy.trees.length)];
  const n = tree.nodeCount;
  const left = base64ToTyped(tree.left, Int32Array, 'left');
  const right = tree.right
    ? base64ToTyped(tree.right, Int32Array, 'right')
    : left.map((l) => (l === -1 ? -1 : l + 1));
  switch (rng.nextInt(4)) {
    case 0: {
      // Two nodes point at the same children (a duplicated node), or one node's children become one.
      const a = rng.nextInt(n);
      const b = rng.nextInt(n);
      if (rng.nextInt(2) === 0) {
        left[a] = left[b];
        right[a] = right[b];
      } else right[a] = left[a];
      tree.left = typedToBase64(left);
      tree.right = typedToBase64(right);
      return copy;
    }
    case 1: {
      const names: TreeArray[] = [...INT_ARRAYS, 'threshold', 'value', 'weight', 'catBits'];
      const name = names[rng.nextInt(names.length)];
      const raw = tree[name];
      if (raw === undefined || raw === '') return copy;
      const bytes = base64ToTyped(raw, Uint8Array, name);
      tree[name] = typedToBase64(mutateBytes(bytes, rng));
      return copy;
    }
    case 2: {
      const name = INT_ARRAYS[rng.nextInt(INT_ARRAYS.length)];
      const arr = name === 'right' ? right : base64ToTyped(tree[name], Int32Array, name);
      arr[rng.nextInt(n)] = [-1, 0, n - 1, n, 2 ** 31 - 1, -(2 ** 31)][rng.nextInt(6)];
      tree[name] = typedToBase64(arr);
      return copy;
    }
    default:
      tree.nodeCount = [0, 1, n - 1, n + 1, 2 ** 31][rng.nextInt(5)];
      return copy;
  }
}

/** True for the Errors a refusal may throw: an Error with a message, not an engine fault. */
function isRefusal(e: unknown): boolean {
  return (
    e instanceof Error &&
    !(e instanceof RangeError) &&
    !(e instanceof TypeError) &&
    e.message.length > 10
  );
}

describe('fuzzed files load correctly or are refused with a clear Error', () => {
  it(`model files: ${CASES} mutated variants`, () => {
    const saved = serializeForest(model);
    const rng = new Rng(2026);
    let refused = 0;
    for (let c = 0; c < CASES; c++) {
      const variant = mutateModel(saved, rng);
      let loaded: ForestModel;
      try {
        loaded = deserializeForest(variant);
      } catch (e) {
        if (!isRefusal(e)) throw e;
        expect((e as Error).message).toMatch(/GenoForest model/);
        refused++;
        continue;
      }
      use(loaded);
    }
    // Most mutations break something the checks see; a few (a flipped threshold bit) leave a valid model.
    expect(refused).toBeGreaterThan(CASES / 2);
    expect(refused).toBeLessThan(CASES);
  });

  for (const layout of ['TreeEnsembleClassifier', 'TreeEnsemble'] as const) {
    it(`.onnx files (${layout}): ${CASES} mutated variants`, () => {
      const bytes = forestToOnnx(model, { encoding: table.encoding, layout });
      const rng = new Rng(layout.length);
      let refused = 0;
      for (let c = 0; c < CASES; c++) {
        const variant = mutateBytes(bytes, rng);
        let loaded: ForestModel;
        try {
          loaded = importOnnxModel(variant).forest;
        } catch (e) {
          if (!(e instanceof OnnxImportError)) throw e;
          refused++;
          continue;
        }
        use(loaded);
      }
      expect(refused).toBeGreaterThan(CASES / 4);
    });
  }

  const text = readFileSync(resolve(REPO_ROOT, 'testdata/genomic/small.vcf'));
  const files = {
    'plain gzip': gzipSync(new Uint8Array(text)),
    BGZF: new Uint8Array(readFileSync(resolve(REPO_ROOT, 'testdata/genomic/small.vcf.gz'))),
  };
  for (const [name, bytes] of Object.entries(files)) {
    it(`${name}: ${CASES} mutated variants inflate to the original bytes or are refused`, () => {
      const original = gunzipSync(bytes);
      const rng = new Rng(name.length);
      let refused = 0;
      for (let c = 0; c < CASES; c++) {
        const variant = mutateBytes(bytes, rng);
        const parts: Uint8Array[] = [];
        try {
          const stream = createGunzipStream((d) => parts.push(d.slice()), {
            maxOutputBytes: 1024 * 1024,
          });
          stream.push(variant);
          stream.finish();
        } catch (e) {
          if (!isRefusal(e)) throw e;
          expect((e as Error).message).toMatch(/^The \.gz file /);
          refused++;
          continue;
        }
        // Whatever was accepted is exactly the original text (a changed header byte may not matter).
        expect(Buffer.from(concat(...parts)).equals(original)).toBe(true);
      }
      expect(refused).toBeGreaterThan(CASES / 2);
    });
  }
});
