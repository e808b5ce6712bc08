/**
 * Do enriched random forests (features drawn per node with weights from a univariate screen, featureWeights.ts)
 * reach the tuned forest's accuracy at an untuned fit's cost? `npx tsx bench/enrichedProfile.ts <data-dir> [seed]
 * [rounds] [floor] [--tuned | --only-tuned] [--lean | --only-lean] [--oob]` (a bench/.cache table, e.g.
 * bench/.cache/2000x1000) grows, one thread, 100 trees each: the untuned forest (scikit-learn's defaults), the
 * weighted-draw path with nearly equal weights (its own cost), enriched forests at sqrt(p) and 2·sqrt(p) features per
 * split with leaves of 1, 5, 10 and 20 patients; with --tuned the tuned forest (tuneOnOutOfBag, then the final forest)
 * and the same search with every candidate enriched (--only-tuned: those two alone); with --lean a lean enriched
 * search (see below; --only-lean: it and the untuned forest alone); with --oob the optimism of out-of-bag scores on
 * patients the screen saw. Prints test AUC, Brier and CPU seconds of this process. Forests are grown `rounds` times
 * (default 3) interleaved, variant after variant, and the median CPU is given with the range; the enriched forests'
 * seconds include the screen's. The load average is printed before and after. Results: bench/ENRICHED.md.
 */
import os from 'node:os';
import process from 'node:process';
import { binFeatures } from '../src/engine/forest/binning.ts';
import { assembleForest } from '../src/engine/forest/forest.ts';
import { predictProba } from '../src/engine/forest/predict.ts';
import { DEFAULT_PARAMS, type ForestParams, type TreeShard } from '../src/engine/forest/types.ts';
import { gatherRows } from '../src/engine/evaluate/heldOut.ts';
import { growTrees } from '../src/engine/forest/grow.ts';
import { brierScore, rocAuc } from '../src/engine/evaluate/metrics.ts';
import { screenWeights, WEIGHT_FLOOR } from '../src/engine/forest/featureWeights.ts';
import { tuneOnOutOfBag } from '../src/app/tuneForest.ts';
import { finalShards } from './finalShards.ts';
import { pairedGain, scoreGroups } from '../src/engine/forest/tune.ts';
import { Rng } from '../src/engine/forest/rng.ts';
import { readBenchData } from './data.ts';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const withTuned = process.argv.includes('--tuned') || process.argv.includes('--only-tuned');
const onlyTuned = process.argv.includes('--only-tuned');
const withOob = process.argv.includes('--oob');
const onlyLean = process.argv.includes('--only-lean');
const withLean = process.argv.includes('--lean') || onlyLean;
const [dir, seedText, roundsText, floorText] = args;
const seed = Number(seedText ?? '1');
const rounds = Number(roundsText ?? '3');
const floor = Number(floorText ?? String(WEIGHT_FLOOR));
const d = readBenchData(dir);
const nTrain = d.train.length;
const Xtrain = gatherRows(d.X, d.nRows, d.nFeatures, d.train);
const Xtest = gatherRows(d.X, d.nRows, d.nFeatures, d.test);
const yTrain = Uint8Array.from(d.train, (r) => d.y[r]);
const yTest = Uint8Array.from(d.test, (r) => d.y[r]);
const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const load = (): string =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');
process.stdout.write(
  `${dir}: ${nTrain} training rows, ${d.nFeatures} features; load at start ${load()}\n`,
);
const tb = cpu();
const binned = binFeatures(Xtrain, nTrain, d.nFeatures, new Uint8Array(d.nFeatures));
// Every forest below starts from these bins: the goal's fit time adds the binning to each.
process.stdout.write(`binning ${(cpu() - tb).toFixed(2)} s CPU (not in the figures below)\n`);
const sqrtP = Math.floor(Math.sqrt(d.nFeatures));
const base: ForestParams = {
  ...DEFAULT_PARAMS,
  nEstimators: 100,
  randomState: seed,
  oobScore: false,
};
const grow = (p: ForestParams, first = 0): TreeShard =>
  growTrees(
    binned,
    yTrain,
    2,
    p,
    Array.from({ length: p.nEstimators }, (_, i) => first + i),
  );
const score = (shards: TreeShard[], p: ForestParams): { auc: number; brier: number } => {
  const model = assembleForest(shards, p, nTrain, 2, d.nFeatures, yTrain);
  const prob = predictProba(model, Xtest, d.test.length);
  const p1 = Array.from({ length: d.test.length }, (_, i) => prob[2 * i + 1]);
  return { auc: rocAuc(yTest, p1), brier: brierScore(yTest, prob, 2) };
};

interface Variant {
  name: string;
  /** Grows the forest; returns its shards and settings (the CPU measured around it). */
  run: () => Promise<{ shards: TreeShard[]; params: ForestParams }>;
}
/** Each search's candidates (their out-of-bag scores), to compare with the test figures. */
const chosenScores = new Map<
  string,
  {
    brier: number;
    minSamplesLeaf: number;
    maxFeatures: number;
    maxDepth: number | null;
    trees: number;
  }[]
