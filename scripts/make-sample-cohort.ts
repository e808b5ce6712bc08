/**
 * Writes public/sample-cohort.csv: a SYNTHETIC pharmacogenomic cohort for trying GenoForest.
 * No row describes a real person; every value comes from the seeded generator below.
 *
 *   npm run sample                        # same as: npx tsx scripts/make-sample-cohort.ts
 *   npx tsx scripts/make-sample-cohort.ts --seed 7 --rows 1000 --out /tmp/cohort.csv
 *
 * The same seed and row count always give byte-identical text (a test checks that the committed file
 * equals a fresh generation, so re-run this after changing the generator).
 *
 * What is in it: 400 patients; genotypes of named SNPs coded 0/1/2 (copies of the minor allele, drawn
 * under Hardy–Weinberg equilibrium at each SNP's allele frequency), four log2 gene-expression values
 * (ABCB1 expression rises with the rs1045642 genotype), age, sex, BMI, smoking, alcohol, physical
 * activity and PM2.5 air pollution, about 2 % of feature cells missing, and the outcome `response`
 * (responder / non_responder). Response follows a logistic model of VKORC1, SLCO1B1 and CYP2C9
 * genotypes, ABCB1 expression, age, BMI, activity and pollution, plus a CYP2C19 × smoking interaction:
 * carriers of rs12248560 respond better unless they smoke, when they respond much worse. The other
 * SNPs and expression values are noise. A random forest reaches a cross-validated ROC AUC near 0.8.
 */
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const DEFAULT_SEED = 20240611;
export const DEFAULT_ROWS = 400;

