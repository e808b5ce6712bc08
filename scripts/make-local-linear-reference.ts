/**
 * Writes testdata/causal/local-linear-reference.json: predictLocalLinear's effects and variances on the seeded cases
 * of src/engine/causal/localLinearCases.ts (see testdata/README.md for the version it was run against).
 *
 *   npx tsx scripts/make-local-linear-reference.ts
 */
import { writeFileSync } from 'node:fs';
import { localLinearCases } from '../src/engine/causal/localLinearCases.ts';
import { predictLocalLinear } from '../src/engine/causal/localLinear.ts';

const out = localLinearCases().map((c) => {
  const p = predictLocalLinear(c.forest, c.binned, c.yRes, c.wRes, c.settings, c.target);
  return { name: c.name, effect: Array.from(p.effect), variance: Array.from(p.variance) };
});
writeFileSync('testdata/causal/local-linear-reference.json', JSON.stringify(out) + '\n');
