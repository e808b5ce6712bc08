/**
 * The description (ModelInfo) saved with a trained forest, built the same way by the app's data worker and by the
 * command-line tool.
 */
import type { EncodedDataset } from '../engine/data/types';
import type { ForestModel } from '../engine/forest/types';
import { namedImportances } from '../engine/evaluate/evaluation';
import type { ModelInfo } from './types';

/** The ModelInfo of `forest` trained on all rows of `data` in `fitSeconds` (encoding and binning included). */
export function describeModel(
  forest: ForestModel,
  data: Pick<EncodedDataset, 'encoding' | 'nRows' | 'y'>,
  fitSeconds: number,
): ModelInfo {
  const nClasses = data.encoding.classes.length;
  const classCounts = new Array<number>(nClasses).fill(0);
  for (let r = 0; r < data.nRows; r++) classCounts[data.y[r]]++;
  return {
    params: forest.params,
    encoding: data.encoding,
    nTrees: forest.trees.length,
    nRows: data.nRows,
    classCounts,
    fitSeconds,
    oobScore: forest.oobScore,
    importances: namedImportances(
      data.encoding.features.map((f) => f.name),
      forest.featureImportances,
    ),
    trainedAt: new Date().toISOString(),
    provenance: {
      origin: 'genoforest',
      fileName: null,
      format: null,
      producerName: 'GenoForest',
      producerVersion: '',
      irVersion: null,
      mlOpset: null,
      operator: null,
      checks: [
        `Trained on this device: ${forest.trees.length} trees on ${data.nRows} patients × ${data.encoding.features.length} features; the data never left it.`,
      ],
      columns: null,
      referenceCohort: null,
    },
  };
}
