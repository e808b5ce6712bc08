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
  {
    name: 'max-features',
    kind: 'string',
    value: '<sqrt|log2|n|f>',
    help: 'Features tried per split: sqrt (default), log2, all, a count n or a fraction f in (0, 1].',
  },
  {
    name: 'max-depth',
    kind: 'int',
    value: '<n>',
    help: 'Maximum depth of a tree (default: none, grown until leaves are pure).',
  },
  {
    name: 'min-samples-leaf',
    kind: 'int',
    value: '<n>',
    help: 'Fewest patients in a leaf (default 1).',
  },
  {
    name: 'min-samples-split',
    kind: 'int',
    value: '<n>',
    help: 'Fewest patients in a node that may be split (default 2).',
  },
  {
    name: 'class-weight',
    kind: 'string',
    value: 'balanced',
    help: 'Weigh each class by n / (classes × its count) (default: every patient alike).',
  },
  {
    name: 'tune',
    kind: 'flag',
    help:
      'Choose --min-samples-leaf, --max-features and, unless given, --max-depth on out-of-bag patients first (the trees that grows depend on the ' +
      'cohort and --trees, at least 16 for each setting tried; train says how many on stderr first), then train with the best; inside each fold when cross-validating. ' +
      'With --time/--event (train, evaluate): the leaf size only, on out-of-bag C.',
  },
  {
    name: 'no-tune',
    kind: 'flag',
    help: "Keep scikit-learn's defaults or the settings given (the default, unlike the app's).",
  },
  {
    name: 'no-bootstrap',
    kind: 'flag',
    help: 'Grow every tree on all patients (default: a bootstrap sample each; no out-of-bag figures).',
  },
  {
    name: 'max-samples',
    kind: 'string',
    value: '<n|f>',
    help: "Patients drawn for each tree's bootstrap: a count n or a fraction f in (0, 1] (default: as many as there are).",
  },
];

/** scikit-learn's names for the forest settings, said once in every training command's help. */
const settingsNote =
  "The forest settings mean what scikit-learn's RandomForestClassifier parameters of the same names mean\n" +
  '(max_features, max_depth, min_samples_leaf, min_samples_split, class_weight, bootstrap), and default\n' +
  'to its defaults; --json reports them as "settings". The command line does not tune unless told (--tune), so\n' +
  "that its figures compare with scikit-learn's at the same settings; the app tunes by default. --tune scores\n" +
  'each candidate by the expected Brier score of the final forest on out-of-bag patients (with --group, only by\n' +
  "trees that drew nobody of the patient's group, where the groups are small enough) and --json reports every\n" +
  'candidate as "tuning".';

const confidenceOption: OptionSpec = {
  name: 'confidence',
  kind: 'string',
  value: '<0..1>',
  help: 'Confidence of the prediction sets, e.g. 0.8, 0.9 (default) or 0.95.',
};

const phenoOption: OptionSpec = {
  name: 'pheno',
  kind: 'string',
  value: '<clinical.csv>',
  help: 'Clinical table joined to the genotypes by sample ID (outcome, age, …).',
};

const phenoKeyOption: OptionSpec = {
  name: 'pheno-key',
  kind: 'string',
  value: '<col|FID,IID>',
  help: "--pheno's key: its sample ID column, or family,sample columns (= FID + IID); repeats left out.",
};

/** What GENOTYPES may be, for the summaries. */
const GENOTYPE_FORMATS =
  'GENOTYPES is a CSV/TSV/TXT table, a PLINK .raw (--recode A), a .bed with its .bim and .fam beside\n' +
  'it, or a .vcf/.vcf.gz. Without --pheno the outcome comes from the file itself (PLINK PHENOTYPE:\n' +
  '1 = control, 2 = case). With --pheno, samples are joined by ID: IID / VCF sample name = the clinical\n' +
  'column sharing the most IDs, or the FID + IID pair when the clinical table has the family column too\n' +
  '(named FID, family, … or matching FID): PLINK IIDs need only be unique within a family. A key that\n' +
  'repeats in either file is refused (exit 1, with counts and examples); name it with --pheno-key and\n' +
  'the repeated IDs are left out and counted. Samples only in one file are reported by count with examples.';