>();
const flat = new Array<number>(d.nFeatures).fill(1);
flat[0] = 1.001;
const variants: Variant[] = [
  {
    name: 'untuned (sqrt, leaf 1)',
    run: () => Promise.resolve({ shards: [grow(base)], params: base }),
  },
  {
    name: 'weighted path, flat weights (sqrt, leaf 1)',
    run: () => {
      const p = { ...base, featureWeights: flat };
      return Promise.resolve({ shards: [grow(p)], params: p });
    },
  },
];
for (const mult of [1, 2]) {
  for (const leaf of [1, 5, 10, 20]) {
    variants.push({
      name: `enriched ${mult === 1 ? 'sqrt' : '2·sqrt'} (${mult * sqrtP}), leaf ${leaf}`,
      run: () => {
        const p: ForestParams = {
          ...base,
          maxFeatures: mult * sqrtP,
          minSamplesLeaf: leaf,
          featureWeights: screenWeights(binned, yTrain, 2, undefined, floor),
        };
        return Promise.resolve({ shards: [grow(p)], params: p });
      },
    });
  }
}
if (withTuned) {
  /** Tunes from `start` on out-of-bag patients, then grows the final forest reusing the chosen setting's trees. */
  const tunedForest = async (label: string, start: ForestParams) => {
    const tuned = await tuneOnOutOfBag(
      { y: yTrain, nClasses: 2, nFeatures: d.nFeatures },
      { ...start, oobScore: true },
      (p, first) => Promise.resolve([grow(p, first)]),
    );
    chosenScores.set(label, tuned.report.candidates);
    const final = { ...tuned.params, oobScore: false };
    const { shards } = finalShards(tuned.firstTrees, final, grow);
    return { shards, params: final };
  };
  // Today's search with every candidate enriched (the weights ride on the base settings into each candidate).
  variants.push({
    name: 'tuned enriched (search + final forest, every candidate enriched)',
    run: () =>
      tunedForest('tuned enriched', {
        ...base,
        featureWeights: screenWeights(binned, yTrain, 2, undefined, floor),
      }),
  });
  variants.push({
    name: 'tuned (search + final forest)',
    run: () => tunedForest('tuned', base),
  });
}

if (withLean) {
  // A prototype of a lean search (step 2 of the experiment): enriched at sqrt(p), leaves LEAN_LEAVES scored as
  // tune.ts scores candidates (4 groups of 5 trees, the expected Brier score of 100 trees), the largest leaf within
  // one standard error of the lowest score chosen, and the final forest reusing the chosen leaf's 20 trees.
  variants.push({
    name: 'lean enriched search (leaves 5, 10, 20, 40 at sqrt; + final forest)',
    run: () => {
      const featureWeights = screenWeights(binned, yTrain, 2, undefined, floor);
      const train = Int32Array.from({ length: nTrain }, (_, i) => i);
      const perGroup = 5;
      const tried: { leaf: number; shards: TreeShard[]; score: number; perRow: Float64Array }[] =
        [];
      for (const leaf of [5, 10, 20, 40].filter((l) => l <= nTrain / 10)) {
        const shards: TreeShard[] = [];
        for (let g = 0; g < 4; g++) {
          shards.push(
            grow(
              {
                ...base,
                minSamplesLeaf: leaf,
                oobScore: true,
                featureWeights,
                nEstimators: perGroup,
              },
              g * perGroup,
            ),
          );
        }
        const probas = shards.map((sh) => {
          const out = new Float64Array(nTrain * 2);
          for (let r = 0; r < nTrain; r++) {
            const c = (sh.oobCount as Uint32Array)[r];
            for (let k = 0; k < 2; k++)
              out[2 * r + k] = c > 0 ? (sh.oobSum as Float64Array)[2 * r + k] / c : NaN;
          }
          return out;
        });
        const counts = shards.map((sh) => sh.oobCount as Uint32Array);
        const sc = scoreGroups(yTrain, 2, train, probas, counts, 100);
        tried.push({ leaf, shards, score: sc.brier, perRow: sc.perRow });
      }
      const lowest = tried.reduce((a, b) => (b.score < a.score ? b : a));
      let pick = lowest;
      for (const t of tried) {
        if (t.leaf <= pick.leaf) continue;
        const { gain, standardError } = pairedGain(lowest.perRow, t.perRow);
        if (-gain <= standardError) pick = t;
      }
      chosenScores.set(
        'lean enriched',
        tried.map((t) => ({
          brier: t.score,
          minSamplesLeaf: t.leaf,
          maxFeatures: sqrtP,
          maxDepth: null,
          trees: 20,
        })),
      );
      const final: ForestParams = { ...base, minSamplesLeaf: pick.leaf, featureWeights };
      const rest = grow({ ...final, nEstimators: 100 - 4 * perGroup }, 4 * perGroup);
      return Promise.resolve({ shards: [...pick.shards, rest], params: final });
    },
  });
}

