import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateInProcess, trainInProcess } from '../worker/inProcess';
import { DEFAULT_PARAMS, type ForestParams } from '../engine/forest/types';
import {
  base64ToTyped,
  deserializeForest,
  serializeForestV1,
  typedToBase64,
  type SerializedForest,
} from '../engine/forest/serialize';
import type { DataWorkerApi, ModelInfo, PatientInput, TrainingSetup } from './types';
import { createDataSession } from './dataSession';
import { createTrainingWorker } from '../worker/trainingWorker';
import { DAMAGED_PREFIX, NOT_A_MODEL_MESSAGE, otherVersionMessage } from './modelFile';
import { syntheticCsv } from './testData';

/** The parts of a saved model file the tamper tests edit. */
interface FileJson {
  version: unknown;
  info: Record<string, unknown>;
  model: { trees: Record<string, string>[] };
}

const setup: TrainingSetup = { target: 'response', columns: [] };
const params: ForestParams = { ...DEFAULT_PARAMS, nEstimators: 30, randomState: 3 };
const patient: PatientInput = { age: 61, bmi: 27.5, rs123: 2, smoking: 'current' };

/** The first node of a saved tree that splits on a number (its threshold is used; a categorical split's is not). */
function firstNumericSplit(tree: Record<string, string>): number {
  const left = base64ToTyped(tree.left, Int32Array, 'left');
  const catOffset = base64ToTyped(tree.catOffset, Int32Array, 'catOffset');
  const node = left.findIndex((l, i) => l !== -1 && catOffset[i] < 0);
  if (node < 0) throw new Error('the tree has no numeric split');
  return node;
}

/** Trains in-process the way the client does across workers: encode, bin, grow in a "training worker", assemble. */
async function train(data: DataWorkerApi, p: ForestParams = params): Promise<ModelInfo> {
  return (await trainInProcess(data, setup, p)).info;
}