/** Small seeded generator (mulberry32): kept here so the committed file never depends on engine code. */
function createRandom(seed: number) {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = (mean = 0, sd = 1): number => {
    // Box–Muller; 1 - u keeps the logarithm finite.
    const u = 1 - next();
    const v = next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  const pick = <T>(items: readonly T[], weights: readonly number[]): T => {
    let u = next() * weights.reduce((a, b) => a + b, 0);
    for (let i = 0; i < items.length; i++) {
      u -= weights[i];
      if (u < 0) return items[i];
    }
    return items[items.length - 1];
  };
  /** Copies of the minor allele (0, 1, 2) under Hardy–Weinberg equilibrium. */
  const genotype = (maf: number): number => (next() < maf ? 1 : 0) + (next() < maf ? 1 : 0);
  return { next, normal, pick, genotype };
}

/** SNPs with their minor-allele frequencies; the first six carry signal, the rest are noise. */
const SNPS: readonly [string, number][] = [
  ['rs1045642_ABCB1', 0.45],
  ['rs4149056_SLCO1B1', 0.16],
  ['rs1799853_CYP2C9', 0.12],
  ['rs1057910_CYP2C9', 0.07],
  ['rs9923231_VKORC1', 0.39],
  ['rs12248560_CYP2C19', 0.21],
  ['rs4244285_CYP2C19', 0.15],
  ['rs1801133_MTHFR', 0.33],
  ['rs776746_CYP3A5', 0.18],
  ['rs1142345_TPMT', 0.05],
  ['rs3892097_CYP2D6', 0.2],
  ['rs2231142_ABCG2', 0.11],
  ['rs662_PON1', 0.3],
  ['rs1695_GSTP1', 0.34],
];

const HEADER = [
  'patient_id',
  'age',
  'sex',
  'bmi',
  'smoking',
  'alcohol_units_week',
  'physical_activity',
  'air_pollution_pm25',
  ...SNPS.map(([name]) => name),
  'ABCB1_expr',
  'CYP3A4_expr',
  'IL6_expr',
  'ESR1_expr',
  'response',
];

/** Share of feature cells left empty (some written as "NA"). */
const MISSING_SHARE = 0.02;

/** The cohort as CSV text (comma-separated, "\n" line ends, header first). */
export function generateSampleCohort(seed = DEFAULT_SEED, rows = DEFAULT_ROWS): string {
  const rnd = createRandom(seed);
  const lines = [HEADER.join(',')];
  for (let i = 0; i < rows; i++) {
    const age = Math.round(Math.min(88, Math.max(19, rnd.normal(58, 12))));
    const sex = rnd.next() < 0.52 ? 'female' : 'male';
    const bmi = Math.min(47, Math.max(16.5, rnd.normal(sex === 'male' ? 27.6 : 26.4, 4.6)));
    const smoking = rnd.pick(['never', 'former', 'current'] as const, [0.5, 0.3, 0.2]);
    const drinks = rnd.next() < 0.25 ? 0 : Math.round(-Math.log(1 - rnd.next()) * 7);
    const activity = rnd.pick(['low', 'moderate', 'high'] as const, [0.35, 0.45, 0.2]);
    const pm25 = Math.exp(rnd.normal(Math.log(12), 0.45));
    const snps = SNPS.map(([, maf]) => rnd.genotype(maf));
    const g = (name: string) => snps[SNPS.findIndex(([n]) => n === name)];
    const abcb1 = rnd.normal(7.8 + 0.45 * g('rs1045642_ABCB1'), 0.8);
    const cyp3a4 = rnd.normal(9.1, 1.1);
    const il6 = rnd.normal(5.2 + (smoking === 'current' ? 0.5 : 0), 0.9);
    const esr1 = rnd.normal(sex === 'female' ? 8.4 : 7.1, 1.0);

    const carrier2c19 = g('rs12248560_CYP2C19') > 0;
    const poor2c9 = g('rs1799853_CYP2C9') + g('rs1057910_CYP2C9') > 0;
    const logit =
      0.3 +
      1.9 * g('rs9923231_VKORC1') -
      2.2 * g('rs4149056_SLCO1B1') -
      1.8 * (poor2c9 ? 1 : 0) +
      (carrier2c19 ? (smoking === 'current' ? -4.4 : 2) : 0) -
      (smoking === 'current' ? 0.5 : 0) -
      1.45 * (abcb1 - 8) -
      0.07 * (age - 58) -
      0.14 * (bmi - 27) +
      (activity === 'high' ? 1.2 : activity === 'low' ? -1 : 0) -
      0.1 * (pm25 - 12);
    const response = rnd.next() < 1 / (1 + Math.exp(-logit)) ? 'responder' : 'non_responder';

    const features = [
      String(age),
      sex,
      bmi.toFixed(1),
      smoking,
      String(drinks),
      activity,
      pm25.toFixed(1),
      ...snps.map(String),
      abcb1.toFixed(2),
      cyp3a4.toFixed(2),
      il6.toFixed(2),
      esr1.toFixed(2),
    ].map((cell) => {
      if (rnd.next() >= MISSING_SHARE) return cell;
      return rnd.next() < 0.25 ? 'NA' : '';
    });
    lines.push([`P${String(i + 1).padStart(4, '0')}`, ...features, response].join(','));
  }
  return lines.join('\n') + '\n';
}

/** Where `npm run sample` writes the cohort. */
export const SAMPLE_PATH = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../public/sample-cohort.csv',
);

function main(argv: string[]): void {
  const option = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const seed = Number(option('--seed') ?? DEFAULT_SEED);
  const rows = Number(option('--rows') ?? DEFAULT_ROWS);
  const out = option('--out') ?? SAMPLE_PATH;
  if (!Number.isInteger(seed) || !Number.isInteger(rows) || rows < 1) {
    console.error(
      'Usage: tsx scripts/make-sample-cohort.ts [--seed N] [--rows N] [--out file.csv]',
    );
    process.exit(1);
  }
  writeFileSync(out, generateSampleCohort(seed, rows));
  console.log(`Wrote ${rows} synthetic patients to ${out} (seed ${seed}).`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2));
}
