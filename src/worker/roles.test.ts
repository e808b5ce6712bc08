/**
 * Each worker role loads only what it uses: the training worker's entries reach the forest engine and Comlink, never
 * the CSV parser, zod, the explainers or the data worker (the built bundle is checked the same way in the report).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Every module a source file reaches through value (non-type) imports: relative files and bare packages. */
function reach(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    const source = readFileSync(file, 'utf8');
    for (const m of source.matchAll(/^import (?!type )[^;]*? from '([^']+)';/gms)) {
      const spec = m[1];
      if (!spec.startsWith('.')) {
        packages.add(spec);
        continue;
      }
      const resolved = path.resolve(path.dirname(file), spec);
      visit(resolved.endsWith('.ts') ? resolved : `${resolved}.ts`);
    }
  };
  visit(path.join(here, entry));
  return { files, packages };
}

const relative = (files: Set<string>): string[] =>
  [...files].map((f) => path.relative(path.join(here, '..'), f)).sort();

describe('worker roles', () => {
  for (const entry of ['training.worker.ts', 'node.training.worker.ts']) {
    it(`${entry} reaches the forest engine only (and the causal forest's tree growth)`, () => {
      const { files, packages } = reach(entry);
      const engine = relative(files).filter((f) => f.startsWith('engine/'));
      expect(engine.length).toBeGreaterThan(0);
      // The pool grows the causal forest's bags too (its growth module needs only the forest engine and a normal
      // tail) and runs the ancestry components' genotype sweeps (pcaSweep and its WebAssembly kernel alone, not the
      // rest of the genetics engine), and screens features for tuning's screened candidates (the screen's
      // Benjamini–Hochberg q-values, importancePValues.ts, which imports nothing); its start-up warm-up makes the
      // tuned fit's calls from the search's own plan (forest/tune.ts tuningPlan), whose module scores candidates with
      // the metrics' Brier score and log loss (evaluate/metrics.ts, plain functions that import nothing).
      expect(engine.filter((f) => !f.startsWith('engine/forest/'))).toEqual([
        'engine/causal/causalForest.ts',
        'engine/causal/normal.ts',
        'engine/evaluate/metrics.ts',
        'engine/genetics/importancePValues.ts',
        'engine/genetics/pcaKernel.ts',
        'engine/genetics/pcaKernelWasm.ts',
        'engine/genetics/pcaSweep.ts',
      ]);
      expect([...packages].filter((p) => !/^(comlink|node:)/.test(p))).toEqual([]);
      expect(relative(files)).not.toContain('worker/dataWorker.ts');
    });
  }

  // The evaluation engine quotes column names shortened (engine/data/values.ts); variant importance adds its p-values
  // and writes its table as CSV text (a writer, not the parser); no parser, schema or encoder.
  const evaluationExtras = [
    'engine/data/values.ts',
    'engine/data/csvExport.ts',
    'engine/genetics/importancePValues.ts',
  ];
  for (const entry of ['evaluation.worker.ts', 'node.evaluation.worker.ts']) {
    it(`${entry} reaches the forest and evaluation engines only (and the value helpers)`, () => {
      const { files, packages } = reach(entry);
      const engine = relative(files).filter((f) => f.startsWith('engine/'));
      expect(engine).toContain('engine/evaluate/evaluation.ts');
      expect(
        engine.filter(
          (f) => !/^engine\/(forest|evaluate)\//.test(f) && !evaluationExtras.includes(f),
        ),
      ).toEqual([]);
      // papaparse only for its writer (Papa.unparse in csvExport); zod and the file readers stay out.
      expect([...packages].filter((p) => !/^(comlink|node:|papaparse$)/.test(p))).toEqual([]);
      expect(relative(files)).not.toContain('engine/data/parse.ts');
      expect(relative(files)).not.toContain('worker/dataWorker.ts');
    });
  }

  for (const entry of ['effect.worker.ts', 'node.effect.worker.ts']) {
    it(`${entry} reaches the causal engine, never the data worker or TreeSHAP`, () => {
      const { files } = reach(entry);
      const all = relative(files);
      expect(all).toContain('engine/causal/causalForest.ts');
      expect(all).not.toContain('worker/dataWorker.ts');
      // The icon arrays' words only (engine/explain/riskWords.ts), none of the explainers.
      expect(all.filter((f) => f.startsWith('engine/explain/'))).toEqual([
        'engine/explain/riskWords.ts',
      ]);
    });
  }

  it('the data worker reaches the parser, zod and the explainers', () => {
    const { files, packages } = reach('data.worker.ts');
    expect(packages).toContain('papaparse');
    expect(packages).toContain('zod');
    expect(relative(files)).toContain('engine/explain/treeshap.ts');
  });
});
