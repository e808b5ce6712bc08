/**
 * Model-card sections about the genomic cohort and the evaluation design: how the files were joined, every
 * conversion made while reading, the positive class, the groups kept together and the spread across repeats.
 */
import type { EvaluationReport, TableSummary } from '../../worker/api';
import { reportPositive } from '../evaluate/positiveClass';
import { numberRange, percent, percentagePoints, scoreText } from '../app/format';

type Escape = (text: string) => string;

/** Files, sample join and conversions, or '' when there is nothing to say. */
export function cohortSection(t: TableSummary | null, esc: Escape): string {
  if (!t) return '';
  const lines: string[] = [];
  if (t.files && t.files.length > 0) lines.push(`- Files: ${t.files.map(esc).join(' + ')}.`);
  if (t.join) {
    const j = t.join;
    const side = (n: { count: number; examples: string[] }, where: string) =>
      `${n.count} only in the ${where}${n.count > 0 ? ` (e.g. ${n.examples.map(esc).join(', ')})` : ''}`;
    const key = (s: 'genotypeColumn' | 'clinicalColumn') =>
      j.key.family ? `${esc(j.key.family[s])} + ${esc(j.key[s])}` : esc(j.key[s]);
    // Repeated IDs (left out under a key the user chose) are counted apart from unmatched ones.
    const repeated = (n: { count: number; rows: number } | undefined, where: string) =>
      n && n.count > 0
        ? `; ${n.count} IDs repeated in the ${where} (${n.rows} rows, left out)`
        : '';
    lines.push(
      `- Joined by ${j.key.family ? 'family and sample ID' : 'sample ID'} ${key('genotypeColumn')} = ${key('clinicalColumn')}${j.key.chosen ? ' (chosen by the user)' : ''}: ${j.samplesJoined} patients joined; ${side(j.onlyInGenotypes, 'genotypes')}; ${side(j.onlyInClinical, 'clinical table')}${repeated(j.duplicateGenotypes, 'genotypes')}${repeated(j.duplicateClinical, 'clinical table')}. Unmatched patients were not used.`,
    );
  }
  for (const c of t.conversions ?? []) lines.push(`- ${esc(c.message)}`);
  return lines.length > 0 ? `## Cohort files and conversions\n\n${lines.join('\n')}` : '';
}

/** Sentences on the positive class, groups, repeats and the OOB caveat of an evaluation. */
export function evaluationDesign(ev: EvaluationReport, esc: Escape): string[] {
  const out: string[] = [];
  const positive = reportPositive(ev);
  if (positive) out.push(`Positive class: “${esc(positive)}”.`);
  for (const w of ev.warnings ?? []) out.push(esc(w));
  if (ev.groups) {
    out.push(
      `Groups kept together in cross-validation: “${esc(ev.groups.column)}” (${ev.groups.count} groups; stratified group k-fold).`,
    );
  }
  const s = ev.repeatSpread;
  if (s && ev.repeats) {
    out.push(
      `Repeated ${ev.repeats} times: ROC AUC ${scoreText(s.auc.mean)} ± ${scoreText(s.auc.sd)} (SD; range ${numberRange([s.auc.min, s.auc.max])}), accuracy ${percent(s.accuracy.mean)} ± ${percentagePoints(s.accuracy.sd, false)} (SD).`,
    );
  }
  if (ev.oobNote) out.push(esc(ev.oobNote));
  return out;
}
