/**
 * The model card's provenance: where a model came from (trained here in GenoForest, or imported from an
 * ONNX file with its producer, version and opset), how an imported model's columns were named, which local
 * cohort it uses, and what this device checked. Markdown, with every text from a file escaped.
 */
import type { ModelInfo } from '../../worker/api';
import { escapeMarkdown } from './markdown';

const MAPPING_WORDS: Record<string, string> = {
  'preprocessing-spec': 'the GenoForest preprocessing spec stored in the file',
  'file-feature-names': 'the feature names stored in the file',
  'csv-header': 'the header of a CSV whose columns are in the model’s order',
  'column-list': 'a column list (one name per line)',
  unmapped: 'not mapped: the file names no columns (they are shown as f0, f1, …)',
};

/** Whether a model was imported rather than trained in GenoForest. */
export function isImported(model: ModelInfo): boolean {
  return model.provenance?.origin === 'imported';
}

/** The card's first line for an imported model (it has no training date or training rows). */
export function importedIntro(model: ModelInfo, generatedAt: string): string {
  const p = model.provenance;
  return `Written by GenoForest on ${generatedAt}. Model imported from ${escapeMarkdown(p?.fileName ?? 'a file')}: ${model.nTrees.toLocaleString('en-US')} trees; it was not trained here, so the training patients and their numbers are unknown.`;
}

/** The "Provenance" section of the model card. */
export function provenanceSection(model: ModelInfo): string {
  const p = model.provenance;
  if (!p || p.origin === 'genoforest') {
    const checks =
      p && p.checks.length > 0
        ? `\n\n${p.checks.map((c) => `- ${escapeMarkdown(c)}`).join('\n')}`
        : '';
    return `## Provenance\n\nTrained in GenoForest on this device (${model.nRows.toLocaleString('en-US')} patients); the data never left it.${checks}`;
  }
  const e = escapeMarkdown;
  const rows: string[][] = [
    [
      'Origin',
      `imported from ${e(p.fileName ?? 'a file')} (${p.format === 'onnx' ? 'ONNX' : e(p.format ?? 'unknown format')})`,
    ],
    ['Producer', e(`${p.producerName}${p.producerVersion ? ` ${p.producerVersion}` : ''}`)],
    ['ONNX IR version', p.irVersion === null ? 'not stated' : String(p.irVersion)],
    ['ai.onnx.ml opset', p.mlOpset === null ? 'not stated' : String(p.mlOpset)],
    ['Operator', e(p.operator ?? 'unknown')],
    [
      'Column names from',
      p.columns
        ? `${MAPPING_WORDS[p.columns.source] ?? e(p.columns.source)}${p.columns.source === 'csv-header' || p.columns.source === 'column-list' ? ` (${e(p.columns.detail)})` : ''}`
        : 'not recorded',
    ],
    [
      'Reference cohort',
      p.referenceCohort
        ? `${e(p.referenceCohort.fileName)}, ${p.referenceCohort.rows.toLocaleString('en-US')} patients: familiarity, typical values and explanation covers (path-dependent TreeSHAP) come from it`
        : 'none loaded: familiarity and explanations are not available',
    ],
  ];
  const table = [
    '| Item | Value |',
    '| --- | --- |',
    ...rows.map(([a, b]) => `| ${a} | ${b} |`),
  ].join('\n');
  const columns = p.columns
    ? `\n\nFeature order of the model: ${p.columns.names.map((n, i) => `${i}: ${e(n)}`).join('; ')}.`
    : '';
  const checks = p.checks.map((c) => `- ${e(c)}`).join('\n');
  return `## Provenance\n\n${table}${columns}\n\n### Checked on this device\n\n${checks}\n\nThe model’s performance was not evaluated here: figures from where it was trained are not in the file.`;
}
