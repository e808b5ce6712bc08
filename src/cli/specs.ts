/** What each genoforest command accepts: the source of its option parsing and of its --help text. */
import type { CommandSpec, OptionSpec } from './args.ts';

const fitOptions: OptionSpec[] = [
  { name: 'target', kind: 'string', value: '<col>', help: 'Outcome column (2 or more classes).' },
  { name: 'trees', kind: 'int', value: '<n>', help: 'Number of trees (default 100).' },
  {
    name: 'seed',
    kind: 'int',
    value: '<n>',
    help: 'Random seed; the same seed gives the same model (default 1).',
  },
  {
    name: 'threads',
    kind: 'int',
    value: '<n>',
    help: 'Worker threads (default: all cores). 1 trains in this process.',
  },
];

const phenoOption: OptionSpec = {
  name: 'pheno',
  kind: 'string',
  value: '<clinical.csv>',
  help: 'Clinical table joined to the genotypes by sample ID (outcome, age, …).',
};

/** What GENOTYPES may be, for the summaries. */
const GENOTYPE_FORMATS =
  'GENOTYPES is a CSV/TSV/TXT table, a PLINK .raw (--recode A), a .bed with its .bim and .fam beside\n' +
  'it, or a .vcf/.vcf.gz. Without --pheno the outcome comes from the file itself (PLINK PHENOTYPE:\n' +
  '1 = control, 2 = case). With --pheno, samples are joined by ID (IID / VCF sample name and the\n' +
  "clinical table's ID column); samples only in one file are reported by count with examples.";

const cohortOption: OptionSpec = {
  name: 'cohort',
  kind: 'string',
  value: '<train.csv>',
  help: 'The training CSV (or .raw/.vcf), to measure how familiar each patient is to the cohort.',
};

/** genoforest evaluate. */
export const evaluateSpec: CommandSpec = {
  name: 'evaluate',
  positionals: ['<GENOTYPES>'],
  brief: 'Cross-validate a forest (or score a --test file): ROC AUC, accuracy, Brier score.',
  summary:
    'Estimate how well a random forest predicts the target on patients it has not seen: stratified\n' +
    '(with --group, stratified group) k-fold cross-validation, repeated with --repeats, or with --test,\n' +
    'train on GENOTYPES and score the other file.\n' +
    GENOTYPE_FORMATS +
    '\n' +
    'Prints ROC AUC (binary: of the positive class; more classes: macro one-vs-rest),\n' +
    'accuracy, Brier score, rows, features, classes, folds and fit seconds. Cross-validated figures are\n' +
    "over the pooled out-of-fold predictions, as the app's Evaluate step (each fold's AUC: aucFolds);\n" +
    'with --importance the forest is also grown on every row, for its out-of-bag figures and importances.',
  options: [
    ...fitOptions,
    phenoOption,
    { name: 'folds', kind: 'int', value: '<k>', help: 'Cross-validation folds (default 5).' },
    {
      name: 'group',
      kind: 'string',
      value: '<col>',
      help: 'Keep each group (family FID, site, patient) wholly in one fold.',
    },
    {
      name: 'repeats',
      kind: 'int',
      value: '<n>',
      help: 'Repeat the k-fold split n times with new shuffles; reports the spread (default 1).',
    },
    {
      name: 'positive',
      kind: 'string',
      value: '<class>',
      help: 'Positive class of a two-class outcome (default: case/responder/yes/1, else the smaller).',
    },
    {
      name: 'test',
      kind: 'string',
      value: '<other.csv>',
      help: 'Score this file instead of cross-validating.',
    },
    {
      name: 'importance',
      kind: 'flag',
      help: 'Also print the top 20 permutation and impurity importances.',
    },
    { name: 'json', kind: 'flag', help: 'Print one JSON object instead of text.' },
  ],
  notes: [
    'Example: npm run --silent genoforest -- evaluate cohort.csv --target diagnosis --folds 5 --json',
    'Example: npm run --silent genoforest -- evaluate cohort.bed --pheno clinical.csv --target response --group FID --repeats 5',
    'With --json and --pheno: samplesJoined and samplesUnmatched (onlyInGenotypes, onlyInClinical).',
  ],
};

/** genoforest train. */
export const trainSpec: CommandSpec = {
  name: 'train',
  positionals: ['<GENOTYPES>'],
  brief: 'Train a forest and save it as a .genoforest.json model (opens in the app).',
  summary:
    'Train a random forest on GENOTYPES and save it as a .genoforest.json model, the same file the\n' +
    'app\'s "Save model" writes (it opens in the app and in genoforest predict / explain).\n' +
    GENOTYPE_FORMATS,
  options: [
    ...fitOptions,
    phenoOption,
    {
      name: 'out',
      kind: 'string',
      value: '<model.json>',
      help: 'Where to write the model (required).',
    },
    { name: 'json', kind: 'flag', help: 'Print a JSON summary instead of text.' },
  ],
  notes: [
    'Example: npm run --silent genoforest -- train cohort.csv --target diagnosis --out model.genoforest.json',
    'Example: npm run --silent genoforest -- train cohort.bed --target PHENOTYPE --out model.genoforest.json',
  ],
};

/** genoforest predict. */
export const predictSpec: CommandSpec = {
  name: 'predict',
  positionals: ['<model.json>', '<PATIENTS>'],
  brief: 'Probabilities for a file of new patients, as CSV.',
  summary:
    'Predict the outcome of each patient in PATIENTS (a CSV/TSV/TXT, .raw, .bed with .bim/.fam or\n' +
    '.vcf/.vcf.gz with the training columns; the outcome column may be absent). Writes the CSV the app exports: a label column (an identifier\n' +
    'column, else the row number), the actual outcome when present, the predicted class, one\n' +
    'probability column per class "P(<class>)", the trees\' spread (mean ± one standard deviation\n' +
    "of the individual trees' probabilities), familiarity and warnings. Cells a spreadsheet would run\n" +
    'as a formula are escaped.',
  options: [
    {
      name: 'out',
      kind: 'string',
      value: '<probs.csv>',
      help: 'Write the CSV here instead of stdout.',
    },
    cohortOption,
  ],
};

/** genoforest explain. */
export const explainSpec: CommandSpec = {
  name: 'explain',
  positionals: ['<model.json>', '<PATIENTS>'],
  brief: 'Probabilities, intervals, warnings and top contributions (TreeSHAP) per patient.',
  summary:
    "For each patient of PATIENTS (same formats as predict): the model's probabilities, an interval\n" +
    'from the spread of the individual trees,\n' +
    'warnings (values outside the training range, unseen categories, missing fields, unfamiliar\n' +
    'patients) and the features that pushed the probability up or down most (TreeSHAP).',
  options: [
    {
      name: 'top',
      kind: 'int',
      value: '<n>',
      help: 'Contributions shown per patient (default 10).',
    },
    cohortOption,
    { name: 'json', kind: 'flag', help: 'Print one JSON object instead of text.' },
  ],
};

/** All commands, in the order --help lists them. */
export const commandSpecs: CommandSpec[] = [evaluateSpec, trainSpec, predictSpec, explainSpec];