const seconds: number[][] = variants.map(() => []);
const figures: ({ auc: number; brier: number; settings: string } | null)[] = variants.map(
  () => null,
);
for (let round = 0; round < rounds; round++) {
  // The tuned forest is dear and deterministic: grown once.
  for (let v = 0; v < variants.length; v++) {
    if (round > 0 && variants[v].name.startsWith('tuned')) continue;
    if (onlyTuned && !variants[v].name.startsWith('tuned')) continue;
    if (onlyLean && !variants[v].name.startsWith('lean') && v !== 0) continue;
    const t0 = cpu();
    const { shards, params } = await variants[v].run();
    seconds[v].push(cpu() - t0);
    if (!figures[v]) {
      const s = score(shards, params);
      figures[v] = {
        ...s,
        settings: `leaf ${params.minSamplesLeaf} mtry ${String(params.maxFeatures)} depth ${String(params.maxDepth ?? '-')}`,
      };
    }
  }
}
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const untunedCpu = seconds[0].length > 0 ? median(seconds[0]) : NaN;
process.stdout.write(
  `| forest | test AUC | Brier | CPU s (median of ${rounds}; range) | ÷ untuned | settings |\n|---|---:|---:|---:|---:|---|\n`,
);
for (let v = 0; v < variants.length; v++) {
  const f = figures[v];
  if (!f) continue;
  const m = median(seconds[v]);
  process.stdout.write(
    `| ${variants[v].name} | ${f.auc.toFixed(4)} | ${f.brier.toFixed(4)} | ${m.toFixed(2)} (${Math.min(...seconds[v]).toFixed(2)}–${Math.max(...seconds[v]).toFixed(2)}) | ${(m / untunedCpu).toFixed(2)}× | ${f.settings} |\n`,
  );
}
const s0 = cpu();
screenWeights(binned, yTrain, 2, undefined, floor);
process.stdout.write(
  `screen alone ${(cpu() - s0).toFixed(2)} s CPU (weight floor ${floor}); load at end ${load()}\n`,
);
for (const [name, cands] of chosenScores) {
  process.stdout.write(
    `${name}: ${cands.map((c) => `leaf ${c.minSamplesLeaf} mtry ${c.maxFeatures} depth ${String(c.maxDepth ?? '-')} score ${c.brier.toFixed(4)} (${c.trees} trees)`).join('; ')}\n`,
  );
}

if (withOob) {
  // Optimism of out-of-bag scores when the weights saw the out-of-bag patients: weights from half the training rows
  // (A), one forest, its out-of-bag Brier on A (screened) and on B (not screened); uniform draws alike as the control.
  const pick = new Rng(99);
  const half = Int32Array.from({ length: nTrain }, (_, i) => i).filter(
    () => pick.nextFloat() < 0.5,
  );
  const inA = new Uint8Array(nTrain);
  for (const r of half) inA[r] = 1;
  const weightsA = screenWeights(binned, yTrain, 2, half, floor);
  const weightsAll = screenWeights(binned, yTrain, 2, undefined, floor);
  const oobBrier = (
    prob: Float64Array,
    which: number,
  ): { brier: number; se: number; n: number } => {
    const e: number[] = [];
    for (let r = 0; r < nTrain; r++) {
      if (inA[r] !== which || Number.isNaN(prob[2 * r + 1])) continue;
      e.push((prob[2 * r + 1] - yTrain[r]) ** 2);
    }
    const m = e.reduce((a, b) => a + b, 0) / e.length;
    const v = e.reduce((a, b) => a + (b - m) ** 2, 0) / (e.length - 1);
    return { brier: m, se: Math.sqrt(v / e.length), n: e.length };
  };
  for (const leaf of [1, 20]) {
    for (const [name, w] of [
      ['uniform', null],
      ['enriched, weights from A', weightsA],
      ['enriched, weights from all', weightsAll],
    ] as const) {
      const p: ForestParams = { ...base, minSamplesLeaf: leaf, oobScore: true, featureWeights: w };
      const model = assembleForest([grow(p)], p, nTrain, 2, d.nFeatures, yTrain);
      const prob = model.oobProba as Float64Array;
      const a = oobBrier(prob, 1);
      const b = oobBrier(prob, 0);
      const t = score([grow({ ...p, oobScore: false })], p);
      process.stdout.write(
        `oob leaf ${leaf} ${name}: OOB Brier on A ${a.brier.toFixed(4)} ± ${a.se.toFixed(4)} (${a.n}), on B ${b.brier.toFixed(4)} ± ${b.se.toFixed(4)} (${b.n}); test Brier ${t.brier.toFixed(4)} AUC ${t.auc.toFixed(4)}\n`,
      );
    }
  }
}
