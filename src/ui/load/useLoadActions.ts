/** Reading a table through the engine: from a dropped or chosen file, or the sample cohort. */
import { useCallback } from 'react';
import { errorMessage, useEngine } from '../app/engineContext';
import { useDispatch } from '../app/storeContext';
import { useCancellableRun } from '../app/useCancellableRun';
import type { LoadEvent } from './loadSlice';
import { shortName } from './shortName';

/** Files that are certainly not delimited text: say so plainly instead of parsing noise. */
const NOT_TEXT =
  /\.(xlsx|xlsm|xls|ods|numbers|zip|gz|7z|rar|pdf|docx?|pptx?|png|jpe?g|gif|parquet|sav|dta|rds)$/i;

export const SAMPLE_FILE = 'sample-cohort.csv';

/** Names the cohort loader reads although NOT_TEXT would refuse them (a bgzipped VCF). */
const GENOMIC = /\.(vcf\.gz|vcf\.bgz)$/i;

export interface LoadActions {
  loadFile: (file: Blob, fileName: string) => Promise<void>;
  /** Several files at once: genotypes (.raw, .bed+.bim+.fam, .vcf/.vcf.gz) and a clinical table. */
  loadFiles: (files: File[]) => Promise<void>;
  loadSample: () => Promise<void>;
  cancel: () => void;
}

export function useLoadActions(): LoadActions {
  const engine = useEngine();
  const dispatch = useDispatch();
  const {
    start,
    cancel: cancelRun,
    isRunning,
  } = useCancellableRun(
    'load',
    (event: LoadEvent) => ({ type: 'load/job', event }),
    (s) => s.load.runId,
  );

  const loadFile = useCallback(
    async (file: Blob, fileName: string) => {
      if (NOT_TEXT.test(fileName)) {
        dispatch({
          type: 'load/rejected',
          error: `“${fileName}” is not a CSV or TSV text file. Save it as CSV (comma-separated) or TSV from your spreadsheet program, then load that file.`,
        });
        return;
      }
      await start({ fileName }, (options) => engine.loadCsv(file, fileName, options));
    },
    [engine, dispatch, start],
  );

  const loadFiles = useCallback(
    async (files: File[]) => {
      const refused = files.find((f) => NOT_TEXT.test(f.name) && !GENOMIC.test(f.name));
      if (refused) {
        dispatch({
          type: 'load/rejected',
          error: `“${shortName(refused.name)}” is not a CSV or TSV text file. GenoForest reads CSV, TSV, TXT, PLINK .raw, .bed + .bim + .fam, VCF and VCF.GZ: save a spreadsheet as CSV (comma-separated) or TSV, then load that file.`,
        });
        return;
      }
      const fileName = files.map((f) => shortName(f.name)).join(' + ');
      await start({ fileName }, (options) => engine.loadFiles(files, options));
    },
    [engine, dispatch, start],
  );

  const loadSample = useCallback(async () => {
    let blob: Blob;
    try {
      const response = await fetch(`${import.meta.env.BASE_URL}${SAMPLE_FILE}`);
      if (!response.ok) throw new Error(`the server answered ${response.status}`);
      blob = await response.blob();
    } catch (error) {
      dispatch({
        type: 'load/rejected',
        error: `The sample cohort could not be opened (${errorMessage(error)}). Reload the page and try again, or load your own file.`,
      });
      return;
    }
    await loadFile(blob, SAMPLE_FILE);
  }, [dispatch, loadFile]);

  const cancel = useCallback(() => {
    if (isRunning()) cancelRun();
  }, [isRunning, cancelRun]);

  return { loadFile, loadFiles, loadSample, cancel };
}