const cohortOption: OptionSpec = {
  name: 'cohort',
  kind: 'string',
  value: '<train.csv>',
  help:
    'The training CSV (or .raw/.vcf), to measure how familiar each patient is to the cohort. For an .onnx ' +
    'model: a reference cohort with its columns (familiarity, and the node counts explain needs).',
};

const columnsOption: OptionSpec = {
  name: 'columns',
  kind: 'string',
  value: '<list.txt>',
  help:
    "An .onnx model's column names, one per line in its feature order (default: the names the file " +
    'carries; required when it carries none).',
};

const onnxNote =
  'An .onnx model (TreeEnsembleClassifier, ai.onnx.ml opset 1-3, or TreeEnsemble, opset 5: scikit-learn via\n' +
  'skl2onnx, Spark MLlib or XGBoost via onnxmltools, or GenoForest) is read by its extension; anything else\n' +
  '(a regressor, a pipeline, a post-transform) is refused with the reason.';

/** How cross-validation runs: evaluate's options, and train's when it also evaluates the model. */
const cvOptions: OptionSpec[] = [
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
];

/** PLINK's variant and sample filters, shared by the commands that read genotypes. */
export const qcFilterOptions: OptionSpec[] = [
  {
    name: 'maf',
    kind: 'string',
    value: '<f>',
    help: "Remove variants whose minor-allele frequency is below f (PLINK's --maf; its bare default 0.01).",
  },
  {
    name: 'geno',
    kind: 'string',
    value: '<f>',
    help: "Remove variants missing in more than a share f of samples (PLINK's --geno; bare default 0.1).",
  },
  {
    name: 'mind',
    kind: 'string',
    value: '<f>',
    help: "Remove samples missing more than a share f of variants (PLINK's --mind; bare default 0.1).",
  },
  {
    name: 'hwe',
    kind: 'string',
    value: '<p>',
    help: "Remove variants whose Hardy-Weinberg exact p is below p (PLINK's --hwe, e.g. 1e-6).",
  },
];

/** How the filters run, said once in every command that takes them. */
const qcFilterNote =
  "Filters run in PLINK 1.9's order: --mind first (each sample's share of missing calls over every variant),\n" +
  'then over the samples left --geno, --hwe and --maf; a value exactly at a threshold is kept, as PLINK\n' +
  'says. HWE is the exact test of Wigginton et al. (2005) over all samples, cases and controls alike (PLINK\n' +
  "1.9's --hwe tests controls only unless given include-nonctrl; --hardy's ALL row is this figure), and\n" +
  'every sample counts as a founder. A filter not given is not applied.';

/** What the filters do before training (evaluate, train). */
const trainFilterNote =
  qcFilterNote +
  '\nWith filters, the samples and variants they remove are left out before the outcome and features are\n' +
  'read (after any --pheno join, over the samples joined; samples with no outcome count too), and --json\n' +
  'reports "qc": { filters, steps (each filter\'s count removed), variantsTotal, variantsKept, samplesTotal,\n' +
  'samplesKept }. See `genoforest qc` for the figures per variant.';

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
    'with --importance the forest is also grown on every row, for its out-of-bag figures and importances.\n' +
    'Cross-validation also measures the prediction sets (see explain): each fold is calibrated on the\n' +
    "out-of-bag probabilities of its own training rows and scored on its test rows; --json's\n" +
    '"conformal" gives { confidence, coverage, coverageByClass, meanSetSize, singleRate, singleRateByClass,\n' +
    "emptyRate } (coverage: how often the true outcome was in the patient's set; it should be close to the\n" +
    'confidence; singleRate: the share of sets naming one outcome, overall and by true outcome, i.e. how\n' +
    'informative the sets are). The promise is marginal, on patients exchangeable with the cohort; out-of-bag\n' +
    'calibration approximates split conformal.\n' +
    'Every figure has a 95 % interval (--json: aucInterval, accuracyInterval, balancedAccuracyInterval,\n' +
    'brierInterval, and for two classes sensitivity, specificity and netBenefit at threshold 0.5 with theirs):\n' +
    'DeLong for the AUC, Wilson for proportions, a seeded stratified bootstrap for the rest. Cautions (few\n' +
    'patients of the rarer outcome, far more features than patients, a near-perfect AUC on a small cohort)\n' +
    'are among the warnings.',
  options: [
    ...fitOptions,
    phenoOption,
    phenoKeyOption,
    ...qcFilterOptions,
    ...cvOptions,
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
    confidenceOption,
    ...survivalOptions('evaluate'),
    { name: 'json', kind: 'flag', help: 'Print one JSON object instead of text.' },
  ],
  notes: [
    settingsNote,
    trainFilterNote,
    'Example: npm run --silent genoforest -- evaluate cohort.csv --target diagnosis --folds 5 --json',
    'Example: npm run --silent genoforest -- evaluate lung.csv --time time --event event --json',
    'With --time and --event (a survival forest, leaves of at least 15 patients, log-rank splits): outcomeKind',
    '"survival", cindex (Harrell\'s C of the pooled out-of-fold risk scores) with cindexInterval (95 %',
    'bootstrap over patients) and cindexFolds, integratedBrier (IPCW, over the 10th-90th percentiles of the',
    'event times). Grown in this process.',
    'Example: npm run --silent genoforest -- evaluate cohort.csv --target diagnosis --json --confidence 0.9',
    'Example: npm run --silent genoforest -- evaluate cohort.bed --pheno clinical.csv --target response --group FID --repeats 5',
    'Example: npm run --silent genoforest -- evaluate cohort.bed --pheno clinical.csv --pheno-key FID,IID --target response',
    'With --json and --pheno: samplesJoined, samplesUnmatched (onlyInGenotypes, onlyInClinical),',
    'samplesDuplicated (inGenotypes, inClinical: IDs on several rows, left out) and joinKey',
    '(genotypes, clinical: the columns matched; chosen: given by --pheno-key). Examples of a family key',
    'read FID/IID.',
  ],
};

