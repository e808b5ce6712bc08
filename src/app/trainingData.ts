/**
 * Binned training data as the data worker prepares it and the training workers hold it: binning an encoded table,
 * and naming a dataset.
 */
import type { EncodedCohort, EncodedDataset, RawTable } from '../engine/data/types';
import { smallNumberColumn } from '../engine/data/cells';
import type { FeatureColumns } from '../engine/forest/featureColumns';
import { binFeatures, binFeaturesSnpPacked, type CodedFeatures } from '../engine/forest/binning';
import { holdsSnpPacked, type SnpPackedBins } from '../engine/forest/packedSnp';
import type { BinnedData } from '../engine/forest/types';

/** 1 for each categorical feature of an encoded table (what binFeatures needs). */
export function categoricalMask(data: Pick<EncodedDataset, 'encoding'>): Uint8Array {
  return Uint8Array.from(data.encoding.features, (f) => (f.kind === 'categorical' ? 1 : 0));
}

/**
 * The binned features of an encoded table. With `source`, the table it was encoded from (its rowIndex indexes
 * source's rows), numeric columns held as 1-byte codes there (genotypes) are binned from those codes, as encodeTable
 * read them, instead of from data.X: the same bins. With `shared`, the bins are made in shared memory: the pool's
 * and the evaluation worker then read them in place instead of each receiving a copy (1 byte a genotype each).
 */
export function binTable(
  data: EncodedDataset | EncodedCohort,
  options: { source?: RawTable; shared?: boolean } = {},
): BinnedData {
  const { source, shared } = options;
  return binFeatures(data.X, data.nRows, data.nFeatures, categoricalMask(data), 255, {
    coded: source ? codedFeatures(data, source) : null,
    ...(shared ? { allocateBins: (n: number) => new Uint8Array(new SharedArrayBuffer(n)) } : {}),
  });
}

/**
 * The binned features of an encoded table for fits with `classWeight`: the genotype columns held only as their 2-bit
 * codes (binFeaturesSnpPacked, no byte a genotype) when every such fit grows on the packed path (holdsSnpPacked),
 * else binTable's byte bins. The same trees either way.
 */
export function binTableFor(
  data: EncodedDataset | EncodedCohort,
  classWeight: null | 'balanced',
  options: { source?: RawTable; shared?: boolean } = {},
): BinnedData | SnpPackedBins {
  const nClasses = data.encoding.classes.length;
  const { X, nRows } = data;
  if (!holdsSnpPacked({ X, nRows, nClasses, params: { classWeight } })) {
    return binTable(data, options);
  }
  // The genotype codes of the cohort are most columns' bins: read in place (the cohort is never changed once made).
  return binFeaturesSnpPacked(X as FeatureColumns, categoricalMask(data), 255, {
    inPlace: true,
    ...(options.shared
      ? { allocate: (n: number) => new Uint8Array(new SharedArrayBuffer(n)) }
      : {}),
  });
}

/** The 1-byte codes encodeTable read each numeric feature from (null for the others). */
function codedFeatures(data: EncodedDataset | EncodedCohort, source: RawTable): CodedFeatures {
  const columnOf = new Map(source.headers.map((h, i) => [h, i]));
  const rows = data.rowIndex;
  // A cohort without one source row per training row is not source's: read X.
  if (rows.length !== data.nRows) return () => null;
  return (f) => {
    const feature = data.encoding.features[f];
    const c = columnOf.get(feature.name);
    if (feature.kind !== 'numeric' || c === undefined) return null;
    const coded = smallNumberColumn(source, c);
    // Packed doses are encoded as packed columns, which binFeatures bins from their own 2-bit codes.
    return coded?.values ? { codes: coded.values, rows } : null;
  };
}
