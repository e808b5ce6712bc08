/**
 * `genoforest importance`: which variants matter — corrected impurity importance with Janitza p-values and
 * Benjamini–Hochberg q-values (src/app/variantImportance.ts), as a top table or every variant in --json.
 */
import { shortName } from '../../engine/data/values.ts';
import { binTable } from '../../app/trainingData.ts';
import {
  describeVariants,
  IMPORTANCE_MIN_TREES,
  variantImportanceReport,
  type VariantImportanceReport,
  type VariantImportanceRow,
} from '../../app/variantImportance.ts';
import { parseCommandArgs } from '../args.ts';
import { CliError } from '../errors.ts';
import type { CliIo } from '../io.ts';
import { qcFilterNote, qcFiltersFromArgs } from '../qcFilters.ts';
import { importanceSpec } from '../specs.ts';
import { joinJson, joinNote, loadTraining, paramsFromArgs } from '../training.ts';

/** Run `genoforest importance`. */
export async function runImportance(argv: string[], io: CliIo): Promise<void> {
  const args = parseCommandArgs(importanceSpec, argv);
  const [file] = args.positionals;
  const target = args.requiredString('target');
  const filters = qcFiltersFromArgs(args);
  const trees = args.int('trees', IMPORTANCE_MIN_TREES, 1);
  const seed = args.int('seed', 1, 0);
  const top = args.int('top', 20, 1);
  const loaded = await loadTraining(
    file,
    target,
    args.string('pheno'),
    args.string('pheno-key'),
    filters,
  );
  const params = {
    ...paramsFromArgs(args, loaded.data.nFeatures),
    nEstimators: trees,
    randomState: seed,
    oobScore: false,
  };
  const { variants, positions } = describeVariants(loaded.data, loaded.table.hints?.loci);
  const training = {
    id: 'cli',
    binned: binTable(loaded.data),
    y: loaded.data.y,
    nClasses: loaded.data.encoding.classes.length,
  };
  let report: VariantImportanceReport;
  try {
    report = variantImportanceReport({ training, variants, positions, params });
  } catch (error) {
    throw new CliError(`${file}: ${(error as Error).message}`);
  }
  if (args.flag('json')) {
    io.stdout(importanceJson(file, target, report, loaded));
  } else {
    io.stdout(importanceText(file, target, report, top, loaded.data.nRows));
    if (loaded.join) io.stderr(joinNote(loaded.join));
    if (loaded.qc) io.stderr(qcFilterNote(loaded.qc));
  }
  for (const w of loaded.summary.warnings) io.stderr(`genoforest: warning: ${w}\n`);
}

/** The fields of one variant in --json, in the documented order. */
function rowJson(v: VariantImportanceRow): string {
  return JSON.stringify({
    name: v.name,
    chromosome: v.chromosome,
    position: v.position,
    importance: v.importance,
    pValue: v.pValue,
    qValue: v.qValue,
    counted: v.counted,
    other: v.other,
    maf: v.maf,
  });
}

/** The --json report: the summary indented, then one line per variant (as `genoforest qc` writes them). */
function importanceJson(
  file: string,
  target: string,
  r: VariantImportanceReport,
  loaded: Awaited<ReturnType<typeof loadTraining>>,
): string {
  const head = JSON.stringify(
    {
      file,
      target,
      rows: loaded.data.nRows,
      features: r.variants.length,
      trees: r.nTrees,
      featuresPerSplit: r.featuresPerSplit,
      seed: r.seed,
      method:
        'impurity_corrected (Nembrini et al. 2018), Janitza p-values, Benjamini-Hochberg q-values',
      positions: r.positions,
      nullSize: r.nullSize,
      negativeImportances: r.negatives,
      calledAtQ05: r.variants.filter((v) => v.qValue < 0.05).length,
      seconds: r.seconds,
      notes: r.notes,
      ...(loaded.join ? joinJson(loaded.join) : {}),
      ...(loaded.qc ? { qc: loaded.qc } : {}),
    },
    null,
    2,
  );
  const rows = r.variants.map(rowJson);
  const list = `  "variants": [${rows.length === 0 ? '' : `\n    ${rows.join(',\n    ')}\n  `}]`;
  return `${head.slice(0, -2)},\n${list}\n}\n`;
}

/** A p- or q-value in a few characters; p = 0 is "below one over the null's size". */
function fmtP(p: number, nullSize: number): string {
  if (p === 0) return `<${(1 / nullSize).toPrecision(2)}`;
  return p >= 0.001 ? p.toFixed(3) : p.toExponential(1);
}

/** The text report: settings, the top table and what the figures mean. */
function importanceText(
  file: string,
  target: string,
  r: VariantImportanceReport,
  top: number,
  rows: number,
): string {
  const called = r.variants.filter((v) => v.qValue < 0.05).length;
  const lines = [
    `Which variants matter for "${shortName(target)}" in ${file}: ${r.variants.length} features, ${rows} samples, ` +
      `${r.nTrees} trees (${r.featuresPerSplit} features per split), seed ${r.seed}, ${r.seconds.toFixed(1)} s.`,
    `${called} feature${called === 1 ? '' : 's'} at q < 0.05 (Benjamini-Hochberg).`,
    '',
  ];
  const shown = r.variants.slice(0, top);
  const cells = shown.map((v, i) => [
    String(i + 1),
    shortName(v.name, 28),
    v.chromosome !== null && v.position !== null ? `${v.chromosome}:${v.position}` : '-',
    v.counted !== null ? `${v.counted}/${v.other ?? '?'}` : '-',
    v.maf !== null ? v.maf.toFixed(3) : '-',
    v.importance.toPrecision(3),
    fmtP(v.pValue, r.nullSize),
    fmtP(v.qValue, r.nullSize),
  ]);
  const head = ['rank', 'variant', 'chr:pos', 'alleles', 'MAF', 'importance', 'p', 'q'];
  const widths = head.map((h, c) => Math.max(h.length, ...cells.map((row) => row[c].length)));
  const line = (row: string[]) =>
    '  ' +
    row
      .map((x, c) => (c === 1 || c === 2 ? x.padEnd(widths[c]) : x.padStart(widths[c])))
      .join('  ');
  lines.push(line(head), ...cells.map(line), '');
  lines.push(...r.notes.map((n) => `Note: ${n}`));
  if (r.variants.length > top)
    lines.push(`--json gives all ${r.variants.length}; --top shows more.`);
  return lines.join('\n') + '\n';
}
