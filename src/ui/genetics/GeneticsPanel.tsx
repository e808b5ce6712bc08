import { useAppState } from '../app/storeContext';
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
