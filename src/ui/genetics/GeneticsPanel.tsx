import type { ModelInfo } from '../../worker/api';
import { useAppState } from '../app/storeContext';
import { formatCount } from '../app/format';
import { QcPanel } from './QcPanel';
import { AncestryPanel } from './AncestryPanel';
import './genetics.css';

/** Variant QC and ancestry components, shown when the loaded cohort has genotype calls. */
export function GeneticsPanel({ disabled }: { disabled: boolean }) {
  const genotypes = useAppState((s) => s.load.table?.genotypeColumns ?? 0);
  if (genotypes === 0) return null;
  return (
    <section className="genetics" aria-label="Genotype QC and ancestry">
      <QcPanel disabled={disabled} />
      <AncestryPanel disabled={disabled} />
    </section>
  );
}

/** What the model's cohort went through before training: the QC filters' counts and the components added. */
export function GeneticsNote({ model }: { model: ModelInfo }) {
  const { qc, ancestry } = model;
  if (!qc && !ancestry) return null;
  return (
    <p className="help" role="note" aria-label="Genotype QC and ancestry of this model">
      {qc &&
        `Trained after variant QC: ${formatCount(qc.samplesKept)} of ${formatCount(qc.samplesTotal)} samples and ${formatCount(qc.variantsKept)} of ${formatCount(qc.variantsTotal)} variants kept (${qc.steps.map((s) => `${s.filter} ${s.threshold}: ${formatCount(s.removed)} ${s.unit} removed`).join(', ')}).`}
      {qc && ancestry && ' '}
      {ancestry &&
        `${ancestry.features.join(', ')} added as features: ancestry components of ${formatCount(ancestry.variants.length)} variants, computed for each new patient from the patient’s genotypes.`}
    </p>
  );
}