/** genoforest train. */
export const trainSpec: CommandSpec = {
  name: 'train',
  positionals: ['<GENOTYPES>'],
  brief: 'Train a forest and save it as a .genoforest.json or .onnx model (opens in the app).',
  summary:
    'Train a random forest on GENOTYPES and save it as a .genoforest.json model, the same file the\n' +
    'app\'s "Save model" writes (it opens in the app and in genoforest predict / explain). With --out\n' +
    'ending in .onnx it is written as an ONNX-ML TreeEnsembleClassifier (as skl2onnx writes a scikit-learn\n' +
    'forest; TreeEnsemble, opset 5, when categorical splits need it) with its preprocessing spec in the\n' +
    'metadata, as the app\'s "Save model as ONNX" does; it is read back and compared before it is written.\n' +
    'With --folds, --group, --repeats or --positive the model is also cross-validated as evaluate does (the\n' +
    'app\'s own evaluation) and the figures are printed with the summary (--json: "evaluation").\n' +
    GENOTYPE_FORMATS,
  options: [
    ...fitOptions,
    phenoOption,
    phenoKeyOption,
    ...qcFilterOptions,
    {
      name: 'out',
      kind: 'string',
      value: '<model.json|model.onnx>',
      help: 'Where to write the model (required); .onnx writes ONNX.',
    },
    ...cvOptions,
    ...survivalOptions('train'),
    { name: 'json', kind: 'flag', help: 'Print a JSON summary instead of text.' },
  ],
  notes: [
    settingsNote,
    trainFilterNote,
    'Example: npm run --silent genoforest -- train cohort.csv --target diagnosis --out model.genoforest.json',
    'Example: npm run --silent genoforest -- train lung.csv --time time --event event --out lung.genoforest.json',
    'With --time and --event: a survival forest (log-rank splits, leaves of at least 15 patients unless',
    '--min-samples-leaf says otherwise), saved as a survival model that explain opens (not as ONNX).',
    'Example: npm run --silent genoforest -- train cohort.bed --target PHENOTYPE --out model.genoforest.json',
    'Example: npm run --silent genoforest -- train cohort.bed --pheno clinical.csv --target response --group FID --repeats 5 --out model.genoforest.json',
  ],
};

/** The time-to-event outcome options of evaluate and train. */
function survivalOptions(verb: string): OptionSpec[] {
  return [
    {
      name: 'time',
      kind: 'string',
      value: '<col>',
      help: `Follow-up time column: ${verb} a survival forest (with --event instead of --target).`,
    },
    {
      name: 'event',
      kind: 'string',
      value: '<col>',
      help: 'Event column of a time-to-event outcome; other values than --event-value are censored.',
    },
    {
      name: 'event-value',
      kind: 'string',
      value: '<v>',
      help: 'The --event value meaning the event happened (default: 1, dead, death, event, yes, …).',
    },
  ];
}