describe('data worker (in-process, with a training worker beside it)', () => {
  let data: DataWorkerApi;
  let info: ModelInfo;

  beforeAll(async () => {
    data = createDataSession();
    const progress: number[] = [];
    const file = new Blob([syntheticCsv(240)]);
    const summary = await data.loadCsv(file, 'cohort.csv', (p) => progress.push(p.bytesRead));
    expect(summary.rowCount).toBe(240);
    expect(summary.suggestedTarget).toBe('response');
    expect(summary.schema.columns.find((c) => c.name === 'patient_id')?.excluded).toBe(true);
    // Progress ends with the whole file read.
    expect(progress.at(-1)).toBe(file.size);
    info = await train(data);
  });

  it('describes the outcome and trains a model with named importances', async () => {
    const outcome = await data.describeOutcome(setup);
    expect(outcome.classes).toEqual(['non_responder', 'responder']);
    expect(outcome.errors).toEqual([]);
    expect(info.nTrees).toBe(30);
    expect(info.nRows).toBe(240);
    expect(info.importances.map((i) => i.feature).sort()).toEqual([
      'age',
      'bmi',
      'rs123',
      'smoking',
    ]);
    expect(info.oobScore).toBeGreaterThan(0.6);
  });

  it('predicts and explains a patient; the explanation adds up to the prediction', async () => {
    const prediction = await data.predict(patient);
    expect(prediction.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    const explanation = await data.explain(patient);
    for (let k = 0; k < 2; k++) {
      expect(explanation.probabilities[k]).toBeCloseTo(prediction.probabilities[k], 6);
    }
    expect(explanation.contributions.find((c) => c.feature === 'smoking')?.value).toBe('current');
  });

  it('gives the trees’ spread as the mean ± one standard deviation, around the probability', async () => {
    for (const input of [patient, { age: 30, bmi: 21, rs123: 0, smoking: 'never' }]) {
      const prediction = await data.predict(input);
      prediction.intervals.forEach(({ low, high }, k) => {
        const p = prediction.probabilities[k];
        expect(low).toBeGreaterThanOrEqual(0);
        expect(high).toBeLessThanOrEqual(1);
        expect(low).toBeLessThanOrEqual(p + 1e-9);
        expect(high).toBeGreaterThanOrEqual(p - 1e-9);
        // Symmetric around the forest's probability unless clipped at 0 or 1.
        if (low > 0 && high < 1) expect(high - p).toBeCloseTo(p - low, 5);
      });
    }
  });

  it('cross-validates with folds grown elsewhere and scored here', async () => {
    const trainer = createTrainingWorker();
    const td = await data.trainingData();
    await trainer.setTrainingData(td.binned, td.y, td.nClasses, td.id);
    const { plan, report } = await evaluateInProcess(data, trainer, 5, 1.5);
    expect(td.id).toBe(plan.dataId);
    expect(report.folds).toBe(5);
    expect(report.cv.auc).toBeGreaterThan(0.7);
    expect(report.aucFolds).toHaveLength(5);
    // Kept in a saved model file with the rest of the evaluation.
    const saved = await createDataSession().importModel(await data.exportModel(report));
    expect(saved.evaluation?.aucFolds).toEqual(report.aucFolds);
    // The 95 % intervals and the cautions survive the file too (NaN bounds come back as NaN).
    expect(report.cv.intervals?.thresholds).toHaveLength(99);
    expect(saved.evaluation?.cv.intervals).toEqual(report.cv.intervals);
    expect(saved.evaluation?.oob?.intervals).toEqual(report.oob?.intervals);
    expect(saved.evaluation?.cautions).toEqual(report.cautions);
    expect(report.oob?.auc).toBeGreaterThan(0.7);
    expect(report.permutationImportance.length).toBe(4);
    expect(report.impurityImportance.length).toBe(4);
    expect(report.summary).toMatch(/responder/);
    expect(report.seconds).toBe(1.5);
  });

  it('saves and opens a model with identical predictions', async () => {
    const before = await data.predict(patient);
    const text = await data.exportModel(null);
    const other = createDataSession();
    const opened = await other.importModel(text);
    // The same description; whether its training cohort is at hand is this session's own fact.
    expect(opened.info).toEqual({
      ...info,
      trainingCohort: { status: 'not-loaded', note: expect.stringMatching(/^Not available/) },
    });
    expect(opened.evaluation).toBeNull();
    expect((await other.predict(patient)).probabilities).toEqual(before.probabilities);
  });

  it('opens a version-1 file (saved before compact forests) with identical predictions', async () => {
    const current = JSON.parse(await data.exportModel(null)) as Record<string, unknown>;
    expect(current.version).toBe(3);
    const forest = deserializeForest(current.model as SerializedForest);
    const old = {
      ...current,
      version: 1,
      model: serializeForestV1(forest),
      trainingCohort: undefined,
    };
    expect((old.model as SerializedForest).version).toBe(1);
    const other = createDataSession();
    await other.importModel(JSON.stringify(old));
    expect((await other.predict(patient)).probabilities).toEqual(
      (await data.predict(patient)).probabilities,
    );
  });

  describe('rejects bad model files with a specific message and keeps the current model', () => {
    let good: Record<string, unknown>;
    let before: number[];

    beforeAll(async () => {
      good = JSON.parse(await data.exportModel(null)) as Record<string, unknown>;
      before = (await data.predict(patient)).probabilities;
    });

    function edited(edit: (file: FileJson) => void): string {
      const copy = structuredClone(good) as unknown as FileJson;
      edit(copy);
      return JSON.stringify(copy);
    }

    const cases: [string, () => string, string | RegExp][] = [
      ['text that is not JSON', () => 'diagnosis,radius\nM,17.9', NOT_A_MODEL_MESSAGE],
      ['JSON of something else', () => JSON.stringify({ hello: 'world' }), NOT_A_MODEL_MESSAGE],
      ['another version', () => edited((f) => (f.version = 4)), otherVersionMessage(4)],
      [
        'a number replaced by text',
        () => edited((f) => (f.info.nRows = 'many')),
        new RegExp(`^${DAMAGED_PREFIX}info\\.nRows: `),
      ],
      [
        'a tree count that does not match',
        () => edited((f) => (f.info.nTrees = 31)),
        `${DAMAGED_PREFIX}the file says 31 trees but holds 30.`,
      ],
      [
        'a truncated tree array',
        () =>
          edited((f) => {
            const left = base64ToTyped(f.model.trees[0].left, Int32Array, 'left');
            f.model.trees[0].left = typedToBase64(left.slice(0, 2));
          }),
        new RegExp(`^${DAMAGED_PREFIX}tree 0 left has 2 entries, expected \\d+`),
      ],
      [
        'a tampered probability',
        () =>
          edited((f) => {
            const value = base64ToTyped(f.model.trees[1].value, Float32Array, 'value');
            value[0] = 7;
            f.model.trees[1].value = typedToBase64(value);
          }),
        `${DAMAGED_PREFIX}tree 1 node 0 has a class probability outside 0..1.`,
      ],
      [
        'a threshold that is not a number',
        () =>
          edited((f) => {
            const tree = f.model.trees[2];
            const threshold = base64ToTyped(tree.threshold, Float32Array, 'threshold');
            threshold[firstNumericSplit(tree)] = NaN;
            tree.threshold = typedToBase64(threshold);
          }),
        /tree 2 node \d+ has a threshold that is not a finite number/,
      ],
      [
        // Both branches of every split lead to the next node: a DAG TreeSHAP would walk for days.
        'a chain of shared children',
        () =>
          edited((f) => {
            const tree = f.model.trees[0];
            const n = base64ToTyped(tree.left, Int32Array, 'left').length;
            const chain = Int32Array.from({ length: n }, (_, j) => (j < n - 1 ? j + 1 : -1));
            tree.left = typedToBase64(chain);
            tree.right = typedToBase64(chain);
          }),
        `${DAMAGED_PREFIX}tree 0 node 0 has node 1 as both children.`,
      ],
    ];

    for (const [name, make, message] of cases) {
      it(name, async () => {
        const attempt = data.importModel(make());
        if (typeof message === 'string') await expect(attempt).rejects.toThrow(message);
        else await expect(attempt).rejects.toThrow(message);
        expect((await data.predict(patient)).probabilities).toEqual(before);
        const still = JSON.parse(await data.exportModel(null)) as { info: ModelInfo };
        const { trainingCohort: _trainedHere, ...saved } = info;
        expect(_trainedHere?.status).toBe('trained-here');
        expect(still.info).toEqual(saved);
      });
    }
  });

  it('keeps the previous model when a train is reverted (a cancelled train)', async () => {
    const before = await data.predict(patient);
    await train(data, { ...params, randomState: 99 });
    expect((await data.predict(patient)).probabilities).not.toEqual(before.probabilities);
    await data.revertModel();
    expect((await data.predict(patient)).probabilities).toEqual(before.probabilities);
  });

  it('predicts a batch file with labels, the actual outcome and a protected CSV', async () => {
    const csv =
      'patient_id,age,bmi,rs123,smoking,response\n=HYPERLINK(1),70,30,2,current,responder\nB2,35,22,0,never,\n';
    const result = await data.predictBatch(new Blob([csv]));
    expect(result.rows).toHaveLength(2);
    expect(result.rows[0].label).toBe('=HYPERLINK(1)');
    expect(result.rows[0].actual).toBe('responder');
    expect(result.rows[1].actual).toBeNull();
    expect(result.csv.split('\r\n')[1].startsWith(`"'=HYPERLINK(1)"`)).toBe(true);
  });

  it('warns about odd input field by field, and about an unfamiliar patient', async () => {
    const odd = await data.predict({ age: 140, bmi: 'heavy', rs123: 2, smoking: 'cigars' });
    const kinds = odd.warnings.map((w) => `${w.kind}:${w.field ?? ''}`);
    expect(kinds).toContain('out-of-range:age');
    expect(kinds).toContain('not-a-number:bmi');
    expect(kinds).toContain('unseen-category:smoking');
    const empty = await data.predict({});
    expect(empty.missingFields.sort()).toEqual(['age', 'bmi', 'rs123', 'smoking']);
    expect(empty.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
  });

  it('draws partial dependence with the cohort, and explains why not without it', async () => {
    const curve = await data.dependence(patient, 'smoking', 1);
    expect(curve.grid).toEqual(expect.arrayContaining(['never', 'former', 'current']));
    const alone = createDataSession();
    await alone.importModel(await data.exportModel(null));
    expect((await alone.predict(patient)).familiarity).toBeNaN();
    await expect(alone.dependence(patient, 'age', 1)).rejects.toThrow(/load the training file/);
  });

  it('gives the typical patient of the cohort', async () => {
    const typical = await data.typicalPatient();
    expect(Object.keys(typical).sort()).toEqual(['age', 'bmi', 'rs123', 'smoking']);
  });
});
