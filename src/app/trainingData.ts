/**
 * Binned training data as the data worker prepares it and the training workers hold it: binning an encoded table,
 * and naming a dataset.
 */
import type { EncodedDataset } from '../engine/data/types';
import { binFeatures } from '../engine/forest/binning';
import type { BinnedData } from '../engine/forest/types';

/** 1 for each categorical feature of an encoded table (what binFeatures needs). */
export function categoricalMask(data: Pick<EncodedDataset, 'encoding'>): Uint8Array {
  return Uint8Array.from(data.encoding.features, (f) => (f.kind === 'categorical' ? 1 : 0));
}

/** The binned features of an encoded table. */
export function binTable(data: EncodedDataset): BinnedData {
  return binFeatures(data.X, data.nRows, data.nFeatures, categoricalMask(data));
}

let idCounter = 0;
/** An id for a prepared dataset that is unique across worker restarts. */
export function newDataId(): string {
  idCounter++;
  const random = Math.floor(Math.random() * 0xffffffff).toString(36);
  return `${Date.now().toString(36)}-${random}-${idCounter}`;
}