/** genoforest predict. */
export const predictSpec: CommandSpec = {
  name: 'predict',
  positionals: ['<model.json|model.onnx>', '<PATIENTS>'],
  brief: 'Probabilities for a file of new patients, as CSV.',
  summary:
    'Predict the outcome of each patient in PATIENTS (a CSV/TSV/TXT, .raw, .bed with .bim/.fam or\n' +
    '.vcf/.vcf.gz with the training columns; the outcome column may be absent). Writes the CSV the app exports: a label column (an identifier\n' +
    'column, else the row number), the actual outcome when present, the predicted class, one\n' +
    'probability column per class "P(<class>)", the trees\' spread (mean ± one standard deviation\n' +
    "of the individual trees' probabilities), familiarity and warnings. Cells a spreadsheet would run\n" +
    'as a formula are escaped.\n' +
    'When PATIENTS has the outcome column it is an external validation: rows that are training patients\n' +
    '(the model\'s cohort fingerprint: same features and outcome) are marked in a "training patient" column\n' +
    'and left out; on the others, stderr gets one line with the AUC, calibration-in-the-large, calibration\n' +
    'slope and Brier score, each with its 95 % interval; --json gives them under "externalValidation".',
  options: [
    {
      name: 'out',
      kind: 'string',
      value: '<probs.csv>',
      help: 'Write the CSV here instead of stdout.',
    },
    cohortOption,
    columnsOption,
    {
      name: 'positive',
      kind: 'string',
      value: '<class>',
      help: 'Positive class of the external validation of a two-class model (default: as evaluate --positive).',
    },
    {
      name: 'json',
      kind: 'flag',
      help: 'Print one JSON object (rows, externalValidation, warnings) instead of the CSV (--out still writes it).',
    },
  ],
  notes: [onnxNote],
};

/** genoforest explain. */
export const explainSpec: CommandSpec = {
  name: 'explain',
  positionals: ['<model.json|model.onnx>', '<PATIENTS>'],
  brief: 'Probabilities, prediction sets, warnings and top contributions (TreeSHAP) per patient.',
  summary:
    "For each patient of PATIENTS (same formats as predict): the model's probabilities with their\n" +
    'standard errors (infinitesimal jackknife: how much the probability would move if the cohort were\n' +
    'drawn again; needs --cohort), the prediction set (the outcomes that cannot be ruled out at\n' +
    "--confidence, calibrated on the model's out-of-bag probabilities; needs --cohort; [] means the\n" +
    'patient is unlike the cohort),\n' +
    'warnings (values outside the training range, unseen categories, missing fields, unfamiliar\n' +
    'patients) and the features that pushed the probability up or down most (TreeSHAP). The spread\n' +
    "of the individual trees is kept in --json's intervals as secondary detail. An .onnx model needs\n" +
    '--cohort: its trees carry no patient counts, so they are counted through that cohort here.',
  options: [
    {
      name: 'top',
      kind: 'int',
      value: '<n>',
      help: 'Contributions shown per patient (default 10).',
    },
    cohortOption,
    confidenceOption,
    columnsOption,
    {
      name: 'horizon',
      kind: 'string',
      value: '<t>',
      help: "Survival models: the time (in the time column's units) to give each patient's survival at.",
    },
    { name: 'json', kind: 'flag', help: 'Print one JSON object instead of text.' },
  ],
  notes: [
    'Example: npm run --silent genoforest -- explain model.genoforest.json new.csv --cohort train.csv --json --confidence 0.9',
    'Example: npm run --silent genoforest -- explain lung.genoforest.json new.csv --horizon 365 --json',
    'A survival model gives each row survival: { times, probabilities } (from 1 at time 0, never rising),',
    'risk (expected events over the time grid) and with --horizon survivalAt: { time, probability }; the',
    'patients need only the feature columns. --cohort must then be the training cohort (checked by the',
    "model's fingerprint, follow-up included) and adds its Kaplan-Meier curve (cohortSurvival).",
    'Survival rows also get contributions: [{ feature, value, shap }] (TreeSHAP on the risk; expectedRisk plus',
    'them is risk) and with --horizon horizonContributions (on the cumulative hazard H there: survival at the',
    'horizon = baseProbability times each exp(-shap), its factor).',
    onnxNote,
  ],
};

/** genoforest qc. */
export const qcSpec: CommandSpec = {
  name: 'qc',
  positionals: ['<GENOTYPES>'],
  brief: 'Variant and sample QC as PLINK does it: MAF, call rates, Hardy-Weinberg p, filters.',
  summary:
    'Quality control of the genotype calls in GENOTYPES (a PLINK .bed with its .bim and .fam, a .raw, or a\n' +
    '.vcf/.vcf.gz with GT): per variant the minor-allele frequency, call rate and Hardy-Weinberg exact-test\n' +
    "p-value (PLINK 1.9's --freq, --missing, --hardy), per sample the call rate, and what PLINK's filters\n" +
    'would remove, step by step. Text output is a short summary; --json gives every variant\n' +
    '{ name, chromosome, position, maf, callRate, hweP, removedBy } (chromosome and position from the .bim or\n' +
    'VCF, null when the file has none) and every sample { id, callRate, removedBy }, with "steps" (each\n' +
    "filter's threshold and count removed). With --mind removing samples, variant figures are over the\n" +
    'samples kept.',
  options: [
    ...qcFilterOptions,
    { name: 'json', kind: 'flag', help: 'Print one JSON object instead of text.' },
  ],
  notes: [
    qcFilterNote,
    'Example: npm run --silent genoforest -- qc cohort.bed --maf 0.01 --geno 0.05 --mind 0.05 --hwe 1e-6',
    'Example: npm run --silent genoforest -- qc cohort.vcf.gz --json > qc.json',
  ],
};

/** genoforest pca. */
export const pcaSpec: CommandSpec = {
  name: 'pca',
  positionals: ['<GENOTYPES>'],
  brief: 'Ancestry components (principal components of the genotypes), as PLINK 1.9 --pca.',
  summary:
    'Principal components of the genotypes of GENOTYPES (a .bed with its .bim and .fam, a PLINK .raw or a\n' +
    '.vcf/.vcf.gz), as PLINK 1.9 --pca computes them: each variant standardised by its allele frequency p,\n' +
    '(dose − 2p) / sqrt(2p(1 − p)), the components the top eigenvectors of the relationship matrix (unit\n' +
    "length, as PLINK's .eigenvec) and the eigenvalues its (.eigenval). Variants with one allele are left out. A\n" +
    'missing call counts as the mean (as plink2; PLINK 1.9 divides by the variants each pair has called), and\n' +
    'frequencies come from every sample (PLINK 1.9 uses founders only when the .fam names parents). Prints one\n' +
    'row per sample (tab-separated) under the eigenvalues and the share of variance each component explains.\n' +
    'Variants on X, Y and MT are left out as PLINK 1.9 leaves them out (from a .bed, whose .bim names them).',
  options: [
    { name: 'components', kind: 'int', value: '<k>', help: 'Components to compute (default 10).' },
    { name: 'seed', kind: 'int', value: '<n>', help: 'Seed of the random start (default 1).' },
    {
      name: 'threads',
      kind: 'int',
      value: '<n>',
      help: 'Worker threads sharing each sweep (default: all cores); the same components for any count.',
    },
    {
      name: 'indep-pairwise',
      kind: 'string',
      value: '<window,step,r2>',
      help: "LD-prune the variants first as plink1.9 --indep-pairwise (e.g. 50,5,0.2; also '50 5 0.2').",
    },
    {
      name: 'json',
      kind: 'flag',
      help: 'Print samples, components, eigenvalues and varianceExplained as JSON.',
    },
  ],
  notes: ['Example: npm run --silent genoforest -- pca cohort.bed --components 10 --json'],
};

/** genoforest importance. */
export const importanceSpec: CommandSpec = {
  name: 'importance',
  positionals: ['<GENOTYPES>'],
  brief: 'Which variants matter: corrected impurity importance with p-values and q-values.',
  summary:
    'Which variants (or columns) of GENOTYPES are associated with the target: a forest grown on every\n' +
    'feature and a permuted shadow copy of each (ranger\'s importance = "impurity_corrected", Nembrini et al.\n' +
    "2018); a feature's importance is the Gini decrease of its splits minus its shadow's, per tree. p-values\n" +
    'as ranger\'s importance_pvalues(method = "janitza") (Janitza et al. 2018: the negative importances,\n' +
    'mirrored, are the null), q-values by Benjamini-Hochberg over every feature. Text output is a table of\n' +
    'the top variants; --json gives every one: variants: [{ name, chromosome, position, importance, pValue,\n' +
    'qValue, counted, other, maf }], ordered by p (chromosome and position from the .bim or VCF, else read\n' +
    'from names like 1:12345 or chr1:12345_A, else null). It is association in this cohort, not causation;\n' +
    'correlated variants (LD) share importance. The p-values need many features unrelated to the outcome\n' +
    '(a warning says when fewer than 100 importances are negative). Grown in this process.\n' +
    GENOTYPE_FORMATS,
  options: [
    { name: 'target', kind: 'string', value: '<col>', help: 'Outcome column (2 or more classes).' },
    {
      name: 'trees',
      kind: 'int',
      value: '<n>',
      help: "Number of trees (default 500, ranger's default; fewer make coarse p-values).",
    },
    {
      name: 'seed',
      kind: 'int',
      value: '<n>',
      help: 'Random seed of the trees and of the shadow permutation (default 1).',
    },
    {
      name: 'top',
      kind: 'int',
      value: '<n>',
      help: 'Variants in the text table (default 20).',
    },
    phenoOption,
    phenoKeyOption,
    ...qcFilterOptions,
    { name: 'json', kind: 'flag', help: 'Print one JSON object instead of text.' },
  ],
  notes: [
    trainFilterNote,
    'Example: npm run --silent genoforest -- importance cohort.bed --target PHENOTYPE --maf 0.01 --json',
    'Example: npm run --silent genoforest -- importance cohort.vcf.gz --pheno clinical.csv --target response --trees 1000',
  ],
};

/** genoforest effect. */
export const effectSpec: CommandSpec = {
  name: 'effect',
  positionals: ['<FILE>'],
  brief:
    'Treatment effect per patient (causal forest) with 95 % intervals, overlap and calibration checks.',
  summary:
    "How much a treatment changes the chance of the --positive outcome, per patient, after grf's causal\n" +
    'forest: out-of-bag outcome and treatment-chance forests, honest trees on the residuals, intervals from\n' +
    "pairs of trees. Effects are differences of the positive outcome's probability, treated minus comparison,\n" +
    'for every patient of FILE out of bag. Also: the average effect (augmented inverse-propensity weighting;\n' +
    'on the treated; overlap-weighted), an overlap warning when chances of treatment reach 1 % or 99 %, and\n' +
    'the calibration test (is there heterogeneity at all?), and the RATE (AUTOC) with the TOC curve: patients\n' +
    'ranked by effects from forests fitted on the other half. Per-patient effects carry a local linear\n' +
    'correction (Friedberg et al. 2020) on the column the effect forest splits on most, which reduces the\n' +
    "forest's bias toward the average effect where the effect changes with that column (--no-local-linear:\n" +
    "the forest's own). The treatment column is never a feature. It\n" +
    'assumes every confounder is among the columns; with observational data it is an adjusted association.',
  options: [
    { name: 'target', kind: 'string', value: '<col>', help: 'Outcome column (two classes).' },
    {
      name: 'treatment',
      kind: 'string',
      value: '<col>',
      help: 'Treatment column (two arms, or more with --comparison-value).',
    },
    {
      name: 'treated-value',
      kind: 'string',
      value: '<v>',
      help: 'The --treatment value meaning treated (default: 1, yes, true, treated … when one is).',
    },
    {
      name: 'comparison-value',
      kind: 'string',
      value: '<v>',
      help: 'The comparison arm; with three or more arms, each other arm is compared with it by one joint multi-arm forest (with --treated-value too: that pair alone).',
    },
    {
      name: 'positive',
      kind: 'string',
      value: '<class>',
      help: 'Outcome class the effect is about (default: case/responder/yes/1, else the smaller).',
    },
    {
      name: 'time',
      kind: 'string',
      value: '<col>',
      help: 'Follow-up time column: effects on being event-free at --horizon (with --event instead of --target).',
    },
    {
      name: 'event',
      kind: 'string',
      value: '<col>',
      help: 'Event column of a time-to-event outcome; other values than --event-value are censored.',
    },
    {
      name: 'event-value',
      kind: 'string',
      value: '<v>',
      help: 'The --event value meaning the event happened (default: 1, dead, death, event, yes … when one is).',
    },
    {
      name: 'horizon',
      kind: 'string',
      value: '<t>',
      help: "With --time: the time (in the time column's units) at which being event-free is compared.",
    },
    {
      name: 'censoring',
      kind: 'string',
      value: '<forest|km>',
      help: 'With --time: censoring weights from a survival forest of the censoring times (default) or Kaplan–Meier per arm.',
    },
    {
      name: 'trees',
      kind: 'int',
      value: '<n>',
      help: 'Trees of the causal forest, even (default 2000).',
    },
    { name: 'seed', kind: 'int', value: '<n>', help: 'Random seed (default 1).' },
    {
      name: 'threads',
      kind: 'int',
      value: '<n>',
      help: 'Worker threads growing the trees (default: all cores); the same figures for any count.',
    },
    {
      name: 'randomised',
      kind: 'flag',
      help: 'A randomised trial: the treated share is the known chance of treatment (no propensity model).',
    },
    {
      name: 'patients',
      kind: 'string',
      value: '<PATIENTS>',
      help: "Report rows for these patients (the cohort's columns) instead of the cohort's own.",
    },
    {
      name: 'no-local-linear',
      kind: 'flag',
      help: "The causal forest's own effects, without the local linear correction (on by default).",
    },
    {
      name: 'json',
      kind: 'flag',
      help: 'Print one JSON object (ate, overlap, calibration, rate, drivers, rows).',
    },
  ],
  notes: [
    'Example: npm run --silent genoforest -- effect trial.csv --target response --treatment drug --treated-value A --json',
    '--json: ate, att, overlapWeighted { estimate, standardError, lower, upper }; overlap { min, max, warning,',
    'extremeCount, extremeShare, histogram }; calibration { mean, differential, differentialP, … }; rate { estimate,',
    'standardError, lower, upper, toc { q, estimate, standardError }, folds } or null; drivers [{ feature,',
    "importance }] (grf's variable_importance: depth-weighted split shares of the effect forest); rows [{ row,",
    'effect, standardError, lower, upper, probabilityTreated, probabilityUntreated, propensity, overlapWarning }].',
    'localLinear { column, lambda } or null (turned off, or no column the effect forest split on could be used);',
    'localLinearNote: the sentence saying which.',
    'Three or more arms: --comparison-value alone fits one joint multi-arm forest (grf multi_arm_causal_forest) and',
    'prints { method, treatment, comparison, arms: [{ arm, count, ate, overlap, calibration, rate, rows }], drivers,',
    "localLinear, … }: each arm against the comparison (calibration on that pair's patients; RATE by that arm's",
    'effect on held-out halves). With --treated-value too: that pair alone, as above.',
    "Its localLinear: { lambda, columns: [{ arm, column }] } or null: each arm's own correction column.",
    'Time to event: --time COL --event COL [--event-value V] --horizon H: effects on P(event-free at H), treated minus',
    'comparison. Status at H is known for patients with the event by H or followed to H; those censored before H',
    'are left out of the fit and the others weighted by 1/G(min(T, H)-), their estimated chance of still being',
    'followed (inverse probability of censoring weights; G from a survival forest of the censoring times with the',
    'treatment among its columns, out of bag, or --censoring km; G floored at 0.05, weights at most 20). Nuisance',
    'and causal forests, averages and checks are weighted (grf sample.weights); so are the local linear correction',
    '(forest weights times the weights) and the RATE (weighted fold fits; weighted means of the scores, as grf).',
    'Assumes censoring independent of the event given the columns and the treatment. --json adds',
    'horizon, time, censoring { model, dropped, droppedTreated, droppedComparison, known, eventFree, weightMin,',
    'weightMax, capped, floor, note }; rows cover every patient, statusKnown false for those censored before H',
    '(predicted by forests that never saw them). Example: effect lung.csv --time time --event status --horizon 365',
    '--treatment sex --treated-value 2 --json',
  ],
};

/** All commands, in the order --help lists them. */
export const commandSpecs: CommandSpec[] = [
  evaluateSpec,
  trainSpec,
  predictSpec,
  explainSpec,
  qcSpec,
  pcaSpec,
  effectSpec,
  importanceSpec,
];
